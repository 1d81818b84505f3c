package org.openucc.telephony.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crash.ServerProcess;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.AgentPhone;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.CallerOptions;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.Callers;

/**
 * {@code kill -9} of OpenUCC (its own JVM, as an operator runs it) while Asterisk carries its calls:
 * a caller bridged with an agent stays bridged, a caller waiting in OpenUCC's queue hears music on
 * hold from the dialplan; after the restart the bridged call is the same interaction in the agent's
 * hands again and ends when the caller hangs up, and the waiting caller is back in its queue with
 * the same interaction and is answered by the next agent who goes ready.
 */
class AsteriskRestartTest {
    static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void killingOpenUccLeavesAsteriskCallsUpAndTheRestartTakesThemUpAgain() throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = AsteriskPbx.builder().agiPort(agi).agent("2001", "alice-phone").agent("2002", "bob-phone")
                .service("1001").service("1004").build().start()) {
            Path config = writeConfig(work.resolve("contact-center.yaml"), pbx, agi);
            Path data = work.resolve("data");
            Path output = work.resolve("server.log");
            Map<String, String> env = Map.of("OPENUCC_AMI_SECRET", pbx.amiSecret());
            Path sipp = work.resolve("sipp");
            ServerProcess first = ServerProcess.start(config, data, output, env);
            try (AgentPhone alicePhone = SippAgainstAsterisk.agent(pbx, sipp, "2001", "alice-phone");
                    AgentPhone bobPhone = SippAgainstAsterisk.agent(pbx, sipp, "2002", "bob-phone")) {
                alicePhone.awaitRegistered(LIMIT);
                bobPhone.awaitRegistered(LIMIT);
                Rest bob = Rest.login(first.httpPort(), "bob", "bob-demo");
                await("bob's device reachable").atMost(LIMIT).until(() ->
                        bob.get("/api/agents/bob").getBoolean("phoneReachable", false));
                assertThat(bob.post("/api/agents/bob/state", new JsonObject().put("state", "READY")).statusCode())
                        .isEqualTo(200);

                try (Callers talking = SippAgainstAsterisk.call(pbx, sipp,
                        CallerOptions.oneCall("1004", Duration.ofSeconds(75)).withAudioAfter(Duration.ofSeconds(60)));
                        Callers waiting = SippAgainstAsterisk.call(pbx, sipp,
                                CallerOptions.oneCall("1001", Duration.ofSeconds(150)))) {
                    // The callers first (the flow answers them before it queues them): a caller whose sipp died or
                    // whose call never reached the flow fails here with sipp's output, not as "bob never rang".
                    talking.awaitAnswered(1, LIMIT);
                    waiting.awaitAnswered(1, LIMIT);
                    bobPhone.awaitAnswered(1, LIMIT);
                    String bridged = await("bob has the call").atMost(LIMIT).until(() -> first(
                            bob.get("/api/agents/bob").getJsonArray("interactions")), id -> id != null);
                    Rest supervisor = Rest.login(first.httpPort(), "supervisor", "supervisor-demo");
                    String queued = await("a caller waits in sales").atMost(LIMIT).until(() -> first(
                            supervisor.getArray("/api/queues/sales/waiting")), id -> id != null);

                    first.kill();
                    // Asterisk carries on: the two still talk, the waiting caller hears the dialplan's music.
                    assertThat(pbx.cli("bridge show all")).contains("basic");
                    await("the waiting caller on music on hold").atMost(LIMIT)
                            .until(() -> pbx.cli("core show channels concise").contains("MusicOnHold"));
                    assertThat(talking.hungUpByAsterisk()).isZero();
                    assertThat(waiting.hungUpByAsterisk()).isZero();

                    ServerProcess second = ServerProcess.start(config, data, output, env);
                    try {
                        Rest bobAgain = Rest.login(second.httpPort(), "bob", "bob-demo");
                        Rest sup = Rest.login(second.httpPort(), "supervisor", "supervisor-demo");
                        await("the bridged call is bob's again").atMost(LIMIT).until(() -> {
                            JsonObject b = bobAgain.get("/api/agents/bob");
                            return "BUSY".equals(b.getString("state"))
                                    && bridged.equals(first(b.getJsonArray("interactions")));
                        });
                        await("the waiting caller back in sales, same interaction").atMost(LIMIT)
                                .until(() -> queued.equals(first(sup.getArray("/api/queues/sales/waiting"))));
                        assertThat(pbx.cli("bridge show all")).contains("basic");

                        // The caller hangs up: the reattached interaction ends as a hang-up, bob wraps up.
                        assertThat(talking.hangUpNow()).as("callers told to hang up").isEqualTo(1);
                        JsonObject ended = await("the bridged call ends with the caller's hang-up").atMost(LIMIT)
                                .until(() -> sup.get("/api/interactions/" + bridged).getJsonObject("summary"),
                                        i -> i.getString("endedAt") != null);
                        assertThat(ended.getString("endCause")).isEqualTo("caller hung up");
                        assertThat(ended.getString("agentId")).isEqualTo("bob");

                        Rest alice = Rest.login(second.httpPort(), "alice", "alice-demo");
                        assertThat(alice.post("/api/agents/alice/state", new JsonObject().put("state", "READY"))
                                .statusCode()).isEqualTo(200);
                        alicePhone.awaitAnswered(1, LIMIT);
                        await("alice talks to the caller who waited").atMost(LIMIT).until(() ->
                                queued.equals(first(alice.get("/api/agents/alice").getJsonArray("interactions"))));
                        assertThat(waiting.hungUpByAsterisk()).isZero();
                    } finally {
                        second.destroy();
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                String log = Files.readString(output);
                throw new AssertionError(e.getMessage() + "\n--- the servers' log (last 150 lines):\n"
                        + String.join("\n", log.lines().skip(Math.max(0, log.lines().count() - 150)).toList())
                        + "\n--- Asterisk:\n" + pbx.logTail(60), e);
            } finally {
                first.destroy();
            }
            assertThat(Files.readString(output)).contains("taken up again");
        }
    }

    private static String first(JsonArray items) {
        if (items == null || items.isEmpty()) {
            return null;
        }
        Object o = items.getValue(0);
        if (o instanceof JsonObject j) {
            return j.getString("id", j.getString("interactionId"));
        }
        return String.valueOf(o);
    }

    /** The demo configuration, always open, on free ports, with the Asterisk adapter pointed at {@code pbx}. */
    static Path writeConfig(Path file, AsteriskPbx pbx, int agiPort) throws Exception {
        String yaml = Files.readString(Path.of("..", "config", "contact-center.yaml"), StandardCharsets.UTF_8);
        yaml = yaml.replace("demoData: true", "demoData: false");
        yaml = yaml.replaceAll("(?m)^    businessHours: \\S+\\R", "");
        yaml = yaml.replace("  httpPort: 8080 ", "  httpPort: 0    ");
        yaml = yaml.replace("  port: 5060\n", "  port: 0\n");
        int rtp = AsteriskPbx.freeUdpRange(100);
        yaml = yaml.replace("rtpPortMin: 20000", "rtpPortMin: " + rtp).replace("rtpPortMax: 29999",
                "rtpPortMax: " + (rtp + 99));
        yaml = yaml.replace("  watch: true ", "  watch: false");
        // The demo's own (disabled) asterisk section goes: this one replaces it.
        yaml = yaml.replaceAll("(?m)^asterisk:\\n  enabled: false\\n(  #.*\\n)*", "");
        yaml += """

                asterisk:
                  enabled: true
                  servers:
                    - {name: pbx1, host: 127.0.0.1, port: %d, username: %s, secretEnv: OPENUCC_AMI_SECRET}
                  agiPort: %d
                  services:
                    - {number: "1001", queue: sales}
                    - {number: "1004", queue: support}
                """.formatted(pbx.amiPort(), pbx.amiUser(), agiPort);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /** A logged-in REST client of the server under test. */
    record Rest(HttpClient http, int port) {
        static Rest login(int port, String user, String password) throws Exception {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            Rest r = new Rest(http, port);
            HttpResponse<String> res = r.post("/api/auth/login", new JsonObject().put("username", user)
                    .put("password", password));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            return r;
        }

        HttpResponse<String> post(String path, JsonObject body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonObject get(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return new JsonObject(r.body());
        }

        JsonArray getArray(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            String body = r.body().trim();
            return body.startsWith("[") ? new JsonArray(body) : new JsonObject(body).getJsonArray("items");
        }
    }
}
