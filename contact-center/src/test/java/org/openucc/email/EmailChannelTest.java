package org.openucc.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.ChannelsConfig;
import org.openucc.config.EmailConfig;
import org.openucc.config.EmailRule;
import org.openucc.crm.DemoCustomers;

/**
 * The email channel against GreenMail, a real IMAP and SMTP server in this JVM on 127.0.0.1: mail in
 * over IMAP (IDLE), routed to a ready agent, the acknowledgement and the agent's reply out over SMTP
 * with threading headers, replies joining their thread, attachments kept, HTML sanitized.
 */
@ExtendWith(VertxExtension.class)
class EmailChannelTest {
    private static final String MAILBOX = "service@openucc.test";
    private static final String CUSTOMER = DemoCustomers.VIP.email();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX, "mailbox-secret"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dataDir;

    @Test
    void mailBecomesARoutedInteractionTheAgentRepliesThreadedAndRepliesJoinTheThread(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                mailbox(), c.channels().callback())))) {
            ApiClient heidi = ApiClient.bearer(vertx, server.port(), "heidi", "heidi-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", heidi.sessionHeaders())) {
                agent.next("hello");
                agent.command(new JsonObject().put("type", "ready"));

                String first = send(CUSTOMER, "Refund for order 4711",
                        "<p>Hello, <b>please</b> refund.</p><script>steal()</script><img src=x onerror=alert(1)>",
                        null, List.of(), "invoice.pdf", "%PDF-1.4 test".getBytes(StandardCharsets.US_ASCII));

                JsonObject offer = agent.next("offer");
                String id = offer.getString("interactionId");
                JsonObject pop = offer.getJsonObject("screenPop");
                assertThat(pop.getString("channel")).isEqualTo("EMAIL");
                assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.VIP.customerId());
                assertThat(pop.getJsonObject("context").getString("email.subject")).isEqualTo("Refund for order 4711");
                agent.command(new JsonObject().put("type", "accept").put("interactionId", id));

                JsonObject inbound = messages(heidi, id).get(0);
                assertThat(inbound.getString("direction")).isEqualTo("IN");
                assertThat(inbound.getJsonObject("mail").getString("messageId")).isEqualTo(first);
                assertThat(inbound.getString("html")).contains("<b>please</b>").doesNotContain("script", "onerror", "img");
                JsonObject attachment = inbound.getJsonArray("attachments").getJsonObject(0);
                assertThat(attachment.getString("name")).isEqualTo("invoice.pdf");
                assertThat(attachment.containsKey("path")).as("where the server keeps it is not shown").isFalse();
                HttpResponse<Buffer> file = heidi.get("/api/interactions/" + id + "/attachments/"
                        + inbound.getString("id") + "/0");
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(file.bodyAsString()).isEqualTo("%PDF-1.4 test");

                // The customer got an acknowledgement with the ticket reference, threaded under their mail.
                MimeMessage ack = received(CUSTOMER, 1).get(0);
                assertThat(ack.getSubject()).isEqualTo("Re: Refund for order 4711 [#" + id + "]");
                assertThat(ack.getHeader("In-Reply-To")[0]).isEqualTo(first);
                assertThat(ack.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");

                HttpResponse<Buffer> reply = heidi.post("/api/interactions/" + id + "/reply",
                        new JsonObject().put("text", "Dear Ms Vogel,\nthe refund is on its way."));
                assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(201);
                MimeMessage answer = received(CUSTOMER, 2).get(1);
                assertThat(answer.getSubject()).isEqualTo("Re: Refund for order 4711 [#" + id + "]");
                assertThat(answer.getHeader("In-Reply-To")[0]).isEqualTo(first);
                assertThat(answer.getHeader("References")[0]).contains(first);
                assertThat(answer.getFrom()[0].toString()).isEqualTo(MAILBOX);
                assertThat(((String) answer.getContent()).replace("\r\n", "\n").strip()).isEqualTo("Dear Ms Vogel,\nthe refund is on its way.");

                // The customer answers the agent's reply: it joins the open interaction and tells the agent.
                String answerId = answer.getMessageID();
                send(CUSTOMER, "Re: " + answer.getSubject(), "<p>Thanks!</p>", answerId, List.of(first, answerId), null,
                        null);
                JsonObject news = agent.next("emailMessage");
                assertThat(news.getString("interactionId")).isEqualTo(id);
                assertThat(messages(heidi, id)).extracting(m -> m.getString("direction"))
                        .containsExactly("IN", "OUT", "OUT", "IN");

                agent.command(new JsonObject().put("type", "end").put("interactionId", id));
                agent.command(new JsonObject().put("type", "wrapUp").put("interactionId", id)
                        .put("disposition", "resolved"));
                agent.next("wrapUpEnded");

                // Later, another mail in the thread: a new interaction of the same ticket, for the same agent.
                send(CUSTOMER, "Re: Refund for order 4711 [#" + id + "]", "<p>It has not arrived.</p>", answerId,
                        List.of(first, answerId), null, null);
                JsonObject again = agent.next("offer");
                String next = again.getString("interactionId");
                assertThat(next).isNotEqualTo(id);
                assertThat(again.getJsonObject("screenPop").getJsonObject("context").getString("email.threadOf"))
                        .isEqualTo(id);
                assertThat(again.getJsonObject("screenPop").getJsonObject("context").getString("email.ticket"))
                        .isEqualTo(id);
                assertThat(received(CUSTOMER, 2)).hasSize(2); // no second acknowledgement within a thread

                HttpResponse<Buffer> history = heidi.get("/api/customers/" + DemoCustomers.VIP.customerId() + "/history");
                assertThat(history.bodyAsString()).contains(id, next);
                HttpResponse<Buffer> found = heidi.get("/api/messages?q=arrived&customerId="
                        + DemoCustomers.VIP.customerId());
                assertThat(found.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("interactionId"))
                        .isEqualTo(next);
            }
        }
    }

    @Test
    void rulesRouteNewThreadsAndTheSameMailTakenTwiceMakesOneInteraction(Vertx vertx) throws Exception {
        EmailConfig base = mailbox();
        EmailConfig ruled = new EmailConfig(true, base.address(), base.imapHost(), base.imapPort(), false, null, null,
                true, Duration.ofMillis(200), base.smtpHost(), base.smtpPort(), false, null, base.password(), "email",
                List.of(new EmailRule(null, List.of("outage"), null, "email", null, 77)), false, 100);
        try (TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                ruled, c.channels().callback())))) {
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            MimeMessage mail = mime("stranger@nowhere.example", "Network OUTAGE in Berlin", "<b>all down</b>", null,
                    List.of(), "big.bin", new byte[500]);
            mail.saveChanges();
            String messageId = mail.getMessageID();
            deliver(mail);
            deliver(mail); // the same mail again (a retrying sender): taken in once
            send("stranger@nowhere.example", "A question", "plain question", null, List.of(), null, null);

            await().atMost(Duration.ofSeconds(20)).until(() -> waiting(supervisor).size() == 2);
            List<JsonObject> waiting = waiting(supervisor);
            JsonObject outage = waiting.stream().filter(w -> w.getJsonObject("attributes").getString("email.subject")
                    .contains("OUTAGE")).findFirst().orElseThrow();
            JsonObject question = waiting.stream().filter(w -> w != outage).findFirst().orElseThrow();
            assertThat(outage.getInteger("priority")).isGreaterThanOrEqualTo(77);
            assertThat(question.getInteger("priority")).isLessThan(77);
            JsonObject kept = messages(supervisor, outage.getString("id")).get(0);
            assertThat(kept.getJsonObject("mail").getString("messageId")).isEqualTo(messageId);
            JsonObject tooLarge = kept.getJsonArray("attachments").getJsonObject(0);
            assertThat(tooLarge.getInteger("size")).isEqualTo(500);
            assertThat(tooLarge.containsKey("path")).isFalse();
            assertThat(received("stranger@nowhere.example", 0)).isEmpty(); // acknowledge: false
        }
    }

    @Test
    void aChatVisitorGetsTheTranscriptByEmailWhenTheChatEnds(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                mailbox(), c.channels().callback())))) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient visitor = ConsoleClient.connect(vertx, server.port(), "/ws/chat",
                         io.vertx.core.MultiMap.caseInsensitiveMultiMap())) {
                agent.next("hello");
                agent.command(new JsonObject().put("type", "ready"));
                visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Li Chen")
                        .put("email", "li.chen@chen-trading.example").put("topic", "support").encode());
                String chatId = visitor.next("started").getString("chatId");
                agent.next("offer");
                agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId));
                visitor.sendRaw(new JsonObject().put("type", "message").put("text", "Is my order <late>?").encode());
                agent.next("chatMessage");
                agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "It ships today."));
                visitor.next("message");
                visitor.sendRaw(new JsonObject().put("type", "transcript").encode());
                visitor.next("transcriptRequested");
                visitor.sendRaw(new JsonObject().put("type", "end").encode());
                visitor.next("ended");
                visitor.next("transcriptSent");

                MimeMessage transcript = received("li.chen@chen-trading.example", 1).get(0);
                assertThat(transcript.getSubject()).contains(chatId);
                String body = ((String) transcript.getContent()).replace("\r\n", "\n");
                assertThat(body).contains("Li Chen: Is my order <late>?").contains("Bob Chen: It ships today.");
                assertThat(transcript.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
            }
        }
    }

    private static List<JsonObject> waiting(ApiClient client) {
        HttpResponse<Buffer> r = client.get("/api/queues/email/waiting");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonArray().stream().map(o -> (JsonObject) o).toList();
    }

    private static EmailConfig mailbox() {
        return new EmailConfig(true, MAILBOX, "127.0.0.1", MAIL.getImap().getPort(), false, null, "INBOX", true,
                Duration.ofMillis(200), "127.0.0.1", MAIL.getSmtp().getPort(), false, null, "mailbox-secret", "email",
                List.of(), true, 1024 * 1024);
    }

    private static List<JsonObject> messages(ApiClient client, String interactionId) {
        HttpResponse<Buffer> r = client.get("/api/interactions/" + interactionId + "/messages");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("messages").stream().map(o -> (JsonObject) o).toList();
    }

    /** The mails GreenMail received for the address, once there are at least {@code count}. */
    private static List<MimeMessage> received(String address, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> to(address).size() >= count);
        return to(address);
    }

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Sends a mail to the mailbox through GreenMail's SMTP server; returns its Message-ID. */
    private static String send(String from, String subject, String html, String inReplyTo, List<String> references,
                               String attachmentName, byte[] attachment) throws Exception {
        MimeMessage m = mime(from, subject, html, inReplyTo, references, attachmentName, attachment);
        m.saveChanges();
        String id = m.getMessageID();
        deliver(m);
        return id;
    }

    /** Sends without Transport.send, which would save the message again and give it a new Message-ID. */
    private static void deliver(MimeMessage m) throws MessagingException {
        try (Transport t = m.getSession().getTransport("smtp")) {
            t.connect();
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    private static MimeMessage mime(String from, String subject, String html, String inReplyTo, List<String> references,
                                    String attachmentName, byte[] attachment) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(MAIL.getSmtp().getPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, MAILBOX);
        m.setSubject(subject, "UTF-8");
        MimeMultipart body = new MimeMultipart();
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=utf-8");
        body.addBodyPart(htmlPart);
        if (attachment != null) {
            MimeBodyPart file = new MimeBodyPart();
            file.setContent(attachment, "application/octet-stream");
            file.setFileName(attachmentName);
            file.setDisposition(MimeBodyPart.ATTACHMENT);
            body.addBodyPart(file);
        }
        m.setContent(body);
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
        }
        if (!references.isEmpty()) {
            m.setHeader("References", String.join(" ", references));
        }
        return m;
    }
}
