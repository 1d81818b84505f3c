package org.openucc.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.crm.DemoCustomers;
import org.openucc.http.chat.ChatRoutes;

/**
 * The web chat over real WebSockets: a visitor with the widget's protocol on /ws/chat, an agent on
 * /ws/agent, the REST API; the demo configuration's chat queue and agents.
 */
@ExtendWith(VertxExtension.class)
class ChatChannelTest {
    @TempDir
    Path dataDir;

    @Test
    void visitorChatsWithAnAgentWhoSeesTheirPagesAndCrmRecordAndTheTranscriptIsKept(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient visitor = visitor(vertx, server)) {
                agent.next("hello");
                assertThat(agent.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");

                visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Hannah Vogel")
                        .put("email", DemoCustomers.VIP.email()).put("topic", "support")
                        .put("pages", new JsonArray().add("https://shop.example/").add("https://shop.example/tracking"))
                        .put("currentPage", "https://shop.example/help").encode());
                JsonObject started = visitor.next("started");
                String chatId = started.getString("chatId");
                String token = started.getString("resumeToken");
                assertThat(token).hasSizeGreaterThan(20);

                JsonObject offer = agent.next("offer");
                assertThat(offer.getString("interactionId")).isEqualTo(chatId);
                JsonObject pop = offer.getJsonObject("screenPop");
                assertThat(pop.getString("channel")).isEqualTo("CHAT");
                assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.VIP.customerId());
                assertThat(pop.getJsonObject("context").getString("web.currentPage")).isEqualTo("https://shop.example/help");
                assertThat(pop.getJsonObject("context").getString("web.pages"))
                        .isEqualTo("https://shop.example/\nhttps://shop.example/tracking");
                assertThat(agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId))
                        .getString("type")).isEqualTo("ack");

                assertThat(visitor.next("agentJoined").getString("agentName")).isEqualTo("Bob Chen");
                assertThat(agent.next("chatTranscript").getString("visitorName")).isEqualTo("Hannah Vogel");

                // Visitor -> agent, verbatim, with sent and delivered receipts.
                String text = "Where is my <b>parcel</b>? <script>alert(1)</script>";
                visitor.sendRaw(new JsonObject().put("type", "message").put("clientId", "c1").put("text", text).encode());
                JsonObject sent = visitor.next(m -> "receipt".equals(m.getString("type")) && "sent".equals(m.getString("status")), "sent receipt");
                assertThat(sent.getString("clientId")).isEqualTo("c1");
                String visitorLine = sent.getString("messageId");
                JsonObject line = agent.next("chatMessage");
                assertThat(line.getString("text")).isEqualTo(text);
                assertThat(line.getString("from")).isEqualTo("visitor");
                assertThat(line.getString("messageId")).isEqualTo(visitorLine);
                visitor.next(m -> "receipt".equals(m.getString("type")) && "delivered".equals(m.getString("status")), "delivered receipt");

                // Agent -> visitor: typing, the line, read receipts both ways.
                agent.command(new JsonObject().put("type", "chatTyping").put("interactionId", chatId).put("typing", true));
                assertThat(visitor.next("typing").getBoolean("typing")).isTrue();
                JsonObject ack = agent.command(new JsonObject().put("type", "chatRead").put("interactionId", chatId)
                        .put("messageId", visitorLine));
                assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
                assertThat(visitor.next("receipt").getString("status")).isEqualTo("read");
                JsonObject sendAck = agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "Hello Hannah, let me check."));
                assertThat(sendAck.getString("type")).as(sendAck.encode()).isEqualTo("ack");
                String agentLine = sendAck.getJsonObject("result").getString("messageId");
                JsonObject received = visitor.next("message");
                assertThat(received.getString("text")).isEqualTo("Hello Hannah, let me check.");
                assertThat(received.getString("name")).isEqualTo("Bob Chen");
                assertThat(agent.next("chatReceipt").getString("status")).isEqualTo("delivered");
                visitor.sendRaw(new JsonObject().put("type", "read").put("messageId", agentLine).encode());
                JsonObject read = agent.next("chatReceipt");
                assertThat(read.getString("status")).isEqualTo("read");
                assertThat(read.getString("messageId")).isEqualTo(agentLine);

                // The page reloads: the socket closes, a new one resumes with the token and loses nothing.
                visitor.close();
                assertThat(agent.next("chatVisitorLeft").getString("interactionId")).isEqualTo(chatId);
                try (ConsoleClient again = visitor(vertx, server)) {
                    again.sendRaw(new JsonObject().put("type", "resume").put("resumeToken", token).encode());
                    JsonObject resumed = again.next("resumed");
                    assertThat(resumed.getString("chatId")).isEqualTo(chatId);
                    assertThat(resumed.getString("state")).isEqualTo("CONNECTED");
                    assertThat(resumed.getString("agentName")).isEqualTo("Bob Chen");
                    assertThat(resumed.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")))
                            .containsExactly(text, "Hello Hannah, let me check.");
                    agent.next("chatVisitorBack");

                    // The agent may also write over REST.
                    HttpResponse<Buffer> posted = bob.post("/api/interactions/" + chatId + "/messages",
                            new JsonObject().put("text", "Found it: it arrives tomorrow."));
                    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(201);
                    assertThat(again.next("message").getString("text")).isEqualTo("Found it: it arrives tomorrow.");

                    // The agent ends; the visitor rates once.
                    agent.command(new JsonObject().put("type", "end").put("interactionId", chatId));
                    JsonObject ended = again.next("ended");
                    assertThat(ended.getString("by")).isEqualTo("agent");
                    assertThat(ended.getBoolean("agentTookPart")).isTrue();
                    again.sendRaw(new JsonObject().put("type", "rate").put("score", 5).put("comment", "quick!").encode());
                    again.next("rated");
                    again.sendRaw(new JsonObject().put("type", "rate").put("score", 1).put("id", "r2").encode());
                    JsonObject twice = again.next("error");
                    assertThat(twice.getInteger("status")).isEqualTo(409);
                    assertThat(twice.getString("id")).isEqualTo("r2");
                }

                HttpResponse<Buffer> transcript = bob.get("/api/interactions/" + chatId + "/messages");
                assertThat(transcript.statusCode()).as(transcript.bodyAsString()).isEqualTo(200);
                List<String> bodies = transcript.bodyAsJsonObject().getJsonArray("messages").stream()
                        .map(m -> ((JsonObject) m).getString("body")).toList();
                assertThat(bodies).containsExactly(text, "Hello Hannah, let me check.", "Found it: it arrives tomorrow.");

                HttpResponse<Buffer> detail = supervisor.get("/api/interactions/" + chatId);
                List<String> types = detail.bodyAsJsonObject().getJsonArray("timeline").stream()
                        .map(e -> ((JsonObject) e).getString("type")).toList();
                assertThat(types).contains("MESSAGE_RECEIVED", "MESSAGE_SENT", "SATISFACTION_RATED");

                HttpResponse<Buffer> history = bob.get("/api/customers/" + DemoCustomers.VIP.customerId() + "/history");
                assertThat(history.bodyAsString()).contains(chatId);
                HttpResponse<Buffer> found = bob.get("/api/messages?q=PARCEL&customerId=" + DemoCustomers.VIP.customerId());
                assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
                assertThat(found.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("interactionId"))
                        .isEqualTo(chatId);
            }
        }
    }

    @Test
    void aTransferredChatReachesTheNextAgentWithItsHistory(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient ivan = ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo");
            try (ConsoleClient first = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient second = ConsoleClient.connect(vertx, server.port(), "/ws/agent", ivan.sessionHeaders());
                 ConsoleClient visitor = visitor(vertx, server)) {
                first.next("hello");
                second.next("hello");
                first.command(new JsonObject().put("type", "ready"));
                visitor.sendRaw(start("Ben", null));
                String chatId = visitor.next("started").getString("chatId");
                first.next("offer");
                first.command(new JsonObject().put("type", "accept").put("interactionId", chatId));
                assertThat(visitor.next("agentJoined").getString("agentName")).isEqualTo("Bob Chen");
                visitor.sendRaw(new JsonObject().put("type", "message").put("text", "My router blinks red.").encode());
                first.next("chatMessage");
                first.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "I pass you to our network expert."));

                second.command(new JsonObject().put("type", "ready"));
                JsonObject moved = first.command(new JsonObject().put("type", "transfer").put("interactionId", chatId)
                        .put("queueId", "chat"));
                assertThat(moved.getString("type")).as(moved.encode()).isEqualTo("ack");
                assertThat(visitor.next("transferred").getString("text")).contains("transferred");

                assertThat(second.next("offer").getString("interactionId")).isEqualTo(chatId);
                second.command(new JsonObject().put("type", "accept").put("interactionId", chatId));
                JsonObject history = second.next("chatTranscript");
                assertThat(history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")))
                        .containsExactly("My router blinks red.", "I pass you to our network expert.");
                assertThat(visitor.next("agentJoined").getString("agentName")).isEqualTo("Ivan Petrov");

                // The first agent no longer holds it.
                JsonObject notHers = first.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "still here?"));
                assertThat(notHers.getInteger("status")).isEqualTo(403);
            }
        }
    }

    @Test
    void badInputGetsClearErrorsAndTheSocketStaysUsable(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             ConsoleClient visitor = visitor(vertx, server)) {
            visitor.sendRaw("{not json");
            assertThat(visitor.next("error").getInteger("status")).isEqualTo(400);
            visitor.sendRaw(new JsonObject().put("type", "message").put("text", "hi").encode());
            assertThat(visitor.next("error").getInteger("status")).isEqualTo(409);
            visitor.sendRaw(new JsonObject().put("type", "start").put("name", "X").put("topic", "nope").encode());
            assertThat(visitor.next("error").getString("message")).contains("topic");
            visitor.sendRaw(new JsonObject().put("type", "start").put("name", "X").put("topic", "support")
                    .put("email", "not-an-address").encode());
            assertThat(visitor.next("error").getString("message")).contains("email");
            visitor.sendBinary(new byte[] {1, 2, 3});
            assertThat(visitor.next("error").getString("message")).contains("JSON text");

            visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Anonymous").put("topic", "support").encode());
            JsonObject started = visitor.next("started");
            assertThat(started.getInteger("position")).isEqualTo(1);
            visitor.sendRaw(new JsonObject().put("type", "message").put("text", "x".repeat(2001)).encode());
            assertThat(visitor.next("error").getString("message")).contains("2000");
            visitor.sendRaw(new JsonObject().put("type", "transcript").put("email", "a@b.example").encode());
            assertThat(visitor.next("error").getInteger("status")).isEqualTo(503);
            assertThat(visitor.isClosed()).isFalse();

            // A visitor who left no details is not made a CRM contact.
            HttpResponse<Buffer> detail = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo")
                    .get("/api/interactions/" + started.getString("chatId"));
            assertThat(detail.bodyAsJsonObject().getJsonObject("summary").getString("customerId")).isNull();
        }
    }

    @Test
    void aFloodFromOneAddressIsLimitedAndWaitingVisitorsSeeTheQueueMove(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ConsoleClient first = visitor(vertx, server);
            ConsoleClient second = visitor(vertx, server);
            ConsoleClient third = visitor(vertx, server);
            ConsoleClient fourth = visitor(vertx, server);
            try {
                first.sendRaw(start("Ada", "ada@new-customer.example"));
                assertThat(first.next("started").getInteger("position")).isEqualTo(1);
                second.sendRaw(start("Ben", null));
                assertThat(second.next("started").getInteger("position")).isEqualTo(2);
                third.sendRaw(start("Cy", null));
                third.next("started");
                fourth.sendRaw(start("Dee", null));
                JsonObject refused = fourth.next("error");
                assertThat(refused.getInteger("status")).isEqualTo(429);
                assertThat(refused.getString("message")).contains("3 chats open");

                first.sendRaw(new JsonObject().put("type", "end").encode());
                assertThat(first.next("ended").getString("by")).isEqualTo("visitor");
                assertThat(second.next("queue").getInteger("position")).isEqualTo(1);

                for (int i = 0; i < 30; i++) {
                    second.sendRaw(new JsonObject().put("type", "message").put("text", "line " + i).encode());
                }
                second.sendRaw(new JsonObject().put("type", "message").put("text", "one too many").encode());
                assertThat(second.next("error").getInteger("status")).isEqualTo(429);

                // Idle sockets count too: one address cannot hold the server's connections.
                List<ConsoleClient> idle = new java.util.ArrayList<>();
                try {
                    for (int i = 4; i < ChatRoutes.MAX_SOCKETS_PER_ADDRESS; i++) {
                        idle.add(visitor(vertx, server));
                    }
                    Throwable tooMany = ConsoleClient.refused(vertx, server.port(), "/ws/chat",
                            MultiMap.caseInsensitiveMultiMap());
                    assertThat(tooMany).hasMessageContaining("429");
                } finally {
                    idle.forEach(ConsoleClient::close);
                }

                // Ada left her email: she is now a CRM customer with that contact.
                ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
                HttpResponse<Buffer> lookup = supervisor.get("/api/customers/lookup?email=ada@new-customer.example");
                assertThat(lookup.statusCode()).as(lookup.bodyAsString()).isEqualTo(200);
            } finally {
                first.close();
                second.close();
                third.close();
                fourth.close();
            }
        }
    }

    @Test
    void visitorsSendFilesOfAllowedTypesAndSizeThatTheAgentDownloads(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            io.vertx.ext.web.client.WebClient web = io.vertx.ext.web.client.WebClient.create(vertx);
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient visitor = visitor(vertx, server)) {
                agent.next("hello");
                agent.command(new JsonObject().put("type", "ready"));
                visitor.sendRaw(start("Ada", null));
                JsonObject started = visitor.next("started");
                String chatId = started.getString("chatId");
                String token = started.getString("resumeToken");
                agent.next("offer");
                agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId));
                agent.next("chatTranscript");

                byte[] png = new byte[64];
                System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
                HttpResponse<Buffer> sent = upload(web, server, token, "image/png", "Foto%20vom%20Paket.png", png);
                assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
                JsonObject line = agent.next("chatMessage");
                JsonObject file = line.getJsonArray("attachments").getJsonObject(0);
                assertThat(file.getString("name")).isEqualTo("Foto vom Paket.png");
                assertThat(file.getInteger("size")).isEqualTo(64);
                assertThat(visitor.next("message").getString("messageId")).isEqualTo(line.getString("messageId"));

                HttpResponse<Buffer> download = bob.get("/api/interactions/" + chatId + "/attachments/"
                        + line.getString("messageId") + "/0");
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(download.body().getBytes()).isEqualTo(png);
                assertThat(download.getHeader("content-disposition")).startsWith("attachment;");
                assertThat(download.getHeader("x-content-type-options")).isEqualTo("nosniff");

                byte[] html = "<html><script>alert(1)</script></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(upload(web, server, token, "image/png", "x.png", html).statusCode()).isEqualTo(415);
                assertThat(upload(web, server, token, "text/html", "x.html", html).statusCode()).isEqualTo(415);
                assertThat(upload(web, server, token, "application/pdf", "big.pdf", new byte[5 * 1024 * 1024 + 1])
                        .statusCode()).isEqualTo(413);
                HttpResponse<Buffer> stranger = upload(web, server, "not-a-token", "image/png", "x.png", png);
                assertThat(stranger.statusCode()).isEqualTo(401);
                assertThat(stranger.bodyAsJsonObject().getString("message")).contains("token");
                HttpResponse<Buffer> otherAgent = ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo")
                        .get("/api/interactions/" + chatId + "/attachments/" + line.getString("messageId") + "/0");
                assertThat(otherAgent.statusCode()).isEqualTo(403);
            } finally {
                web.close();
            }
        }
    }

    @Test
    void aVisitorTheWebSiteVouchesForIsMatchedByTheSignedIdentityNotTheForm(Vertx vertx) throws Exception {
        String secret = "shared-with-the-web-site";
        try (TestServer server = TestServer.start(dataDir, c -> {
            org.openucc.config.ChatConfig chat = c.channels().chat();
            return c.withChannels(new org.openucc.config.ChannelsConfig(new org.openucc.config.ChatConfig(true,
                    chat.topics(), 0, 0, 0, 0, null, null, 0, null, null, secret), c.channels().email(),
                    c.channels().callback()));
        })) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            long inAnHour = java.time.Instant.now().plusSeconds(3600).getEpochSecond();
            String good = token(secret, "{\"email\":\"" + DemoCustomers.C_TIER.email() + "\",\"exp\":" + inAnHour + "}");
            String expired = token(secret, "{\"email\":\"" + DemoCustomers.C_TIER.email() + "\",\"exp\":1000}");
            String forged = token("guessed", "{\"email\":\"" + DemoCustomers.VIP.email() + "\",\"exp\":" + inAnHour + "}");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient visitor = visitor(vertx, server)) {
                agent.next("hello");
                agent.command(new JsonObject().put("type", "ready"));
                for (String bad : List.of(expired, forged, "not-a-token")) {
                    visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Mallory").put("topic", "support")
                            .put("identityToken", bad).encode());
                    JsonObject refused = visitor.next("error");
                    assertThat(refused.getInteger("status")).isEqualTo(401);
                    assertThat(refused.getString("message")).contains("identity token");
                }
                visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Anna").put("topic", "support")
                        .put("email", DemoCustomers.VIP.email()).put("identityToken", good).encode());
                visitor.next("started");
                JsonObject pop = agent.next("offer").getJsonObject("screenPop");
                assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.C_TIER.customerId());
                assertThat(pop.getJsonObject("context").getString("chat.identity")).isEqualTo("verified by the web site");
            }
        }
    }

    private static String token(String secret, String payloadJson) throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String payload = b64.encodeToString(payloadJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA256"));
        return payload + "." + b64.encodeToString(mac.doFinal(payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static HttpResponse<Buffer> upload(io.vertx.ext.web.client.WebClient web, TestServer server, String token,
                                               String type, String name, byte[] bytes) {
        return ApiClient.await(web.post(server.port(), "127.0.0.1", "/chat/attachments").putHeader("content-type", type)
                .putHeader("x-chat-token", token).putHeader("x-file-name", name)
                .sendBuffer(Buffer.buffer(bytes)), "upload of " + name);
    }

    /**
     * Issue 14: while an agent's console rings with the chat the visitor is told they are being connected
     * (a queue position of 0), and a chat that ended before any agent took it offers nothing to rate.
     */
    @Test
    void theVisitorHearsTheyAreBeingConnectedWhileAnOfferRingsAndAChatNoAgentTookCannotBeRated(Vertx vertx)
            throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient visitor = visitor(vertx, server)) {
                agent.next("hello");
                visitor.sendRaw(start("Nobody Answered", null));
                JsonObject started = visitor.next("started");
                String chatId = started.getString("chatId");
                assertThat(started.getInteger("position")).as("nobody is ready: it waits").isEqualTo(1);

                assertThat(agent.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                assertThat(agent.next("offer").getString("interactionId")).isEqualTo(chatId);
                JsonObject ringing = visitor.next(m -> "queue".equals(m.getString("type")) && m.getInteger("position") == 0,
                        "a queue position of 0 while the offer rings");
                assertThat(ringing.getInteger("estimatedWaitSeconds")).isZero();

                visitor.sendRaw(new JsonObject().put("type", "end").encode());
                JsonObject ended = visitor.next("ended");
                assertThat(ended.getBoolean("agentTookPart")).isFalse();
                visitor.sendRaw(new JsonObject().put("type", "rate").put("score", 1).put("id", "r1").encode());
                JsonObject refused = visitor.next("error");
                assertThat(refused.getInteger("status")).isEqualTo(409);
                assertThat(refused.getString("id")).isEqualTo("r1");
                assertThat(refused.getString("message")).contains("no agent took part");
            }
        }
    }

    private static String start(String name, String email) {
        JsonObject m = new JsonObject().put("type", "start").put("name", name).put("topic", "support");
        if (email != null) {
            m.put("email", email);
        }
        return m.encode();
    }

    private static ConsoleClient visitor(Vertx vertx, TestServer server) {
        return ConsoleClient.connect(vertx, server.port(), "/ws/chat", MultiMap.caseInsensitiveMultiMap());
    }
}
