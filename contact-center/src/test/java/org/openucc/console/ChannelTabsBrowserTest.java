package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.ChannelsConfig;
import org.openucc.config.EmailConfig;
import org.openucc.crm.DemoCustomers;

/**
 * The chat and email work areas of the agent console in a real headless Chromium against the whole
 * server: a visitor on /ws/chat (the widget's protocol) chats with the demo chat agent, who accepts in
 * the page, reads the visitor's line as text, sees them typing, inserts a canned answer and replies
 * from the send box with Enter; a customer's mail reaches the demo email agent, who reads it as text
 * and answers from the reply box, and the answer lands in the customer's GreenMail mailbox.
 */
@ExtendWith(VertxExtension.class)
class ChannelTabsBrowserTest {
    private static final String MAILBOX = "service@openucc.test";
    private static final String CUSTOMER = DemoCustomers.VIP.email();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX, "mailbox-secret"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dataDir;

    @Test
    void agentAcceptsAChatInThePageReadsTheVisitorAsTextAndRepliesWithEnter(Vertx vertx) throws Exception {
        String visitorText = "Where is my <b>parcel</b>? <script>window.pwned=1</script>\nOrder 4711";
        try (TestServer server = TestServer.start(dataDir);
             Browser agent = Browser.open(server.port());
             ConsoleClient visitor = ConsoleClient.connect(vertx, server.port(), "/ws/chat", MultiMap.caseInsensitiveMultiMap())) {
            agent.logIn("bob", "bob-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.click("#btn-ready");
            agent.waitForAttribute("#agent-state", "data-state", "READY");

            visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Hannah Vogel")
                    .put("email", DemoCustomers.VIP.email()).put("topic", "support").encode());
            String chatId = visitor.next("started").getString("chatId");

            agent.waitForAttribute("#offer", "data-interaction-id", chatId);
            agent.waitForText("#offer-title", "CHAT");
            agent.click("#btn-accept");
            assertThat(visitor.next("agentJoined").getString("agentName")).isEqualTo("Bob Chen");
            agent.waitForVisible("#chat-area", true);
            agent.waitForAttribute("#interaction-state", "data-state", "CONNECTED");
            assertThat(agent.isVisible("#email-area")).isFalse();

            // The visitor types, then writes markup: the page shows "typing…" and then the line, as text.
            visitor.sendRaw(new JsonObject().put("type", "typing").put("typing", true).encode());
            agent.waitForVisible("#chat-typing", true);
            visitor.sendRaw(new JsonObject().put("type", "message").put("text", visitorText).encode());
            agent.waitForText("#chat-transcript li[data-from=visitor] .chat-text", "Where is my <b>parcel</b>? <script>");
            agent.waitForVisible("#chat-typing", false);
            assertThat(agent.count("#chat-transcript b")).isZero();
            assertThat(agent.count("#chat-transcript script")).isZero();
            assertThat(agent.script("return window.pwned === undefined")).isEqualTo(true);
            assertThat(agent.text("#chat-transcript li[data-from=visitor] .chat-who")).contains("Hannah Vogel");
            // The page told the server the agent read it.
            assertThat(visitor.next(m -> "receipt".equals(m.getString("type")) && "read".equals(m.getString("status")),
                    "read receipt").getString("messageId")).isNotBlank();

            // A canned answer from the knowledge base goes into the send box.
            agent.find("#canned-search").sendKeys("hours");
            agent.until(d -> "Business hours".equals(agent.script(
                    "const s = document.querySelector('#canned-select'); return s.options.length === 1 ? s.selectedOptions[0].text : null"))
                    ? true : null, "the search to leave only the canned answer on business hours");
            agent.click("#btn-canned-insert");
            assertThat(agent.script("return document.querySelector('#chat-input').value")).asString()
                    .startsWith("Monday to Friday 08:00-20:00");
            agent.script("document.querySelector('#chat-input').value = ''");

            // Typing in the box shows the visitor "typing…"; Enter sends the line.
            agent.find("#chat-input").sendKeys("Hello Hannah, let me check 4711.");
            assertThat(visitor.next("typing").getBoolean("typing")).isTrue();
            agent.find("#chat-input").sendKeys(Keys.ENTER);
            JsonObject received = visitor.next("message");
            assertThat(received.getString("text")).isEqualTo("Hello Hannah, let me check 4711.");
            assertThat(received.getString("name")).isEqualTo("Bob Chen");
            agent.waitForText("#chat-transcript li[data-from=agent] .chat-text", "Hello Hannah, let me check 4711.");
            assertThat(agent.script("return document.querySelector('#chat-input').value")).isEqualTo("");

            // The visitor's page reads it: the agent's line says so.
            visitor.sendRaw(new JsonObject().put("type", "read").put("messageId", received.getString("messageId")).encode());
            agent.waitForAttribute("#chat-transcript li[data-from=agent] .chat-receipt", "data-status", "read");

            // A network blip: the line the visitor writes meanwhile shows once, and nothing is doubled.
            agent.script("window.openuccAgentSocket.drop()");
            visitor.sendRaw(new JsonObject().put("type", "message").put("text", "Are you still there?").encode());
            agent.waitForAttribute("#conn-status", "data-connects", "2");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.waitForText("#chat-transcript li[data-from=visitor] .chat-text", "Are you still there?");
            agent.until(d -> agent.count("#chat-transcript li") == 3 ? true : null, "three lines, none doubled");
            assertThat(agent.text("#tabs")).contains(DemoCustomers.VIP.name());

            // After a reload the transcript comes back from the server.
            agent.go("/agent.html");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.waitForText("#chat-transcript li[data-from=visitor] .chat-text", "Order 4711");
            agent.waitForText("#chat-transcript li[data-from=agent] .chat-text", "Hello Hannah, let me check 4711.");
            assertThat(agent.consoleErrors()).isEmpty();
        }
    }

    @Test
    void agentReadsACustomersMailAsTextAndTheReplyFromThePageReachesTheirMailbox() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                mailbox(), c.channels().callback())));
             Browser agent = Browser.open(server.port())) {
            agent.logIn("heidi", "heidi-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.click("#btn-ready");
            agent.waitForAttribute("#agent-state", "data-state", "READY");

            String first = mail("Refund for order 4711", "Hello,\n<b>please</b> refund order 4711.\n<script>x()</script>", null);

            agent.waitForText("#offer-title", "EMAIL");
            agent.click("#btn-accept");
            agent.waitForVisible("#email-area", true);
            assertThat(agent.isVisible("#chat-area")).isFalse();
            agent.waitForText("#email-thread li[data-direction=IN] .email-subject", "Refund for order 4711");
            agent.waitForText("#email-thread li[data-direction=IN] .email-body", "<b>please</b> refund order 4711.");
            assertThat(agent.count("#email-thread b")).isZero();
            assertThat(agent.count("#email-thread script")).isZero();
            assertThat(agent.text("#email-thread li[data-direction=IN]")).contains(CUSTOMER);
            received(1); // the automatic acknowledgement

            // A canned answer, then the agent's own words, sent from the reply box.
            agent.find("#canned-search").sendKeys("refund");
            agent.until(d -> "Refund for a delayed shipment".equals(agent.script(
                    "const s = document.querySelector('#canned-select'); return s.selectedOptions[0]?.text"))
                    ? true : null, "the refund answer");
            agent.find("#email-reply").sendKeys("Dear Ms Vogel,\n");
            agent.click("#btn-canned-insert");
            agent.click("#btn-email-reply");
            agent.waitForText("#messages", "Reply sent.");
            MimeMessage answer = received(2).get(1);
            assertThat(answer.getSubject()).contains("Refund for order 4711");
            assertThat(answer.getHeader("In-Reply-To")[0]).isEqualTo(first);
            assertThat(((String) answer.getContent()).replace("\r\n", "\n"))
                    .startsWith("Dear Ms Vogel,\nApologise for the delay.");
            agent.waitForText("#email-thread li[data-direction=OUT] .email-body", "Apologise for the delay.");
            assertThat(agent.script("return document.querySelector('#email-reply').value")).isEqualTo("");

            // The customer answers in the thread while the agent holds it: the page says so and shows it.
            mail("Re: " + answer.getSubject(), "Thanks, <i>received</i>!", answer.getMessageID());
            agent.waitForText("#messages", "New mail from");
            agent.waitForText("#email-thread li[data-direction=IN] .email-body", "Thanks, <i>received</i>!");
            assertThat(agent.count("#email-thread i")).isZero();
            assertThat(agent.consoleErrors()).isEmpty();
        }
    }

    private static EmailConfig mailbox() {
        return new EmailConfig(true, MAILBOX, "127.0.0.1", MAIL.getImap().getPort(), false, null, "INBOX", true,
                Duration.ofMillis(200), "127.0.0.1", MAIL.getSmtp().getPort(), false, null, "mailbox-secret", "email",
                List.of(), true, 1024 * 1024);
    }

    /** The mails GreenMail received for the customer, once there are at least {@code count}. */
    private static List<MimeMessage> received(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> toCustomer().size() >= count);
        return toCustomer();
    }

    private static List<MimeMessage> toCustomer() {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(CUSTOMER));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** A plain-text mail from the customer to the mailbox over GreenMail's SMTP; returns its Message-ID. */
    private static String mail(String subject, String text, String inReplyTo) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(MAIL.getSmtp().getPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(CUSTOMER));
        m.setRecipients(Message.RecipientType.TO, MAILBOX);
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo); // RFC 5322 §3.6.4
            m.setHeader("References", inReplyTo);
        }
        m.saveChanges();
        String id = m.getMessageID();
        try (Transport t = m.getSession().getTransport("smtp")) {
            t.connect();
            t.sendMessage(m, m.getAllRecipients());
        }
        return id;
    }
}
