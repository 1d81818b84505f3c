package org.openucc.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.ChannelsConfig;
import org.openucc.config.ChatConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.WebSocketLimits;
import org.openucc.limits.Rejections;

/**
 * The chat door's limits over real sockets: a visitor's typing flood reaches the agent coalesced, and
 * the attachment quotas (per chat, per visitor and day) refuse the abuser while another visitor uploads.
 */
@ExtendWith(VertxExtension.class)
class ChatLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void aVisitorsTypingFloodReachesTheAgentCoalescedToItsLatestState(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> chat(c.withServer(c.server()
                .withWebSocket(new WebSocketLimits(0, 1000, 1000, 0, 0))), c.channels().chat()))) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient visitor = visitor(vertx, server, "127.0.0.1")) {
                String chatId = connectedChat(agent, visitor, "Tom").getString("chatId");
                long interval = ChatConfig.BUILT_IN.typingInterval().toMillis();

                long begin = System.nanoTime();
                int flood = 300;
                for (int i = 0; i < flood; i++) { // true, false, true, … ends with false
                    visitor.sendRaw(new JsonObject().put("type", "typing").put("typing", i % 2 == 0).encode());
                }
                // The agent ends up with the latest state: not typing.
                await().atMost(WAIT).until(() -> {
                    List<JsonObject> typing = typing(agent, chatId);
                    return !typing.isEmpty() && !typing.get(typing.size() - 1).getBoolean("typing");
                });
                long elapsed = Duration.ofNanos(System.nanoTime() - begin).toMillis();
                List<JsonObject> typing = typing(agent, chatId);
                // At most one a typingInterval (plus the first, at once), far from one per message.
                assertThat(typing.size()).isLessThanOrEqualTo((int) (2 + elapsed / interval)).isLessThan(flood / 10);
                assertThat(typing.get(0).getBoolean("typing")).isTrue();
                // Lines still go through at once, and a new "typing" after a line is news again.
                visitor.sendRaw(new JsonObject().put("type", "message").put("text", "hello").encode());
                assertThat(agent.next("chatMessage").getString("text")).isEqualTo("hello");
            }
        }
    }

    @Test
    void attachmentQuotasRefuseTheAbuserWhileAnotherVisitorUploads(Vertx vertx) throws Exception {
        int file = 1000;
        try (TestServer server = TestServer.start(dataDir, c -> chat(c, c.channels().chat()
                .withAttachmentQuota(3 * file, 5 * file)))) {
            Rejections rejections = server.contactCenter().rejections();
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            WebClient fromAbuser = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.1"));
            WebClient fromOther = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.2"));
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient first = visitor(vertx, server, "127.0.0.1");
                 ConsoleClient second = visitor(vertx, server, "127.0.0.1");
                 ConsoleClient other = visitor(vertx, server, "127.0.0.2")) {
                JsonObject chatA = connectedChat(agent, first, "Mallory");
                first.next("agentJoined");
                second.sendRaw(start("Mallory again"));
                JsonObject chatB = second.next("started");
                other.sendRaw(start("Olga"));
                JsonObject chatC = other.next("started");

                // Per chat: three files fit, the fourth does not; the refused one leaves no file behind.
                for (int i = 0; i < 3; i++) {
                    assertThat(upload(fromAbuser, server, chatA, "a" + i + ".png", file).statusCode()).isEqualTo(201);
                }
                HttpResponse<Buffer> overChat = upload(fromAbuser, server, chatA, "a3.png", file);
                assertThat(overChat.statusCode()).as(overChat.bodyAsString()).isEqualTo(429);
                assertThat(overChat.bodyAsJsonObject().getString("message")).contains("per chat");
                assertThat(filesOf(server, chatA)).hasSize(3);

                // Per visitor and day: the same address in another chat has 2 files left of 5.
                assertThat(upload(fromAbuser, server, chatB, "b0.png", file).statusCode()).isEqualTo(201);
                assertThat(upload(fromAbuser, server, chatB, "b1.png", file).statusCode()).isEqualTo(201);
                HttpResponse<Buffer> overDay = upload(fromAbuser, server, chatB, "b2.png", file);
                assertThat(overDay.statusCode()).as(overDay.bodyAsString()).isEqualTo(429);
                assertThat(overDay.getHeader("retry-after")).isNotNull();
                assertThat(overDay.bodyAsJsonObject().getString("message")).contains("in a day");
                assertThat(filesOf(server, chatB)).hasSize(2);

                // Another visitor (another address) uploads meanwhile as usual.
                HttpResponse<Buffer> legit = upload(fromOther, server, chatC, "c0.png", file);
                assertThat(legit.statusCode()).as(legit.bodyAsString()).isEqualTo(201);
                assertThat(filesOf(server, chatC)).hasSize(1);

                assertThat(rejections.total("chat", "attachments-per-chat")).isEqualTo(1);
                assertThat(rejections.total("chat", "attachments-per-day")).isEqualTo(1);

                // The transcript names the files and never says where the server keeps them.
                HttpResponse<Buffer> transcript = bob.get("/api/interactions/" + chatA.getString("chatId") + "/messages");
                assertThat(transcript.statusCode()).isEqualTo(200);
                JsonObject attachment = transcript.bodyAsJsonObject().getJsonArray("messages").getJsonObject(0)
                        .getJsonArray("attachments").getJsonObject(0);
                assertThat(attachment.getString("name")).isEqualTo("a0.png");
                assertThat(attachment.containsKey("path")).isFalse();
                assertThat(transcript.bodyAsString()).doesNotContain("attachments/").doesNotContain(dataDir.toString());
            } finally {
                fromAbuser.close();
                fromOther.close();
            }
        }
    }

    // ---- helpers

    private static ContactCenterConfig chat(ContactCenterConfig c, ChatConfig chat) {
        return c.withChannels(new ChannelsConfig(chat, c.channels().email(), c.channels().callback()));
    }

    private static ConsoleClient visitor(Vertx vertx, TestServer server, String from) {
        return ConsoleClient.connect(vertx, server.port(), "/ws/chat", MultiMap.caseInsensitiveMultiMap(),
                new WebSocketClientOptions().setLocalAddress(from));
    }

    private static String start(String name) {
        return new JsonObject().put("type", "start").put("name", name).put("topic", "support").encode();
    }

    /** A chat the agent has accepted; returns the visitor's "started". */
    private static JsonObject connectedChat(ConsoleClient agent, ConsoleClient visitor, String name) {
        agent.next("hello");
        assertThat(agent.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
        visitor.sendRaw(start(name));
        JsonObject started = visitor.next("started");
        String chatId = started.getString("chatId");
        agent.next(m -> "offer".equals(m.getString("type")) && chatId.equals(m.getString("interactionId")), "offer");
        assertThat(agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId))
                .getString("type")).isEqualTo("ack");
        agent.next("chatTranscript");
        return started;
    }

    private static List<JsonObject> typing(ConsoleClient agent, String chatId) {
        return agent.received().stream().filter(m -> "chatTyping".equals(m.getString("type"))
                && chatId.equals(m.getString("interactionId"))).toList();
    }

    private static HttpResponse<Buffer> upload(WebClient web, TestServer server, JsonObject started, String name, int size) {
        byte[] png = new byte[size];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
        return ApiClient.await(web.post(server.port(), "127.0.0.1", "/chat/attachments")
                .putHeader("content-type", "image/png").putHeader("x-chat-token", started.getString("resumeToken"))
                .putHeader("x-file-name", name).sendBuffer(Buffer.buffer(png)), "upload of " + name);
    }

    /** The files kept for a chat: in the message store (real H2), not on disk, where nothing may be left either. */
    private List<String> filesOf(TestServer server, JsonObject started) throws Exception {
        String chatId = started.getString("chatId");
        assertThat(dataDir.resolve("attachments").resolve(chatId)).doesNotExist();
        return server.contactCenter().store().database().read("files of " + chatId, c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "SELECT path FROM message_file WHERE interaction_id = ? ORDER BY path")) {
                ps.setString(1, chatId);
                List<String> paths = new java.util.ArrayList<>();
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        paths.add(rs.getString(1));
                    }
                }
                return paths;
            }
        });
    }
}
