package org.openucc.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.AdditionalAnswers;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;
import org.openucc.config.EmailConfig;
import org.openucc.intake.InteractionIntake;
import org.openucc.log.LogEventType;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage;
import org.openucc.store.JdbcMessageStore;
import org.openucc.store.StoreServices;

/**
 * Mail intake survives a stop at any point between the IMAP fetch and \Seen: the watcher reads bodies
 * with PEEK and marks \Seen only after the channel stored the mail and its interaction, and the channel
 * finishes a mail it stored part-way instead of taking it twice. Against GreenMail (real IMAP) and a
 * real server's store and ACD; Mockito only injects the faults.
 */
@ExtendWith(VertxExtension.class)
class MailIntakeDurabilityTest {
    private static final String MAILBOX = "service@openucc.test";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX, "mailbox-secret"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dataDir;

    @Test
    void aMailInterruptedBetweenFetchAndStoreIsTakenExactlyOnceByTheNextWatcher(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ContactCenter cc = server.contactCenter();
            StoreServices store = cc.store();
            MessageStore real = new JdbcMessageStore(store.database());
            // Fault 1: the mail's transcript row is stored, then the process "dies" before its interaction is created.
            MessageStore faulty = mock(MessageStore.class, withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
            AtomicInteger adds = new AtomicInteger();
            doAnswer(call -> {
                TranscriptMessage stored = real.add(call.getArgument(0));
                if (adds.incrementAndGet() == 1) {
                    throw new IllegalStateException("injected: stopped after storing the mail, before its interaction");
                }
                return stored;
            }).when(faulty).add(any());
            InteractionIntake intake = new InteractionIntake(cc.routing(), store.customers(), store.interactionLog(),
                    Clock.systemUTC());
            EmailConfig config = mailbox(Duration.ofHours(1));
            EmailService service = new EmailService(config, new MailSender(config, config.password()), intake, store,
                    faulty, cc.routing(), (agent, message) -> CompletableFuture.completedFuture(null),
                    Clock.systemUTC());

            String messageId = send("anna@customers.test", "Where is my parcel?");

            // The first watcher takes the mail once (it polls once an hour) and fails part-way.
            AtomicInteger firstTries = new AtomicInteger();
            try (MailboxWatcher first = new MailboxWatcher(config, config.password(), new MailParser(1 << 20), mail -> {
                firstTries.incrementAndGet();
                service.receive(mail);
            })) {
                first.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> firstTries.get() == 1 && adds.get() == 1);
            }
            assertThat(seen()).as("the mail was read but not stored: it must stay unseen, or it is lost").isFalse();

            // Fault 2, on the restarted watcher: the mail and its interaction are committed, then the process
            // "dies" before \Seen. The watcher takes it again; the channel must not make a second interaction.
            AtomicInteger secondTries = new AtomicInteger();
            MailboxWatcher second = new MailboxWatcher(mailbox(Duration.ofMillis(100)), config.password(),
                    new MailParser(1 << 20), mail -> {
                        service.receive(mail);
                        if (secondTries.incrementAndGet() == 1) {
                            throw new IllegalStateException("injected: stopped after storing, before \\Seen");
                        }
                    });
            try (second) {
                second.start();
                await().atMost(Duration.ofSeconds(20)).until(this::seen);
            }
            assertThat(secondTries.get()).isEqualTo(2);

            TranscriptMessage kept = real.byMailId(messageId).orElseThrow();
            String id = kept.interactionId();
            assertThat(real.transcript(id)).extracting(TranscriptMessage::id).containsExactly(kept.id());
            assertThat(store.interactionLog().timeline(id)).filteredOn(e -> e.type() == LogEventType.INTERACTION_CREATED)
                    .hasSize(1);
            assertThat(store.interactionLog().timeline(id)).filteredOn(e -> e.type() == LogEventType.MESSAGE_RECEIVED)
                    .hasSize(1);
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            HttpResponse<Buffer> waiting = supervisor.get("/api/queues/email/waiting");
            assertThat(waiting.statusCode()).as(waiting.bodyAsString()).isEqualTo(200);
            assertThat(waiting.bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getString("id")).toList())
                    .containsExactly(id);
        }
    }

    private boolean seen() throws Exception {
        var user = MAIL.getUserManager().getUser(MAILBOX);
        List<StoredMessage> all = MAIL.getManagers().getImapHostManager().getInbox(user).getMessages();
        assertThat(all).hasSize(1);
        return all.get(0).isSet(Flags.Flag.SEEN);
    }

    private static EmailConfig mailbox(Duration poll) {
        return new EmailConfig(true, MAILBOX, "127.0.0.1", MAIL.getImap().getPort(), false, null, "INBOX", false, poll,
                "127.0.0.1", MAIL.getSmtp().getPort(), false, null, "mailbox-secret", "email", List.of(), false,
                1024 * 1024);
    }

    private static String send(String from, String subject) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(MAIL.getSmtp().getPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, MAILBOX);
        m.setSubject(subject, "UTF-8");
        m.setText("Hello, it did not arrive.", "UTF-8");
        m.saveChanges();
        try (Transport t = m.getSession().getTransport("smtp")) {
            t.connect();
            t.sendMessage(m, m.getAllRecipients());
        }
        return m.getMessageID();
    }
}
