package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.crash.ServerProcess;
import org.openucc.store.LocalPostgres;

/**
 * Web chat across a cluster ("any node is a front"): two OpenUCC nodes in separate JVMs on one PostgreSQL, a visitor's
 * widget socket on node 1 and the agent's console on node 2, real WebSockets with the widget's and the console's
 * protocols. The chat is offered, accepted, lines, typing and receipts go both ways; a supervisor on node 2 watches
 * it, and one on node 1 watches a chat node 2 carries. Then node 1 (the visitor's node,
 * and the engine's owner) is killed with SIGKILL: the visitor's widget reconnects to node 2 with its token and the
 * chat goes on there with its transcript, still in the agent's hands; a second chat that was waiting on node 1 is
 * still waiting, and is offered when the agent is free again. The supervisor on node 2 is told its session ended
 * and watches the chat again on node 2; node 2 ends (and logs) the session of the console that died with node 1.
 */
class ClusterChatTest {
    private static final String SECRET = "cluster-chat-secret-0123456789";

    @TempDir
    Path work;
    private LocalPostgres pg;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() throws Exception {
        for (ServerProcess n : nodes) {
            n.destroy();
        }
        if (pg != null) {
            pg.close();
        }
        vertx.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aChatWhoseVisitorIsOnOneNodeAndAgentOnAnotherGoesOnWhenTheVisitorsNodeIsKilled() throws Exception {
        Path bin = LocalPostgres.find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql"));
        pg = LocalPostgres.start(bin);
        int[] hz = ClusterTestConfig.freePorts(2);
        List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1]);
        for (int i = 0; i < 2; i++) {
            Path config = ClusterTestConfig.write(work.resolve("node" + (i + 1) + ".yaml"), work, pg.url("openucc"),
                    "node" + (i + 1), hz[i], members, 47_000 + 200 * i, true);
            Path data = Files.createDirectories(work.resolve("data" + (i + 1)));
            nodes.add(ServerProcess.start(config, data, logs().resolve("node" + (i + 1) + ".log"),
                    Map.of("OPENUCC_CLUSTER_SECRET", SECRET)));
        }
        ServerProcess n1 = nodes.get(0);
        ServerProcess n2 = nodes.get(1);
        ApiClient supervisor = ApiClient.bearer(vertx, n2.httpPort(), "supervisor", "supervisor-demo");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster(supervisor).getJsonArray("members").size() == 2);
        assertThat(cluster(supervisor).getString("engineOwner")).isEqualTo("node1");

        // Alice's console is on node 2; the visitors' widgets on node 1.
        ApiClient alice = ApiClient.bearer(vertx, n2.httpPort(), "alice", "alice-demo");
        ConsoleClient agent = ConsoleClient.connect(vertx, n2.httpPort(), "/ws/agent", alice.sessionHeaders());
        agent.next("hello");
        assertThat(agent.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
        ConsoleClient visitor = widget(n1);
        visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Vera Lind").put("topic", "support")
                .put("currentPage", "https://shop.example/help").encode());
        JsonObject started = visitor.next("started");
        String chatId = started.getString("chatId");
        String token = started.getString("resumeToken");

        JsonObject offer = agent.next("offer");
        assertThat(offer.getString("interactionId")).isEqualTo(chatId);
        assertThat(agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId))
                .getString("type")).isEqualTo("ack");
        assertThat(visitor.next("agentJoined").getString("agentName")).isEqualTo("Alice");
        assertThat(agent.next("chatTranscript").getString("visitorName")).isEqualTo("Vera Lind");

        // Visitor (node 1) -> agent (node 2), with its receipts.
        visitor.sendRaw(new JsonObject().put("type", "message").put("clientId", "v1").put("text", "Is my order late?").encode());
        String visitorLine = visitor.next(m -> "receipt".equals(m.getString("type")) && "sent".equals(m.getString("status")),
                "sent receipt").getString("messageId");
        JsonObject line = agent.next("chatMessage");
        assertThat(line.getString("text")).isEqualTo("Is my order late?");
        assertThat(line.getString("messageId")).isEqualTo(visitorLine);
        visitor.next(m -> "receipt".equals(m.getString("type")) && "delivered".equals(m.getString("status")), "delivered receipt");

        // A file from the visitor, taken by node 1: kept in the shared store, so node 2 serves it now and after node 1
        // is gone (below).
        byte[] photo = new byte[256];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, photo, 0, 8);
        photo[255] = 42;
        io.vertx.ext.web.client.WebClient web = io.vertx.ext.web.client.WebClient.create(vertx);
        HttpResponse<Buffer> uploaded = ApiClient.await(web.post(n1.httpPort(), "127.0.0.1", "/chat/attachments")
                .putHeader("content-type", "image/png").putHeader("x-chat-token", token)
                .putHeader("x-file-name", "parcel.png").sendBuffer(Buffer.buffer(photo)), "upload of parcel.png");
        assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(201);
        JsonObject fileLine = agent.next("chatMessage");
        assertThat(visitor.next("message").getString("messageId")).isEqualTo(fileLine.getString("messageId"));
        visitor.next(m -> "receipt".equals(m.getString("type")) && "delivered".equals(m.getString("status"))
                && fileLine.getString("messageId").equals(m.getString("messageId")), "delivered receipt of the file");
        String fileUrl = "/api/interactions/" + chatId + "/attachments/" + fileLine.getString("messageId") + "/0";
        assertThat(alice.get(fileUrl).body().getBytes()).isEqualTo(photo);

        // Agent (node 2) -> visitor (node 1): typing, read receipt, a line; the requests cross to node 1.
        assertThat(agent.command(new JsonObject().put("type", "chatTyping").put("interactionId", chatId).put("typing", true))
                .getString("type")).isEqualTo("ack");
        assertThat(visitor.next("typing").getBoolean("typing")).isTrue();
        JsonObject read = agent.command(new JsonObject().put("type", "chatRead").put("interactionId", chatId)
                .put("messageId", visitorLine));
        assertThat(read.getString("type")).as(read.encode()).isEqualTo("ack");
        assertThat(visitor.next("receipt").getString("status")).isEqualTo("read");
        JsonObject sent = agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                .put("text", "Let me look, Vera."));
        assertThat(sent.getString("type")).as(sent.encode()).isEqualTo("ack");
        assertThat(visitor.next("message").getString("text")).isEqualTo("Let me look, Vera.");
        assertThat(agent.next("chatReceipt").getString("status")).isEqualTo("delivered");
        JsonObject unknown = agent.command(new JsonObject().put("type", "chatSend").put("interactionId", "no-such-chat")
                .put("text", "hello?"));
        assertThat(unknown.getInteger("status")).as(unknown.encode()).isEqualTo(404);
        // A supervisor on node 2 watches the chat node 1 carries: its transcript, then each new line.
        ConsoleClient watcher = ConsoleClient.connect(vertx, n2.httpPort(), "/ws/supervisor", supervisor.sessionHeaders());
        watcher.next("snapshot");
        JsonObject monitor = watcher.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
        assertThat(monitor.getString("type")).as(monitor.encode()).isEqualTo("ack");
        assertThat(watcher.next("chatMonitorStarted").getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("text")))
                .containsExactly("Is my order late?", "[file] parcel.png", "Let me look, Vera.");
        visitor.sendRaw(new JsonObject().put("type", "message").put("clientId", "v1b").put("text", "Thanks!").encode());
        assertThat(watcher.next("chatMonitorMessage").getString("text")).isEqualTo("Thanks!");
        assertThat(agent.next("chatMessage").getString("text")).isEqualTo("Thanks!");

        // A second visitor on node 1 waits: Alice takes one chat at a time.
        ConsoleClient waiting = widget(n1);
        waiting.sendRaw(new JsonObject().put("type", "start").put("name", "Walt Berg").put("topic", "support").encode());
        JsonObject started2 = waiting.next("started");
        String chatId2 = started2.getString("chatId");
        assertThat(started2.getInteger("position")).isEqualTo(1);

        // A third one on node 1 writes a line, then her page reloads through node 2 while node 1 lives: node 1 hands
        // the chat over (and closes her old socket), node 2 carries it on, still waiting at its place.
        ConsoleClient uma = widget(n1);
        uma.sendRaw(new JsonObject().put("type", "start").put("name", "Uma Holt").put("topic", "support").encode());
        JsonObject started3 = uma.next("started");
        String chatId3 = started3.getString("chatId");
        assertThat(started3.getInteger("position")).isEqualTo(2);
        uma.sendRaw(new JsonObject().put("type", "message").put("clientId", "u1").put("text", "Anyone?").encode());
        uma.next(m -> "receipt".equals(m.getString("type")) && "sent".equals(m.getString("status")), "sent receipt");
        ConsoleClient umaMoved = widget(n2);
        umaMoved.sendRaw(new JsonObject().put("type", "resume").put("resumeToken", started3.getString("resumeToken"))
                .encode());
        JsonObject resumed3 = umaMoved.next("resumed");
        assertThat(resumed3.getString("chatId")).isEqualTo(chatId3);
        assertThat(resumed3.getString("state")).as(resumed3.encode()).isEqualTo("WAITING");
        assertThat(resumed3.getInteger("position")).isEqualTo(2);
        assertThat(resumed3.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")))
                .containsExactly("Anyone?");
        await().atMost(Duration.ofSeconds(10)).until(uma::isClosed);
        // A supervisor console on node 1 watches Uma's chat, which node 2 carries now.
        ApiClient supervisor1 = ApiClient.bearer(vertx, n1.httpPort(), "supervisor", "supervisor-demo");
        ConsoleClient watcher1 = ConsoleClient.connect(vertx, n1.httpPort(), "/ws/supervisor", supervisor1.sessionHeaders());
        watcher1.next("snapshot");
        JsonObject watching = watcher1.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId3));
        assertThat(watching.getString("type")).as(watching.encode()).isEqualTo("ack");
        watcher1.next("chatMonitorStarted");

        // Node 1 dies (the visitors' node, and the engine's owner).
        n1.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonObject c = cluster(supervisor);
            return c.getJsonArray("members").size() == 1 && c.getBoolean("ownsEngine");
        });
        visitor.close();
        waiting.close();
        // A survivor took node 1's chats over: Alice hears that her visitor's connection is gone, as when a socket closes.
        assertThat(agent.next("chatVisitorLeft").getString("interactionId")).isEqualTo(chatId);
        // The supervisor on node 2 hears that the session on the chat node 1 carried ended, and why; the console on
        // node 1 is gone, so node 2 (which carries Uma's chat) ends that session, and logs it.
        JsonObject carrierGone = watcher.next("chatMonitorEnded");
        assertThat(carrierGone.getString("interactionId")).isEqualTo(chatId);
        assertThat(carrierGone.getString("reason")).contains("node node1, which carried the chat, left the cluster");
        await().atMost(Duration.ofSeconds(15)).until(() -> monitorEnded(supervisor, chatId3)
                .contains("console closed (its node node1 left the cluster)"));
        watcher1.close();

        // The widget reconnects to node 2 with its token: the chat goes on, transcript intact, with Alice.
        ConsoleClient back = widget(n2);
        back.sendRaw(new JsonObject().put("type", "resume").put("resumeToken", token).encode());
        JsonObject resumed = back.next("resumed");
        assertThat(resumed.getString("chatId")).isEqualTo(chatId);
        assertThat(resumed.getString("state")).as(resumed.encode()).isEqualTo("CONNECTED");
        assertThat(resumed.getString("agentName")).isEqualTo("Alice");
        assertThat(resumed.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")))
                .containsExactly("Is my order late?", "[file] parcel.png", "Let me look, Vera.", "Thanks!");
        assertThat(agent.next("chatVisitorBack").getString("interactionId")).isEqualTo(chatId);
        HttpResponse<Buffer> file = alice.get(fileUrl);
        assertThat(file.statusCode()).as(file.bodyAsString()).isEqualTo(200);
        assertThat(file.body().getBytes()).as("the file node 1 took, served by node 2 after node 1's death")
                .isEqualTo(photo);
        back.sendRaw(new JsonObject().put("type", "message").put("clientId", "v2").put("text", "Still there?").encode());
        assertThat(agent.next("chatMessage").getString("text")).isEqualTo("Still there?");
        JsonObject again = agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                .put("text", "Yes: it ships today."));
        assertThat(again.getString("type")).as(again.encode()).isEqualTo("ack");
        assertThat(back.next("message").getString("text")).isEqualTo("Yes: it ships today.");

        // The supervisor watches the chat again, now on node 2; the list says so.
        JsonObject again2 = watcher.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
        assertThat(again2.getString("type")).as(again2.encode()).isEqualTo("ack");
        assertThat(watcher.next("chatMonitorStarted").getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("text"))).endsWith("Yes: it ships today.");
        JsonObject list = watcher.command(new JsonObject().put("type", "chatList"));
        assertThat(list.getJsonObject("result").getJsonArray("chats").stream().map(o -> (JsonObject) o)
                .filter(o -> chatId.equals(o.getString("interactionId"))).map(o -> o.getString("node")))
                .containsExactly("node2");
        watcher.close();

        // The waiting visitor is still in line, at its place.
        ConsoleClient waitingBack = widget(n2);
        waitingBack.sendRaw(new JsonObject().put("type", "resume").put("resumeToken", started2.getString("resumeToken"))
                .encode());
        JsonObject resumed2 = waitingBack.next("resumed");
        assertThat(resumed2.getString("chatId")).isEqualTo(chatId2);
        assertThat(resumed2.getString("state")).as(resumed2.encode()).isEqualTo("WAITING");
        assertThat(resumed2.getInteger("position")).isEqualTo(1);

        // Alice ends the first chat; the waiting one is offered to her next.
        assertThat(agent.command(new JsonObject().put("type", "end").put("interactionId", chatId)).getString("type"))
                .isEqualTo("ack");
        JsonObject ended = back.next("ended");
        assertThat(ended.getString("by")).isEqualTo("agent");
        assertThat(agent.next(m -> "offer".equals(m.getString("type")) && chatId2.equals(m.getString("interactionId")),
                "offer of the waiting chat")).isNotNull();
        agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId2));
        assertThat(waitingBack.next("agentJoined").getString("agentName")).isEqualTo("Alice");
        // The one handed over before the kill moves up, told by node 2.
        umaMoved.next(m -> "queue".equals(m.getString("type")) && m.getInteger("position") == 1, "queue position 1");

        HttpResponse<Buffer> transcript = alice.get("/api/interactions/" + chatId + "/messages");
        assertThat(transcript.statusCode()).as(transcript.bodyAsString()).isEqualTo(200);
        assertThat(transcript.bodyAsJsonObject().getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("body")))
                .containsExactly("Is my order late?", "[file] parcel.png", "Let me look, Vera.", "Thanks!", "Still there?",
                        "Yes: it ships today.");
        back.close();
        waitingBack.close();
        umaMoved.close();
        agent.close();
    }

    private ConsoleClient widget(ServerProcess n) {
        return ConsoleClient.connect(vertx, n.httpPort(), "/ws/chat", MultiMap.caseInsensitiveMultiMap());
    }

    /** The reasons of the MONITOR_ENDED events of a chat's timeline. */
    private static List<String> monitorEnded(ApiClient client, String interactionId) {
        HttpResponse<Buffer> r = client.get("/api/interactions/" + interactionId);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(e -> "MONITOR_ENDED".equals(e.getString("type")))
                .map(e -> e.getJsonObject("details").getString("reason")).toList();
    }

    private static JsonObject cluster(ApiClient client) {
        return client.get("/health").bodyAsJsonObject().getJsonObject("components").getJsonObject("cluster");
    }

    /** The nodes' output, kept after the test (target/cluster-chat). */
    private static Path logs() throws Exception {
        return Files.createDirectories(Path.of("target", "cluster-chat"));
    }

}
