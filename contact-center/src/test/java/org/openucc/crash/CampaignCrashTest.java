package org.openucc.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.telephony.sip.SipTestPhone;
import org.openucc.telephony.sip.Sipp;

/**
 * A running campaign survives {@code kill -9}: the server JVM is killed while a number rings, and the
 * restarted server ends that attempt's interaction in the log (its media is gone), puts its record back
 * on the list, dials again by itself (the campaign is still RUNNING) and takes the list to its end: no
 * record is lost, none is dialled more often than its campaign allows.
 */
@ExtendWith(VertxExtension.class)
class CampaignCrashTest {
    /** Numbers ending in 2 ring and are never answered (public-network.xml). */
    private static final List<String> NUMBERS = List.of("+49301234562", "+49301234572");

    @TempDir
    Path dir;

    @Test
    void aCampaignKilledMidDialFinishesItsListAfterTheRestart(Vertx vertx) throws Exception {
        Path sippDir = Files.createDirectories(dir.resolve("sipp"));
        Files.copy(Sipp.scenario("public-network.xml"), sippDir.resolve("public-network.xml"));
        Files.copy(Sipp.G711A_PCAP, sippDir.resolve("person.pcap"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Sipp.G711A_PCAP, sippDir.resolve("machine.pcap"), StandardCopyOption.REPLACE_EXISTING);
        int networkPort = Sipp.freeUdpPort();
        Path config = CrashConfig.write(dir.resolve("contact-center.yaml"), CrashConfig.freeRtpRange(new Random()),
                1, 1, 1);
        String yaml = Files.readString(config, StandardCharsets.UTF_8);
        assertThat(yaml).contains("  trunks: []\n");
        Files.writeString(config, yaml.replace("  trunks: []\n", "  trunks:\n    - {id: net, host: 127.0.0.1, port: "
                + networkPort + "}\n"), StandardCharsets.UTF_8);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path out = dir.resolve("server.out");

        try (Sipp network = Sipp.start(sippDir, "public-network.xml", "-sf",
                sippDir.resolve("public-network.xml").toString(), "-i", "127.0.0.1", "-p", Integer.toString(networkPort),
                "-mp", Integer.toString(Sipp.freeMediaPort()))) {
            ServerProcess server = ServerProcess.start(config, data, out, Map.of());
            String campaignId;
            String interrupted;
            SipTestPhone phone = SipTestPhone.open("2001", server.sipPort());
            try (ConsoleClient first = agentReady(vertx, server, phone)) {
                ApiClient supervisor = ApiClient.bearer(vertx, server.httpPort(), "supervisor", "supervisor-demo");
                HttpResponse<Buffer> created = supervisor.post("/api/campaigns", new JsonObject()
                        .put("name", "Crash").put("queueId", "telesales").put("mode", "PROGRESSIVE")
                        .put("callerId", "+4930555000").put("ringTimeoutSeconds", 15).put("maxAttempts", 2)
                        .put("identificationPromptId", "campaign-identification")
                        .put("retrySchedule", new JsonObject().put("finalOutcomes", new JsonArray().add("NO_ANSWER")))
                        .put("window", new JsonObject().put("from", "00:00").put("to", "00:00")
                                .put("days", new JsonArray(List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                                        "FRIDAY", "SATURDAY", "SUNDAY")))));
                assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
                campaignId = created.bodyAsJsonObject().getString("id");
                HttpResponse<Buffer> rows = supervisor.post("/api/campaigns/" + campaignId + "/records",
                        new JsonObject().put("rows", new JsonArray(NUMBERS.stream()
                                .map(n -> new JsonObject().put("phone", n)).toList())));
                assertThat(rows.statusCode()).as(rows.bodyAsString()).isEqualTo(200);
                assertThat(supervisor.post("/api/campaigns/" + campaignId + "/start", null).statusCode()).isEqualTo(200);

                await("a number rings").atMost(Duration.ofSeconds(20)).until(() ->
                        records(supervisor, campaignId, "DIALING").size() == 1);
                interrupted = records(supervisor, campaignId, "DIALING").get(0).getString("id");
                server.kill();
            } finally {
                server.destroy();
                phone.close();
            }

            ServerProcess again = ServerProcess.start(config, data, out, Map.of());
            try (SipTestPhone phoneAgain = SipTestPhone.open("2001", again.sipPort());
                 ConsoleClient console = agentReady(vertx, again, phoneAgain)) {
                ApiClient supervisor = ApiClient.bearer(vertx, again.httpPort(), "supervisor", "supervisor-demo");
                // The campaign dials on by itself and every record gets its outcome.
                try {
                    await("the list is finished after the restart").atMost(Duration.ofSeconds(90)).until(() ->
                            "FINISHED".equals(supervisor.get("/api/campaigns/" + campaignId).bodyAsJsonObject()
                                    .getString("state")));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    String log = again.output();
                    throw new AssertionError(e.getMessage() + "; records: " + records(supervisor, campaignId,
                            "PENDING,DIALING,DONE,FAILED") + "\nserver output:\n"
                            + log.substring(Math.max(0, log.length() - 20_000)), e);
                }
                Map<String, JsonObject> byId = records(supervisor, campaignId, "DONE,FAILED").stream()
                        .collect(Collectors.toMap(r -> r.getString("id"), r -> r));
                assertThat(byId).hasSize(NUMBERS.size());
                JsonObject cut = byId.get(interrupted);
                assertThat(cut.getInteger("attempts")).as(cut.encode()).isEqualTo(2);
                assertThat(cut.getString("lastOutcome")).as(cut.encode()).isEqualTo("NO_ANSWER");
                assertThat(byId.values()).allSatisfy(r -> assertThat(r.getInteger("attempts")).isLessThanOrEqualTo(2));

                // The attempt the crash cut short is ended in the log, with why.
                JsonArray attempts = supervisor.get("/api/events?type=INTERACTION_CREATED&limit=100").bodyAsJsonObject()
                        .getJsonArray("events");
                List<JsonObject> created = attempts.stream().map(e -> (JsonObject) e)
                        .filter(e -> campaignId.equals(e.getJsonObject("details").getString("attr.campaignId")))
                        .toList();
                assertThat(created).hasSize(3); // the cut attempt, its retry, the other record
                int lost = 0;
                for (JsonObject c : created) {
                    String interactionId = c.getString("interactionId");
                    JsonObject detail = supervisor.get("/api/interactions/" + interactionId).bodyAsJsonObject();
                    List<String> types = detail.getJsonArray("timeline").stream()
                            .map(e -> ((JsonObject) e).getString("type")).toList();
                    assertThat(types).as(detail.encode()).containsAnyOf("ENDED", "FAILED");
                    if (types.contains("FAILED")) {
                        lost++;
                        assertThat(detail.getJsonObject("summary").getString("endCause")).contains("media lost");
                        assertThat(c.getJsonObject("details").getString("attr.recordId")).isEqualTo(interrupted);
                    } else {
                        assertThat(types).as(detail.encode()).contains("DIAL_ATTEMPT");
                    }
                }
                assertThat(lost).as("the one attempt the crash cut short").isEqualTo(1);
            } finally {
                again.destroy();
            }
        }
    }

    /** alice logged in with a registered phone and READY; the console stays open while the test needs her. */
    private static ConsoleClient agentReady(Vertx vertx, ServerProcess server, SipTestPhone phone) throws Exception {
        assertThat(phone.register("alice-phone", 3600)).isEqualTo(200);
        ApiClient alice = ApiClient.bearer(vertx, server.httpPort(), "alice", "alice-demo");
        ConsoleClient console = ConsoleClient.connect(vertx, server.httpPort(), "/ws/agent", alice.sessionHeaders());
        console.next("hello");
        JsonObject ready = console.command(new JsonObject().put("type", "ready"));
        assertThat(ready.getString("type")).as(ready.encode()).isEqualTo("ack");
        return console;
    }

    private static List<JsonObject> records(ApiClient supervisor, String campaignId, String states) {
        HttpResponse<Buffer> r = supervisor.get("/api/campaigns/" + campaignId + "/records?state=" + states
                + "&limit=100");
        return r.bodyAsJsonObject().getJsonArray("items").stream().map(e -> (JsonObject) e).toList();
    }
}
