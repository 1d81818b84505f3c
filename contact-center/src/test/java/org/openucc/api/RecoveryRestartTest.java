package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;

/**
 * Recovery after {@code kill -9}: the server runs as a child JVM with the demo configuration; chats,
 * an email, a callback and a call wait or are in an agent's hands, agents are ready, not ready or
 * busy; then the process gets SIGKILL and starts again on the same data directory. Waiting work is
 * back at its place with its waited time, the visitor resumes the chat and the agent who had it gets
 * it again with the transcript, the callback keeps its interaction, the call ends with its reason,
 * agents have their state back (an agent writing notes is still wrapping up the same mail until the same end,
 * offered nothing meanwhile), tokens still work, and no CDR stays IN_PROGRESS without being live.
 */
@ExtendWith(VertxExtension.class)
class RecoveryRestartTest {
    private static final Pattern LISTENING = Pattern.compile("HTTP API listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path work;
    private Process process;
    private Path log;

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void waitingWorkAgentsChatsAndSessionsSurviveKillDashNine(Vertx vertx) throws Exception {
        Path config = work.resolve("contact-center.yaml");
        Files.writeString(config, Files.readString(TestServer.DEMO_CONFIG, StandardCharsets.UTF_8)
                .replace("demoCustomers: 10000", "demoCustomers: 50")
                .replaceAll("(?m)^    businessHours: \\S+\\R", "")
                .replace("requireRegisteredPhone: true", "requireRegisteredPhone: false")
                .replace("capacity: {EMAIL: 8}          # works the mailbox only", "capacity: {EMAIL: 1}")
                .replace("wrapUp: 1m", "wrapUp: 10m"), // the email queue's: outlasts a slow restart
                StandardCharsets.UTF_8);

        int port = start(config, "first");
        ApiClient admin = ApiClient.bearer(vertx, port, "admin", "admin-demo");
        ApiClient alice = ApiClient.bearer(vertx, port, "alice", "alice-demo");
        ApiClient bob = ApiClient.bearer(vertx, port, "bob", "bob-demo");
        ApiClient heidi = ApiClient.bearer(vertx, port, "heidi", "heidi-demo");
        String aliceAuth = alice.sessionHeaders().get("authorization");
        String bobAuth = bob.sessionHeaders().get("authorization");
        String adminAuth = admin.sessionHeaders().get("authorization");

        // Alice goes to lunch; Bob takes the first chat and is busy with it.
        assertThat(alice.post("/api/agents/alice/state", new JsonObject().put("state", "NOT_READY")
                .put("reason", "lunch")).statusCode()).isEqualTo(200);
        String chat1;
        String token1;
        List<String> waitingChats = new ArrayList<>();
        String email;
        String notes;
        String notesEndAt;
        String callback;
        String call;
        try (ConsoleClient console = ConsoleClient.connect(vertx, port, "/ws/agent", bob.sessionHeaders());
             ConsoleClient visitor1 = ConsoleClient.connect(vertx, port, "/ws/chat", MultiMap.caseInsensitiveMultiMap());
             ConsoleClient visitor2 = ConsoleClient.connect(vertx, port, "/ws/chat", MultiMap.caseInsensitiveMultiMap());
             ConsoleClient visitor3 = ConsoleClient.connect(vertx, port, "/ws/chat", MultiMap.caseInsensitiveMultiMap())) {
            console.next("hello");
            console.command(new JsonObject().put("type", "ready"));
            JsonObject started = startChat(visitor1, "Vera Visitor");
            chat1 = started.getString("chatId");
            token1 = started.getString("resumeToken");
            assertThat(console.next("offer").getString("interactionId")).isEqualTo(chat1);
            console.command(AgentConsoleEndToEndTest.accept(chat1));
            visitor1.next("agentJoined");
            visitor1.sendRaw(new JsonObject().put("type", "message").put("clientId", "c1")
                    .put("text", "my parcel never came").encode());
            visitor1.next(m -> "receipt".equals(m.getString("type")) && "sent".equals(m.getString("status")), "sent");
            // Bob can take no more chats now: the next two wait, in this order.
            console.command(new JsonObject().put("type", "notReady").put("reason", "busy with one"));
            waitingChats.add(startChat(visitor2, "Walter Waiting").getString("chatId"));
            waitingChats.add(startChat(visitor3, "Wilma Waiting").getString("chatId"));

            // Heidi (one mail at a time) answers a mail and is writing her notes (ten minutes of wrap-up) at the crash.
            try (ConsoleClient desk = ConsoleClient.connect(vertx, port, "/ws/agent", heidi.sessionHeaders())) {
                desk.next("hello");
                desk.command(new JsonObject().put("type", "ready"));
                notes = admin.post("/api/interactions", new JsonObject().put("channel", "EMAIL").put("queueId", "email")
                        .put("email", "answered@example.com")).bodyAsJsonObject().getString("id");
                assertThat(desk.next("offer").getString("interactionId")).isEqualTo(notes);
                assertThat(desk.command(AgentConsoleEndToEndTest.accept(notes)).getString("type")).isEqualTo("ack");
                assertThat(desk.command(new JsonObject().put("type", "end").put("interactionId", notes))
                        .getString("type")).isEqualTo("ack");
                notesEndAt = desk.next("wrapUpStarted").getString("endsAt");
            }
            email = admin.post("/api/interactions", new JsonObject().put("channel", "EMAIL").put("queueId", "email")
                    .put("email", "writer@example.com").put("attributes", new JsonObject().put("email.subject",
                            "Where is my refund?"))).bodyAsJsonObject().getString("id");
            HttpResponse<Buffer> cb = ApiClient.anonymous(vertx, port).post("/api/callbacks", new JsonObject()
                    .put("name", "Carl Callback").put("phone", "+4930222222").put("queueId", "sales"));
            assertThat(cb.statusCode()).as(cb.bodyAsString()).isEqualTo(202);
            callback = cb.bodyAsJsonObject().getString("interactionId");
            call = admin.post("/api/interactions", new JsonObject().put("channel", "VOICE").put("queueId", "billing")
                    .put("phone", "+4930999999")).bodyAsJsonObject().getString("id");
            await().atMost(Duration.ofSeconds(10)).until(() -> live(admin, callback) != null && live(admin, call) != null);
        }
        long waitedBefore = live(admin, waitingChats.get(0)).getLong("waitedMillis");
        JsonObject chatFiguresBefore = await().atMost(Duration.ofSeconds(10))
                .until(() -> queueFigures(vertx, port, admin, "chat"), f -> f.getLong("offeredToday") == 3);

        process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 9);

        int again = start(config, "second");
        ApiClient admin2 = ApiClient.anonymous(vertx, again).as(adminAuth, null);
        ApiClient alice2 = ApiClient.anonymous(vertx, again).as(aliceAuth, null);
        ApiClient bob2 = ApiClient.anonymous(vertx, again).as(bobAuth, null);

        // Sessions survived: the old tokens still open the API.
        HttpResponse<Buffer> aliceNow = alice2.get("/api/agents/alice");
        assertThat(aliceNow.statusCode()).as(aliceNow.bodyAsString()).isEqualTo(200);
        assertThat(aliceNow.bodyAsJsonObject().getString("state")).isEqualTo("NOT_READY");
        assertThat(aliceNow.bodyAsJsonObject().getString("reason")).isEqualTo("lunch");
        assertThat(admin2.get("/api/agents/carol").bodyAsJsonObject().getString("state")).isEqualTo("LOGGED_OUT");
        JsonObject heidiNow = admin2.get("/api/agents/heidi").bodyAsJsonObject();
        assertThat(heidiNow.getString("state")).as("still writing her notes").isEqualTo("WRAP_UP");
        assertThat(heidiNow.getJsonArray("interactions").getList()).containsExactly(notes);

        // Waiting chats, email and callback are back at their places with their waited time.
        JsonArray chatQueue = admin2.get("/api/queues/chat/waiting").bodyAsJsonArray();
        List<String> waitingIds = new ArrayList<>();
        for (int i = 0; i < chatQueue.size(); i++) {
            JsonObject w = chatQueue.getJsonObject(i);
            if ("QUEUED".equals(w.getString("state"))) {
                waitingIds.add(w.getString("id"));
            }
        }
        assertThat(waitingIds).containsSubsequence(waitingChats);
        assertThat(live(admin2, waitingChats.get(0)).getInteger("position"))
                .isLessThan(live(admin2, waitingChats.get(1)).getInteger("position"));
        assertThat(live(admin2, waitingChats.get(0)).getLong("waitedMillis")).isGreaterThanOrEqualTo(waitedBefore);
        JsonObject mail = live(admin2, email);
        assertThat(mail.getString("state")).as("not offered to heidi, who is wrapping up").isEqualTo("QUEUED");
        assertThat(mail.getJsonObject("attributes").getString("email.subject")).isEqualTo("Where is my refund?");
        JsonObject cbNow = live(admin2, callback);
        assertThat(cbNow).as("the callback keeps its interaction").isNotNull();
        assertThat(cbNow.getString("queueId")).isEqualTo("sales");
        assertThat(admin2.get("/api/queues/sales/waiting").bodyAsJsonArray().size()).isEqualTo(1);

        // The supervisor's figures of the day are those from before the restart.
        JsonObject chatFigures = queueFigures(vertx, again, admin2, "chat");
        assertThat(chatFigures.getLong("offeredToday")).isEqualTo(chatFiguresBefore.getLong("offeredToday"));
        assertThat(chatFigures.getLong("answeredToday")).isEqualTo(1);
        assertThat(chatFigures.getInteger("waiting")).isEqualTo(3);
        assertThat(queueFigures(vertx, again, admin2, "billing").getInteger("waiting")).as("the ended call").isZero();
        assertThat(queueFigures(vertx, again, admin2, "sales").getLong("offeredToday")).isEqualTo(1);

        // The call's media died with the process: it ended, with the reason.
        JsonObject callDetail = admin2.get("/api/interactions/" + call).bodyAsJsonObject();
        assertThat(callDetail.getValue("live")).isNull();
        assertThat(callDetail.getJsonObject("summary").getString("endCause")).isEqualTo("server restarted: call media lost");

        // The visitor resumes with the token from before; Bob, busy with it before, gets it back with the transcript.
        try (ConsoleClient visitor = ConsoleClient.connect(vertx, again, "/ws/chat", MultiMap.caseInsensitiveMultiMap());
             ConsoleClient console = ConsoleClient.connect(vertx, again, "/ws/agent", bob2.sessionHeaders())) {
            visitor.sendRaw(new JsonObject().put("type", "resume").put("resumeToken", token1).encode());
            JsonObject resumed = visitor.next("resumed");
            assertThat(resumed.getString("chatId")).isEqualTo(chat1);
            assertThat(resumed.getJsonArray("messages").encode()).contains("my parcel never came");
            JsonObject hello = console.next("hello");
            String offered = hello.getJsonObject("offer") != null ? hello.getJsonObject("offer").getString("interactionId")
                    : console.next("offer").getString("interactionId");
            assertThat(offered).isEqualTo(chat1);
            console.command(AgentConsoleEndToEndTest.accept(chat1));
            JsonObject transcript = console.next("chatTranscript");
            assertThat(transcript.getJsonArray("messages").encode()).contains("my parcel never came");
            visitor.next("agentJoined");
        }

        // Heidi's console comes back with the wrap-up and its end; she finishes it, and then gets the waiting mail.
        try (ConsoleClient desk = ConsoleClient.connect(vertx, again, "/ws/agent",
                ApiClient.anonymous(vertx, again).as(heidi.sessionHeaders().get("authorization"), null).sessionHeaders())) {
            JsonArray inHand = desk.next("hello").getJsonArray("interactions");
            assertThat(inHand.size()).isEqualTo(1);
            assertThat(List.of(inHand.getJsonObject(0).getString("interactionId"), inHand.getJsonObject(0).getString("state"),
                    inHand.getJsonObject(0).getString("wrapUpEndsAt"))).isEqualTo(List.of(notes, "WRAP_UP", notesEndAt));
            JsonObject done = desk.command(new JsonObject().put("type", "wrapUp").put("interactionId", notes)
                    .put("disposition", "resolved").put("notes", "written across the restart"));
            assertThat(done.getString("type")).as(done.encode()).isEqualTo("ack");
            assertThat(desk.next("offer").getString("interactionId")).isEqualTo(email);
        }

        // No CDR is IN_PROGRESS unless the ACD holds it.
        JsonArray cdrs = admin2.get("/api/interactions?limit=100").bodyAsJsonObject().getJsonArray("items");
        for (int i = 0; i < cdrs.size(); i++) {
            JsonObject s = cdrs.getJsonObject(i);
            if ("IN_PROGRESS".equals(s.getString("outcome"))) {
                assertThat(live(admin2, s.getString("interactionId"))).as("IN_PROGRESS %s is live", s.encode())
                        .isNotNull();
            }
        }
        JsonObject health = ApiClient.anonymous(vertx, again).get("/health").bodyAsJsonObject();
        JsonObject recovery = health.getJsonObject("components").getJsonObject("recovery");
        assertThat(recovery.getString("status")).isEqualTo("UP");
        assertThat(recovery.getInteger("restoredChat")).isEqualTo(3);
        assertThat(recovery.getInteger("restoredEmail")).isEqualTo(1);
        assertThat(recovery.getInteger("restoredCallback")).isEqualTo(1);
        assertThat(recovery.getInteger("ended")).isEqualTo(1);
        assertThat(recovery.getInteger("agentsRestored")).isEqualTo(3);
        assertThat(recovery.getInteger("wrapUpsKept")).isEqualTo(1);
        assertThat(recovery.getInteger("sessionsRestored")).isGreaterThanOrEqualTo(3);
        assertThat(Files.readString(log)).contains("Recovery after restart");
    }

    /** The queue's figures in the supervisor's live view (a snapshot on /ws/supervisor). */
    private static JsonObject queueFigures(Vertx vertx, int port, ApiClient supervisor, String queueId) {
        try (ConsoleClient wall = ConsoleClient.connect(vertx, port, "/ws/supervisor", supervisor.sessionHeaders())) {
            JsonArray queues = wall.next("snapshot").getJsonArray("queues");
            for (int i = 0; i < queues.size(); i++) {
                if (queueId.equals(queues.getJsonObject(i).getString("queueId"))) {
                    return queues.getJsonObject(i);
                }
            }
            throw new AssertionError("no figures for queue " + queueId + " in " + queues.encode());
        }
    }

    private static JsonObject startChat(ConsoleClient visitor, String name) {
        visitor.sendRaw(new JsonObject().put("type", "start").put("name", name).put("topic", "support").encode());
        return visitor.next("started");
    }

    /** The interaction as the ACD holds it now, or null. */
    private static JsonObject live(ApiClient supervisor, String id) {
        HttpResponse<Buffer> r = supervisor.get("/api/interactions/" + id);
        if (r.statusCode() != 200) {
            return null;
        }
        Object v = r.bodyAsJsonObject().getValue("live");
        return v instanceof JsonObject o ? o : null;
    }

    private int start(Path config, String run) throws IOException {
        log = work.resolve("server-" + run + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ContactCenter.class.getName(), "--config", config.toString())
                .directory(Path.of("..").toAbsolutePath().normalize().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENUCC_"));
        pb.environment().put("OPENUCC_HTTP_PORT", "0");
        pb.environment().put("OPENUCC_SIP_PORT", "0");
        pb.environment().put("OPENUCC_DATA_DIR", work.resolve("data").toString());
        process = pb.start();
        return await().atMost(Duration.ofSeconds(90)).until(this::boundPort, p -> p > 0);
    }

    private int boundPort() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (String line : lines) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        assertThat(process.isAlive()).as("server still running; output so far: %s", lines).isTrue();
        return 0;
    }
}
