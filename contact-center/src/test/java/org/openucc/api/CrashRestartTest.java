package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.crm.DemoCustomers;

/**
 * Acknowledged means durable: the server runs as a child JVM; a customer is created and a call is
 * taken through to wrap-up with a note over the API and the agent WebSocket; then the process is
 * killed with SIGKILL (no shutdown hook runs) and started again on the same data directory. The
 * customer, the note and the interaction's whole timeline are still there.
 */
@ExtendWith(VertxExtension.class)
class CrashRestartTest {
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
    void acknowledgedWorkSurvivesKillDashNine(Vertx vertx) throws Exception {
        Path config = work.resolve("contact-center.yaml");
        Files.writeString(config, Files.readString(TestServer.DEMO_CONFIG, StandardCharsets.UTF_8)
                .replace("demoCustomers: 10000", "demoCustomers: 50")
                // Queues without calendars take work whenever the test runs.
                .replaceAll("(?m)^    businessHours: \\S+\\R", "")
                // Alice takes the call on the console only: no SIP phone needed.
                .replace("requireRegisteredPhone: true", "requireRegisteredPhone: false"), StandardCharsets.UTF_8);
        String note = "Crash-proof note: <i>refund</i> '; --";

        int port = start(config, "first");
        ApiClient alice = ApiClient.bearer(vertx, port, "alice", "alice-demo");
        ApiClient admin = ApiClient.bearer(vertx, port, "admin", "admin-demo");
        var customer = admin.post("/api/customers", new JsonObject().put("name", "Survivor GmbH"));
        assertThat(customer.statusCode()).isEqualTo(201);
        String interactionId;
        try (ConsoleClient console = ConsoleClient.connect(vertx, port, "/ws/agent", alice.sessionHeaders())) {
            console.next("hello");
            console.command(new JsonObject().put("type", "ready"));
            var created = admin.post("/api/interactions", new JsonObject().put("channel", "VOICE")
                    .put("queueId", "sales").put("phone", DemoCustomers.VIP.phone()));
            interactionId = created.bodyAsJsonObject().getString("id");
            assertThat(console.next("offer").getString("interactionId")).isEqualTo(interactionId);
            console.command(AgentConsoleEndToEndTest.accept(interactionId));
            console.command(new JsonObject().put("type", "end").put("interactionId", interactionId));
            JsonObject ack = console.command(new JsonObject().put("type", "wrapUp").put("interactionId", interactionId)
                    .put("disposition", "resolved").put("notes", note));
            assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
        }

        process.destroyForcibly(); // SIGKILL: no shutdown hook, no orderly close of the database
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 9);

        int again = start(config, "second");
        ApiClient aliceAgain = ApiClient.bearer(vertx, again, "alice", "alice-demo");
        AgentConsoleEndToEndTest.assertNoteAndTimeline(aliceAgain, interactionId, note);
        assertThat(aliceAgain.get("/api/customers/" + customer.bodyAsJsonObject().getString("id")).statusCode())
                .isEqualTo(200);
    }

    private int start(Path config, String run) throws IOException {
        log = work.resolve("server-" + run + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ContactCenter.class.getName(), "--config", config.toString())
                .directory(Path.of("..").toAbsolutePath().normalize().toFile()) // the repository root, like a user
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
