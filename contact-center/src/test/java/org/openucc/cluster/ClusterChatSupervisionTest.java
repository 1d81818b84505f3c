package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.chat.ChatNodes;
import org.openucc.chat.ChatSupervision;
import org.openucc.config.Role;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.store.LocalPostgres;

/**
 * A supervisor on one node of a cluster watches, whispers in and joins a chat another node carries: three nodes in
 * this JVM on one PostgreSQL, the visitor's widget on node a (which carries the chat), the agent's console on node c,
 * the supervisor's console on node b, real WebSockets. The supervisor's console gets what a console on the carrier
 * gets (transcript, then each line once, in order; the system lines; the end of the session); whispers reach the agent
 * and never the visitor; a joined supervisor's lines reach the visitor; each session is logged on the carrier. The
 * list of open chats on any node is the cluster's, with each chat's carrier. A chat that moves to another node (its
 * visitor reconnects there) ends the session, which starts again on the new carrier; a console that closes, and a
 * carrier that leaves the cluster, end it too.
 */
class ClusterChatSupervisionTest {
    private static final String SECRET = "cluster-chat-supervision-secret-0123456789";

    @TempDir
    Path work;
    private LocalPostgres pg;
    private final List<ContactCenter> nodes = new ArrayList<>();
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
        if (pg != null) {
            pg.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aSupervisorOnOneNodeWatchesWhispersAndJoinsAChatAnotherNodeCarries() throws Exception {
        Path bin = LocalPostgres.find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql"));
        pg = LocalPostgres.start(bin);
        int[] hz = ClusterTestConfig.freePorts(3);
        List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1], "127.0.0.1:" + hz[2]);
        ContactCenter a = start("a", hz[0], members, 49_000);
        ContactCenter b = start("b", hz[1], members, 49_200);
        ContactCenter c = start("c", hz[2], members, 49_400);
        await().atMost(Duration.ofSeconds(30)).until(() -> members(a).size() == 3 && members(b).size() == 3
                && members(c).size() == 3);

        // Alice's console on node c; the visitor's widget on node a, which carries the chat.
        ApiClient alice = ApiClient.bearer(vertx, port(c), "alice", "alice-demo");
        ApiClient sup = ApiClient.bearer(vertx, port(b), "supervisor", "supervisor-demo");
        ConsoleClient agent = ConsoleClient.connect(vertx, port(c), "/ws/agent", alice.sessionHeaders());
        agent.next("hello");
        assertThat(agent.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
        ConsoleClient visitor = widget(a);
        visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Vera Lind").put("topic", "support").encode());
        JsonObject started = visitor.next("started");
        String chatId = started.getString("chatId");
        assertThat(agent.next("offer").getString("interactionId")).isEqualTo(chatId);
        assertThat(agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId))
                .getString("type")).isEqualTo("ack");
        visitor.next("agentJoined");
        agent.next("chatTranscript");
        visitor.sendRaw(line("v1", "Is my order late?"));
        assertThat(agent.next("chatMessage").getString("text")).isEqualTo("Is my order late?");

        // An agent has no supervisor console; and the carrier itself refuses a non-supervisor's requests.
        ConsoleClient.refused(vertx, port(b), "/ws/supervisor", alice.sessionHeaders());
        ClusterChatNodes fromB = new ClusterChatNodes(b.cluster().runtime(), Duration.ofSeconds(5));
        Caller agentCaller = new Caller("alice", Role.AGENT, "alice");
        assertThatThrownBy(() -> fromB.ask("a", new ChatNodes.Monitor(chatId, agentCaller, "b", "forged-console",
                ChatSupervision.Mode.VIEW)).join()).hasCauseInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fromB.ask("a", new ChatNodes.OpenChats(agentCaller)).join())
                .hasCauseInstanceOf(AccessDeniedException.class);

        // The supervisor's console on node b: the cluster's open chats, with the carrier.
        ConsoleClient watcher = ConsoleClient.connect(vertx, port(b), "/ws/supervisor", sup.sessionHeaders());
        watcher.next("snapshot");
        JsonObject row = chatRow(watcher, chatId);
        assertThat(row.getString("node")).isEqualTo("a");
        assertThat(row.getString("agentId")).isEqualTo("alice");
        assertThat(row.getString("visitorName")).isEqualTo("Vera Lind");
        assertThat(row.getJsonArray("monitoredBy")).isEmpty();

        // VIEW: the transcript so far, then every new line once and in order, from either side.
        JsonObject opened = watcher.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
        assertThat(opened.getString("type")).as(opened.encode()).isEqualTo("ack");
        JsonObject monitorStarted = watcher.next("chatMonitorStarted");
        assertThat(monitorStarted.getString("mode")).isEqualTo("VIEW");
        assertThat(monitorStarted.getString("agentId")).isEqualTo("alice");
        assertThat(texts(monitorStarted.getJsonArray("messages"))).containsExactly("Is my order late?");
        // As on the carrier, the console has what a command caused before its answer.
        assertBefore(watcher, monitorStarted, opened);
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visitor.sendRaw(line("v-live-" + i, "visitor line " + i));
            JsonObject sent = agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                    .put("text", "agent line " + i));
            assertThat(sent.getString("type")).as(sent.encode()).isEqualTo("ack");
        }
        for (int i = 0; i < 10; i++) {
            live.add(watcher.next("chatMonitorMessage").getString("text"));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(live).containsOnlyOnce("visitor line " + i, "agent line " + i);
            assertThat(live.indexOf("agent line " + i)).as("each agent line after the one before")
                    .isGreaterThan(i == 0 ? -1 : live.indexOf("agent line " + (i - 1)));
            assertThat(live.indexOf("visitor line " + i))
                    .isGreaterThan(i == 0 ? -1 : live.indexOf("visitor line " + (i - 1)));
        }
        // The per-supervisor limit (2 here) counts the sessions on chats other nodes carry: a chat node b carries is
        // the second; a third chat, on node c, is refused.
        ConsoleClient walt = widget(b);
        walt.sendRaw(new JsonObject().put("type", "start").put("name", "Walt Berg").put("topic", "support").encode());
        String waltChat = walt.next("started").getString("chatId");
        ConsoleClient xena = widget(c);
        xena.sendRaw(new JsonObject().put("type", "start").put("name", "Xena Ruiz").put("topic", "support").encode());
        String xenaChat = xena.next("started").getString("chatId");
        JsonObject second = watcher.command(new JsonObject().put("type", "chatMonitor").put("interactionId", waltChat));
        assertThat(second.getString("type")).as(second.encode()).isEqualTo("ack");
        watcher.next("chatMonitorStarted");
        JsonObject third = watcher.command(new JsonObject().put("type", "chatMonitor").put("interactionId", xenaChat));
        assertThat(third.getInteger("status")).as(third.encode()).isEqualTo(429);
        assertThat(watcher.command(new JsonObject().put("type", "chatMonitorStop").put("interactionId", waltChat))
                .getString("type")).isEqualTo("ack");
        assertThat(watcher.next("chatMonitorEnded").getString("interactionId")).isEqualTo(waltChat);
        JsonObject nowThird = watcher.command(new JsonObject().put("type", "chatMonitor").put("interactionId", xenaChat));
        assertThat(nowThird.getString("type")).as(nowThird.encode()).isEqualTo("ack");
        assertThat(watcher.next("chatMonitorStarted").getString("interactionId")).isEqualTo(xenaChat);
        assertThat(watcher.command(new JsonObject().put("type", "chatMonitorStop").put("interactionId", xenaChat))
                .getString("type")).isEqualTo("ack");
        assertThat(watcher.next("chatMonitorEnded").getString("interactionId")).isEqualTo(xenaChat);

        // Any node's list is the cluster's: node c's and node a's say who watches the chat, and where it is.
        for (ContactCenter n : List.of(a, c)) {
            try (ConsoleClient other = ConsoleClient.connect(vertx, port(n), "/ws/supervisor",
                    ApiClient.bearer(vertx, port(n), "supervisor", "supervisor-demo").sessionHeaders())) {
                other.next("snapshot");
                JsonObject r = chatRow(other, chatId);
                assertThat(r.getString("node")).isEqualTo("a");
                assertThat(r.getJsonArray("monitoredBy").getList()).containsExactly("supervisor");
            }
        }

        // WHISPER: Alice (node c) sees it, marked internal; the session becomes WHISPER; the visitor never sees it.
        JsonObject whispered = watcher.command(new JsonObject().put("type", "chatWhisper").put("interactionId", chatId)
                .put("text", "secret-whisper-4417"));
        assertThat(whispered.getString("type")).as(whispered.encode()).isEqualTo("ack");
        JsonObject atAgent = agent.next(m -> "chatMessage".equals(m.getString("type"))
                && "secret-whisper-4417".equals(m.getString("text")), "the whisper at the agent");
        assertThat(atAgent.getBoolean("internal")).isTrue();
        assertThat(atAgent.getString("from")).isEqualTo("supervisor");
        assertThat(watcher.next("chatMonitorState").getString("mode")).isEqualTo("WHISPER");
        JsonObject whisperCopy = watcher.next("chatMonitorMessage");
        assertThat(whisperCopy.getString("text")).isEqualTo("secret-whisper-4417");
        assertThat(whisperCopy.getBoolean("internal")).isTrue();
        assertBefore(watcher, whisperCopy, whispered);

        // JOIN: everyone sees the supervisor join; their line reaches the visitor (node a) and Alice (node c).
        JsonObject join = watcher.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId)
                .put("mode", "JOIN"));
        assertThat(join.getString("type")).as(join.encode()).isEqualTo("ack");
        assertThat(visitor.next(m -> "message".equals(m.getString("type"))
                && "supervisor joined the chat".equals(m.getString("text")), "the join at the visitor")
                .getString("from")).isEqualTo("system");
        assertThat(agent.next("chatSupervisorJoined").getString("supervisor")).isEqualTo("supervisor");
        assertThat(watcher.next("chatMonitorMessage").getString("text")).isEqualTo("supervisor joined the chat");
        assertThat(watcher.next("chatMonitorState").getString("mode")).isEqualTo("JOIN");
        JsonObject said = watcher.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                .put("text", "Hello, I am the team lead."));
        assertThat(said.getString("type")).as(said.encode()).isEqualTo("ack");
        JsonObject atVisitor = visitor.next(m -> "message".equals(m.getString("type"))
                && "Hello, I am the team lead.".equals(m.getString("text")), "the supervisor's line at the visitor");
        assertThat(atVisitor.getString("from")).isEqualTo("supervisor");
        agent.next(m -> "chatMessage".equals(m.getString("type"))
                && "Hello, I am the team lead.".equals(m.getString("text")), "the supervisor's line at the agent");
        assertThat(watcher.next("chatMonitorMessage").getString("text")).isEqualTo("Hello, I am the team lead.");

        // Stop: the supervisor leaves the chat; the console hears the session end.
        JsonObject stop = watcher.command(new JsonObject().put("type", "chatMonitorStop").put("interactionId", chatId));
        assertThat(stop.getString("type")).as(stop.encode()).isEqualTo("ack");
        visitor.next(m -> "message".equals(m.getString("type")) && "supervisor left the chat".equals(m.getString("text")),
                "the supervisor's leaving at the visitor");
        JsonObject stopped = watcher.next("chatMonitorEnded");
        assertThat(stopped.getString("reason")).isEqualTo("stopped by the supervisor");
        assertBefore(watcher, stopped, stop);
        JsonObject again = watcher.command(new JsonObject().put("type", "chatWhisper").put("interactionId", chatId)
                .put("text", "after the stop"));
        assertThat(again.getInteger("status")).as(again.encode()).isEqualTo(409);

        // A second session (VIEW) ends when the console closes: the carrier logs it ended.
        watcher.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
        watcher.next("chatMonitorStarted");
        watcher.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> monitoring(sup, chatId).size() == 6);
        assertThat(monitoring(sup, chatId).stream().map(e -> e.getString("type") + " " + e.getJsonObject("details")
                .getString("mode"))).containsExactly("MONITOR_STARTED VIEW", "MONITOR_MODE_CHANGED WHISPER",
                "MONITOR_MODE_CHANGED JOIN", "MONITOR_ENDED JOIN", "MONITOR_STARTED VIEW", "MONITOR_ENDED VIEW");
        assertThat(monitoring(sup, chatId).get(5).getJsonObject("details").getString("reason"))
                .isEqualTo("console closed");
        assertThat(visitor.received().stream().map(m -> m.getString("text"))).doesNotContain("secret-whisper-4417");

        // The visitor's page reloads through node c: node a hands the chat over, and ends the session on it; the
        // supervisor starts again, now with node c as the carrier.
        ConsoleClient watcher2 = ConsoleClient.connect(vertx, port(b), "/ws/supervisor", sup.sessionHeaders());
        watcher2.next("snapshot");
        watcher2.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
        watcher2.next("chatMonitorStarted");
        ConsoleClient moved = widget(c);
        moved.sendRaw(new JsonObject().put("type", "resume").put("resumeToken", started.getString("resumeToken"))
                .encode());
        assertThat(moved.next("resumed").getString("chatId")).isEqualTo(chatId);
        assertThat(watcher2.next("chatMonitorEnded").getString("reason")).contains("moved to node c");
        assertThat(chatRow(watcher2, chatId).getString("node")).isEqualTo("c");
        JsonObject reopened = watcher2.command(new JsonObject().put("type", "chatMonitor")
                .put("interactionId", chatId));
        assertThat(reopened.getString("type")).as(reopened.encode()).isEqualTo("ack");
        assertThat(texts(watcher2.next("chatMonitorStarted").getJsonArray("messages")))
                .contains("Hello, I am the team lead.", "secret-whisper-4417");
        moved.sendRaw(line("v-moved", "Back again"));
        assertThat(watcher2.next("chatMonitorMessage").getString("text")).isEqualTo("Back again");

        // A second supervisor console, on node a, watches it too. Node b (the first console's node) stops: the carrier
        // ends that session, and logs it.
        ConsoleClient watcherA = ConsoleClient.connect(vertx, port(a), "/ws/supervisor",
                ApiClient.bearer(vertx, port(a), "supervisor", "supervisor-demo").sessionHeaders());
        watcherA.next("snapshot");
        JsonObject fromA = watcherA.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
        assertThat(fromA.getString("type")).as(fromA.encode()).isEqualTo("ack");
        assertThat(texts(watcherA.next("chatMonitorStarted").getJsonArray("messages"))).endsWith("Back again");
        b.stop();
        nodes.remove(b);
        watcher2.close();
        ApiClient supA = ApiClient.bearer(vertx, port(a), "supervisor", "supervisor-demo");
        await().atMost(Duration.ofSeconds(30)).until(() -> monitoring(supA, chatId).stream()
                .filter(e -> "MONITOR_ENDED".equals(e.getString("type"))
                        && e.getJsonObject("details").getString("reason").startsWith("console closed")).count() == 2);
        moved.sendRaw(line("v-after-b", "Anyone left?"));
        assertThat(watcherA.next("chatMonitorMessage").getString("text")).isEqualTo("Anyone left?");

        // The carrier (node c) leaves the cluster: the console on node a is told its session ended and why; node a
        // takes the chat over, and the supervisor watches it again, there.
        c.stop();
        nodes.remove(c);
        JsonObject endedByStop = watcherA.next("chatMonitorEnded", Duration.ofSeconds(30));
        assertThat(endedByStop.getString("interactionId")).isEqualTo(chatId);
        assertThat(endedByStop.getString("reason")).as(endedByStop.encode()).startsWith("node c, which carried the chat");
        // Until node a has taken the chat over, the list may fail with 503 (a node that stops does not answer).
        List<JsonObject> refusals = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonObject list = watcherA.command(new JsonObject().put("type", "chatList"));
            if (!"ack".equals(list.getString("type"))) {
                refusals.add(list);
                return false;
            }
            return list.getJsonObject("result").getJsonArray("chats").stream().anyMatch(o ->
                    chatId.equals(((JsonObject) o).getString("interactionId"))
                            && "a".equals(((JsonObject) o).getString("node")));
        });
        assertThat(refusals).allSatisfy(r -> assertThat(r.getInteger("status")).as(r.encode()).isEqualTo(503));
        JsonObject onA = watcherA.command(new JsonObject().put("type", "chatMonitor").put("interactionId", chatId));
        assertThat(onA.getString("type")).as(onA.encode()).isEqualTo("ack");
        assertThat(texts(watcherA.next("chatMonitorStarted").getJsonArray("messages"))).contains("Anyone left?");
        watcherA.close();
        walt.close();
        xena.close();
        moved.close();
        visitor.close();
        agent.close();
    }

    // ------------------------------------------------------------------ helpers

    private ContactCenter start(String nodeId, int hzPort, List<String> members, int rtpBase) throws Exception {
        Path file = ClusterTestConfig.write(work.resolve(nodeId + ".yaml"), work, pg.url("openucc"), nodeId, hzPort,
                members, rtpBase, true);
        String yaml = java.nio.file.Files.readString(file);
        assertThat(yaml).contains("    enabled: true\n    topics:");
        java.nio.file.Files.writeString(file, yaml.replace("    enabled: true\n    topics:",
                "    enabled: true\n    maxMonitoredChatsPerSupervisor: 2\n    topics:"));
        ContactCenter n = new ContactCenter(new ConfigLoader().load(file),
                name -> "OPENUCC_CLUSTER_SECRET".equals(name) ? SECRET : null);
        nodes.add(n);
        n.start();
        return n;
    }

    private static int port(ContactCenter n) {
        return n.http().port();
    }

    private ConsoleClient widget(ContactCenter n) {
        return ConsoleClient.connect(vertx, port(n), "/ws/chat", MultiMap.caseInsensitiveMultiMap());
    }

    private static String line(String clientId, String text) {
        return new JsonObject().put("type", "message").put("clientId", clientId).put("text", text).encode();
    }

    private static List<?> members(ContactCenter n) {
        Map<String, Object> cluster = n.health().get("cluster").toMap();
        return (List<?>) cluster.get("members");
    }

    private static JsonObject chatRow(ConsoleClient console, String chatId) {
        JsonObject list = console.command(new JsonObject().put("type", "chatList"));
        assertThat(list.getString("type")).as(list.encode()).isEqualTo("ack");
        JsonArray chats = list.getJsonObject("result").getJsonArray("chats");
        return chats.stream().map(o -> (JsonObject) o).filter(o -> chatId.equals(o.getString("interactionId")))
                .findFirst().orElseThrow(() -> new AssertionError("chat " + chatId + " is not in " + list.encode()));
    }

    /** The console received {@code first} before {@code then}. */
    private static void assertBefore(ConsoleClient console, JsonObject first, JsonObject then) {
        List<JsonObject> all = console.received();
        assertThat(all.indexOf(first)).as("%s before %s in %s", first, then, all).isNotNegative()
                .isLessThan(all.indexOf(then));
    }

    private static List<String> texts(JsonArray messages) {
        return messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
    }

    private static List<JsonObject> monitoring(ApiClient client, String interactionId) {
        HttpResponse<Buffer> r = client.get("/api/interactions/" + interactionId);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(e -> e.getString("type").startsWith("MONITOR_")).toList();
    }
}
