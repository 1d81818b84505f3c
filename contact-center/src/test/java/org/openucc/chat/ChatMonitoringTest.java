package org.openucc.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.ChannelsConfig;
import org.openucc.config.EmailConfig;

/**
 * Supervisors on chats over real WebSockets against a started server: the visitor on /ws/chat (the
 * widget's protocol), the agent on /ws/agent, the supervisor on /ws/supervisor. Live transcript,
 * whispers the agent sees and the visitor never does (not live, not on resume, not in the mailed
 * transcript), joining, the role and limits, and the monitoring sessions in the interaction log.
 */
@ExtendWith(VertxExtension.class)
class ChatMonitoringTest {
    private static final String MAILBOX = "service@openucc.test";
    private static final String WHISPER = "Offer her the 10 % voucher (secret-whisper-7781)";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX, "mailbox-secret"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dataDir;

    @Test
    void supervisorWatchesLiveWhispersToTheAgentOnlyJoinsAndEverySessionIsLogged(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                mailbox(), c.channels().callback())))) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient sup = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient supervisor = ConsoleClient.connect(vertx, server.port(), "/ws/supervisor",
                         sup.sessionHeaders());
                 ConsoleClient visitor = visitor(vertx, server)) {
                agent.next("hello");
                supervisor.next("snapshot");
                agent.command(new JsonObject().put("type", "ready"));
                visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Li Chen")
                        .put("email", "li.chen@chen-trading.example").put("topic", "support").encode());
                String chatId = visitor.next("started").getString("chatId");
                agent.next("offer");
                agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId));
                visitor.next("agentJoined");
                visitor.sendRaw(line("Is my order late?"));
                agent.next("chatMessage");

                // The list of open chats names the agent; the supervisor opens the chat: transcript so far.
                JsonObject list = supervisor.command(new JsonObject().put("type", "chatList"));
                assertThat(list.getString("type")).as(list.encode()).isEqualTo("ack");
                JsonObject listed = list.getJsonObject("result").getJsonArray("chats").stream().map(o -> (JsonObject) o)
                        .filter(c -> chatId.equals(c.getString("interactionId"))).findFirst().orElseThrow();
                assertThat(listed.getString("agentId")).isEqualTo("bob");
                assertThat(listed.getString("state")).isEqualTo("CONNECTED");

                JsonObject opened = supervisor.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
                assertThat(opened.getString("type")).as(opened.encode()).isEqualTo("ack");
                assertThat(opened.getJsonObject("result").getString("mode")).isEqualTo("VIEW");
                JsonObject started = supervisor.next("chatMonitorStarted");
                assertThat(started.getString("agentId")).isEqualTo("bob");
                assertThat(started.getString("visitorName")).isEqualTo("Li Chen");
                assertThat(texts(started.getJsonArray("messages"))).containsExactly("Is my order late?");

                // Every new line, from either side, reaches the supervisor live.
                agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "Let me look it up."));
                visitor.next("message");
                JsonObject agentCopy = supervisor.next("chatMonitorMessage");
                assertThat(agentCopy.getString("from")).isEqualTo("agent");
                assertThat(agentCopy.getString("text")).isEqualTo("Let me look it up.");
                visitor.sendRaw(line("Order 4711."));
                JsonObject visitorCopy = supervisor.next("chatMonitorMessage");
                assertThat(visitorCopy.getString("from")).isEqualTo("visitor");
                assertThat(visitorCopy.getString("text")).isEqualTo("Order 4711.");
                agent.next("chatMessage");

                // The whisper: the agent sees it marked as the supervisor's and internal; the session becomes WHISPER.
                JsonObject whispered = supervisor.command(new JsonObject().put("type", "chatWhisper")
                        .put("interactionId", chatId).put("text", WHISPER));
                assertThat(whispered.getString("type")).as(whispered.encode()).isEqualTo("ack");
                assertThat(whispered.getJsonObject("result").getBoolean("internal")).isTrue();
                JsonObject atAgent = agent.next("chatMessage");
                assertThat(atAgent.getString("text")).isEqualTo(WHISPER);
                assertThat(atAgent.getString("from")).isEqualTo("supervisor");
                assertThat(atAgent.getBoolean("internal")).isTrue();
                assertThat(atAgent.getString("name")).isEqualTo("supervisor");
                assertThat(supervisor.next("chatMonitorState").getString("mode")).isEqualTo("WHISPER");
                assertThat(supervisor.next("chatMonitorMessage").getBoolean("internal")).isTrue();

                // A later line is the marker: the visitor got it and nothing of the whisper before it.
                agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "marker-after-whisper"));
                visitor.next(m -> "message".equals(m.getString("type"))
                        && "marker-after-whisper".equals(m.getString("text")), "the marker line");
                assertThat(visitor.received()).noneMatch(m -> m.encode().contains("secret-whisper-7781"));

                // Nor after a reload (resume sends the transcript again).
                String token = visitor.received().stream().filter(m -> "started".equals(m.getString("type")))
                        .findFirst().orElseThrow().getString("resumeToken");
                try (ConsoleClient reloaded = visitor(vertx, server)) {
                    reloaded.sendRaw(new JsonObject().put("type", "resume").put("resumeToken", token).encode());
                    JsonObject resumed = reloaded.next("resumed");
                    assertThat(texts(resumed.getJsonArray("messages"))).contains("marker-after-whisper")
                            .doesNotContain(WHISPER);
                    assertThat(resumed.encode()).doesNotContain("secret-whisper-7781");
                }

                // The stored transcript keeps it, marked internal and the supervisor's.
                JsonObject stored = messages(bob, chatId).stream().filter(m -> WHISPER.equals(m.getString("body")))
                        .findFirst().orElseThrow();
                assertThat(stored.getBoolean("internal")).isTrue();
                assertThat(stored.getBoolean("fromSupervisor")).isTrue();
                assertThat(stored.getString("author")).isEqualTo("supervisor");

                // Saying something before joining is refused; joining shows the visitor who joined.
                JsonObject early = supervisor.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "hello?"));
                assertThat(early.getInteger("status")).as(early.encode()).isEqualTo(409);
                JsonObject join = supervisor.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId)
                        .put("mode", "JOIN"));
                assertThat(join.getJsonObject("result").getString("mode")).as(join.encode()).isEqualTo("JOIN");
                JsonObject joinedLine = visitor.next("message");
                assertThat(joinedLine.getString("from")).isEqualTo("system");
                assertThat(joinedLine.getString("text")).isEqualTo("supervisor joined the chat");
                assertThat(agent.next("chatSupervisorJoined").getString("supervisor")).isEqualTo("supervisor");
                JsonObject said = supervisor.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "Hello, I am the team lead."));
                assertThat(said.getString("type")).as(said.encode()).isEqualTo("ack");
                JsonObject supLine = visitor.next("message");
                assertThat(supLine.getString("text")).isEqualTo("Hello, I am the team lead.");
                assertThat(supLine.getString("from")).isEqualTo("supervisor");
                assertThat(supLine.getString("name")).isEqualTo("supervisor");
                assertThat(agent.next(m -> "chatMessage".equals(m.getString("type"))
                        && "Hello, I am the team lead.".equals(m.getString("text")), "the supervisor's line").getString("from"))
                        .isEqualTo("supervisor");

                // Leaving ends the session: the visitor sees it.
                JsonObject stop = supervisor.command(new JsonObject().put("type", "chatMonitorStop").put("interactionId", chatId));
                assertThat(stop.getString("type")).as(stop.encode()).isEqualTo("ack");
                assertThat(visitor.next("message").getString("text")).isEqualTo("supervisor left the chat");
                assertThat(supervisor.next("chatMonitorEnded").getString("reason")).isEqualTo("stopped by the supervisor");
                agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId).put("text", "after-stop"));
                visitor.next(m -> "after-stop".equals(m.getString("text")), "the agent's line after the stop");

                // A second session (VIEW) ends with the chat; the visitor asks for the transcript by email.
                supervisor.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
                supervisor.next("chatMonitorStarted");
                visitor.sendRaw(new JsonObject().put("type", "transcript").encode());
                visitor.next("transcriptRequested");
                visitor.sendRaw(new JsonObject().put("type", "end").encode());
                visitor.next("ended");
                assertThat(supervisor.next("chatMonitorEnded").getString("reason")).startsWith("chat ended");
                visitor.next("transcriptSent");

                MimeMessage mail = received("li.chen@chen-trading.example");
                String body = ((String) mail.getContent()).replace("\r\n", "\n");
                assertThat(body).contains("Li Chen: Is my order late?").contains("marker-after-whisper")
                        .contains("supervisor: Hello, I am the team lead.").doesNotContain("secret-whisper-7781");

                // The log: who, whom, when, mode, for each session; the whisper as an internal chat line.
                List<JsonObject> timeline = timeline(sup, chatId);
                List<JsonObject> monitoring = timeline.stream().filter(e -> e.getString("type").startsWith("MONITOR_"))
                        .toList();
                assertThat(monitoring.stream().map(e -> e.getString("type") + " " + e.getJsonObject("details")
                        .getString("mode"))).containsExactly("MONITOR_STARTED VIEW", "MONITOR_MODE_CHANGED WHISPER",
                        "MONITOR_MODE_CHANGED JOIN", "MONITOR_ENDED JOIN", "MONITOR_STARTED VIEW", "MONITOR_ENDED VIEW");
                for (JsonObject e : monitoring) {
                    assertThat(e.getJsonObject("details").getString("supervisor")).isEqualTo("supervisor");
                    assertThat(e.getJsonObject("details").getString("agent")).isEqualTo("bob");
                    assertThat(e.getString("actor")).isEqualTo("supervisor");
                    assertThat(e.getString("at")).isNotBlank();
                }
                assertThat(timeline.stream().filter(e -> "MESSAGE_SENT".equals(e.getString("type"))
                        && Boolean.TRUE.equals(e.getJsonObject("details").getBoolean("internal")))).hasSize(1);
            }
        }
    }

    @Test
    void agentsAreRefusedOnEveryDoorAndASupervisorHasALimit(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(
                c.channels().chat().withMaxMonitoredChatsPerSupervisor(1), c.channels().email(), c.channels().callback())))) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient sup = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient supervisor = ConsoleClient.connect(vertx, server.port(), "/ws/supervisor",
                         sup.sessionHeaders());
                 ConsoleClient first = visitor(vertx, server);
                 ConsoleClient second = visitor(vertx, server)) {
                agent.next("hello");
                first.sendRaw(new JsonObject().put("type", "start").put("name", "Ann").put("topic", "support").encode());
                String a = first.next("started").getString("chatId");
                second.sendRaw(new JsonObject().put("type", "start").put("name", "Ben").put("topic", "support").encode());
                String b = second.next("started").getString("chatId");

                // An agent cannot open the supervisor stream, and gets a clear 403 on theirs.
                Throwable handshake = ConsoleClient.refused(vertx, server.port(), "/ws/supervisor", bob.sessionHeaders());
                assertThat(handshake).isInstanceOf(io.vertx.core.http.UpgradeRejectedException.class);
                assertThat(((io.vertx.core.http.UpgradeRejectedException) handshake).getStatus()).isEqualTo(403);
                for (String type : List.of("chatMonitor", "chatWhisper", "chatList", "chatMonitorStop")) {
                    JsonObject refused = agent.command(new JsonObject().put("type", type).put("interactionId", a)
                            .put("text", "x"));
                    assertThat(refused.getInteger("status")).as(refused.encode()).isEqualTo(403);
                    assertThat(refused.getString("message")).contains("SUPERVISOR");
                }

                // No agent yet: VIEW works, a whisper or a join does not.
                JsonObject view = supervisor.command(new JsonObject().put("type", "chatMonitor").put("interactionId", a));
                assertThat(view.getString("type")).as(view.encode()).isEqualTo("ack");
                assertThat(supervisor.next("chatMonitorStarted").containsKey("agentId")).isFalse();
                JsonObject whisper = supervisor.command(new JsonObject().put("type", "chatWhisper").put("interactionId", a)
                        .put("text", "hi"));
                assertThat(whisper.getInteger("status")).as(whisper.encode()).isEqualTo(409);

                // One chat at most for this supervisor here: the second is refused with 429.
                JsonObject over = supervisor.command(new JsonObject().put("type", "chatMonitor").put("interactionId", b));
                assertThat(over.getInteger("status")).as(over.encode()).isEqualTo(429);
                assertThat(over.getString("message")).contains("at most 1");

                // Bad input: unknown chat, bad mode, a line too long.
                assertThat(supervisor.command(new JsonObject().put("type", "chatMonitor").put("interactionId", "nope"))
                        .getInteger("status")).isEqualTo(404);
                JsonObject badMode = supervisor.command(new JsonObject().put("type", "chatMonitor").put("interactionId", a)
                        .put("mode", "LISTEN"));
                assertThat(badMode.getInteger("status")).isEqualTo(400);
                assertThat(badMode.encode()).contains("mode").contains("JOIN");

                // Whisper lines have the chat's size limit.
                agent.command(new JsonObject().put("type", "ready"));
                agent.next("offer");
                agent.command(new JsonObject().put("type", "accept").put("interactionId", a));
                await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.received().stream()
                        .anyMatch(m -> "chatMonitorState".equals(m.getString("type")) && "bob".equals(m.getString("agentId"))));
                JsonObject tooLong = supervisor.command(new JsonObject().put("type", "chatWhisper").put("interactionId", a)
                        .put("text", "x".repeat(2001)));
                assertThat(tooLong.getInteger("status")).as(tooLong.encode()).isEqualTo(400);

                // Closing the console ends its session, logged.
                supervisor.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> timeline(sup, a).stream()
                        .anyMatch(e -> "MONITOR_ENDED".equals(e.getString("type"))));
                JsonObject ended = timeline(sup, a).stream().filter(e -> "MONITOR_ENDED".equals(e.getString("type")))
                        .findFirst().orElseThrow();
                assertThat(ended.getJsonObject("details").getString("reason")).isEqualTo("console closed");
                assertThat(ended.getJsonObject("details").getString("mode")).isEqualTo("VIEW");

                // REST: an agent's line into a chat they do not hold is refused as before.
                HttpResponse<Buffer> notTheirs = ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo")
                        .post("/api/interactions/" + a + "/messages", new JsonObject().put("text", "hi"));
                assertThat(notTheirs.statusCode()).isEqualTo(403);
            }
        }
    }

    @Test
    void aSessionOpenWhenTheServerStopsIsLoggedAsEnded(Vertx vertx) throws Exception {
        String chatId;
        TestServer server = TestServer.start(dataDir);
        ApiClient sup = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        try (ConsoleClient supervisor = ConsoleClient.connect(vertx, server.port(), "/ws/supervisor",
                sup.sessionHeaders());
             ConsoleClient visitor = visitor(vertx, server)) {
            visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Ann").put("topic", "support").encode());
            chatId = visitor.next("started").getString("chatId");
            JsonObject view = supervisor.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
            assertThat(view.getString("type")).as(view.encode()).isEqualTo("ack");
            supervisor.next("chatMonitorStarted");
            server.close(); // with the console still open
        }
        // The server closes the console's socket, then stops the chat channel: the session is ended in the log, once.
        try (TestServer again = TestServer.start(dataDir)) {
            ApiClient after = ApiClient.bearer(vertx, again.port(), "supervisor", "supervisor-demo");
            List<JsonObject> monitoring = timeline(after, chatId).stream()
                    .filter(e -> e.getString("type").startsWith("MONITOR_")).toList();
            assertThat(monitoring).extracting(e -> e.getString("type")).containsExactly("MONITOR_STARTED", "MONITOR_ENDED");
            assertThat(monitoring.get(1).getJsonObject("details").getString("reason"))
                    .isIn("console closed", "server stopping");
        }
    }

    private static List<String> texts(JsonArray messages) {
        return messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
    }

    private static String line(String text) {
        return new JsonObject().put("type", "message").put("text", text).encode();
    }

    private static List<JsonObject> messages(ApiClient client, String interactionId) {
        HttpResponse<Buffer> r = client.get("/api/interactions/" + interactionId + "/messages");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("messages").stream().map(o -> (JsonObject) o).toList();
    }

    private static List<JsonObject> timeline(ApiClient client, String interactionId) {
        HttpResponse<Buffer> r = client.get("/api/interactions/" + interactionId);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("timeline").stream().map(o -> (JsonObject) o).toList();
    }

    private static EmailConfig mailbox() {
        return new EmailConfig(true, MAILBOX, "127.0.0.1", MAIL.getImap().getPort(), false, null, "INBOX", true,
                Duration.ofMillis(200), "127.0.0.1", MAIL.getSmtp().getPort(), false, null, "mailbox-secret", "email",
                List.of(), true, 1024 * 1024);
    }

    private static MimeMessage received(String address) {
        await().atMost(Duration.ofSeconds(20)).until(() -> to(address).findAny().isPresent());
        return to(address).findFirst().orElseThrow();
    }

    private static Stream<MimeMessage> to(String address) {
        return java.util.Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(x -> x.toString().equalsIgnoreCase(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static ConsoleClient visitor(Vertx vertx, TestServer server) {
        return ConsoleClient.connect(vertx, server.port(), "/ws/chat", MultiMap.caseInsensitiveMultiMap());
    }
}
