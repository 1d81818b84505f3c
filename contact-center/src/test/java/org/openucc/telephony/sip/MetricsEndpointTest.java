package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.config.MetricsConfig;

/**
 * {@code GET /metrics} on the demo server after real traffic: a SIP caller who waits in a queue and
 * hangs up, interactions offered to an agent's console who accepts one and declines another, refusals
 * counted by a door; the Prometheus text shows each with its value, and nobody without the scrape
 * token or a supervisor's session can read it. (Here, beside the in-process SIP phones it uses.)
 */
@ExtendWith(VertxExtension.class)
class MetricsEndpointTest {
    private static final String TOKEN = "scrape-token-for-the-test-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void scrapeShowsCallsQueuesOffersTheLogRejectionsAndTheJvmAndNeedsTheTokenOrASupervisor(Vertx vertx)
            throws Exception {
        try (DemoVoiceServer demo = new DemoVoiceServer(dataDir, c -> c.withMetrics(new MetricsConfig(null, TOKEN,
                null)))) {
            int port = demo.server.port();
            ApiClient anonymous = ApiClient.anonymous(vertx, port);
            ApiClient scraper = anonymous.as("Bearer " + TOKEN, null);

            // Who may scrape.
            HttpResponse<Buffer> refused = anonymous.get("/metrics");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
            assertThat(anonymous.as("Bearer not-the-token", null).get("/metrics").statusCode()).isEqualTo(401);
            assertThat(ApiClient.bearer(vertx, port, "alice", "alice-demo").get("/metrics").statusCode())
                    .isEqualTo(403);
            HttpResponse<Buffer> bySupervisor = ApiClient.cookie(vertx, port, "supervisor", "supervisor-demo")
                    .get("/metrics");
            assertThat(bySupervisor.statusCode()).isEqualTo(200);
            assertThat(bySupervisor.getHeader("content-type")).startsWith("text/plain; version=0.0.4");
            Map<String, Double> before = parse(scraper.get("/metrics").bodyAsString());
            assertThat(value(before, "openucc_queue_waiting", "queue", "support")).isEqualTo(0.0);
            assertThat(value(before, "openucc_interactions_started_total", "channel", "VOICE")).isEqualTo(0.0);

            // A caller dials the support number and waits (no agent is logged in), then hangs up.
            TestPhone.Call call = demo.phone("5550001").call("1004");
            assertThat(call.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            await().atMost(DemoVoiceServer.WAIT).until(() -> value(scrape(scraper), "openucc_queue_waiting", "queue",
                    "support") == 1.0);
            Map<String, Double> waiting = scrape(scraper);
            assertThat(value(waiting, "openucc_calls_active")).isEqualTo(1.0);
            assertThat(value(waiting, "openucc_queue_longest_wait_seconds", "queue", "support")).isGreaterThanOrEqualTo(0.0);
            assertThat(call.bye().get(10, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
            await().atMost(DemoVoiceServer.WAIT).until(() -> value(scrape(scraper), "openucc_calls_ended_total", "cause",
                    "abandoned") == 1.0);
            Map<String, Double> afterCall = scrape(scraper);
            assertThat(value(afterCall, "openucc_calls_started_total")).isEqualTo(1.0);
            assertThat(value(afterCall, "openucc_sip_invites_received_total")).isEqualTo(1.0);
            assertThat(value(afterCall, "openucc_interactions_started_total", "channel", "VOICE")).isEqualTo(1.0);
            assertThat(value(afterCall, "openucc_interactions_ended_total", "channel", "VOICE", "outcome", "abandoned"))
                    .isEqualTo(1.0);
            assertThat(value(afterCall, "openucc_calls_ended_total", "cause", "answered")).isEqualTo(0.0);
            assertThat(value(afterCall, "openucc_calls_ended_total", "cause", "self_service")).isEqualTo(0.0);
            assertThat(value(afterCall, "openucc_queue_waiting", "queue", "support")).isEqualTo(0.0);
            assertThat(value(afterCall, "openucc_queue_arrived_total", "queue", "support")).isEqualTo(1.0);
            assertThat(value(afterCall, "openucc_queue_abandoned_total", "queue", "support")).isEqualTo(1.0);
            assertThat(value(afterCall, "openucc_queue_wait_seconds_count", "outcome", "abandoned", "queue", "support"))
                    .isEqualTo(1.0);
            await().atMost(DemoVoiceServer.WAIT).until(() -> value(scrape(scraper), "openucc_calls_active") == 0.0);

            // Bob's console takes one chat and declines another.
            ApiClient bob = ApiClient.bearer(vertx, port, "bob", "bob-demo");
            ApiClient supervisor = ApiClient.bearer(vertx, port, "supervisor", "supervisor-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, port, "/ws/agent", bob.sessionHeaders())) {
                console.next("hello");
                assertThat(console.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                String first = chat(supervisor);
                assertThat(console.next("offer").getString("interactionId")).isEqualTo(first);
                assertThat(console.command(new JsonObject().put("type", "accept").put("interactionId", first))
                        .getString("type")).isEqualTo("ack");
                String second = chat(supervisor);
                assertThat(console.next("offer").getString("interactionId")).isEqualTo(second);
                assertThat(console.command(new JsonObject().put("type", "decline").put("interactionId", second))
                        .getString("type")).isEqualTo("ack");

                await().atMost(DemoVoiceServer.WAIT).until(() -> value(scrape(scraper),
                        "openucc_interactions_started_total", "channel", "CHAT") == 2.0);
                Map<String, Double> offers = scrape(scraper);
                assertThat(value(offers, "openucc_offers_total", "result", "made")).isEqualTo(2.0);
                assertThat(value(offers, "openucc_offers_total", "result", "accepted")).isEqualTo(1.0);
                assertThat(value(offers, "openucc_offers_total", "result", "declined")).isEqualTo(1.0);
                assertThat(value(offers, "openucc_offers_total", "result", "timed_out")).isEqualTo(0.0);
                assertThat(value(offers, "openucc_interactions_in_hand", "channel", "CHAT")).isEqualTo(1.0);
                assertThat(value(offers, "openucc_agents", "state", "BUSY")).isEqualTo(1.0);
                assertThat(value(offers, "openucc_queue_waiting", "queue", "chat")).isEqualTo(1.0);
                assertThat(value(offers, "openucc_queue_answered_total", "queue", "chat")).isEqualTo(1.0);
                assertThat(value(offers, "openucc_queue_wait_seconds_count", "outcome", "answered", "queue", "chat"))
                        .isEqualTo(1.0);
            }

            // What the doors refused, as every door reports it (contactCenter.rejections()).
            demo.contactCenter().rejections().count("http", "connections-per-address");
            demo.contactCenter().rejections().count("http", "connections-per-address");
            demo.contactCenter().rejections().count("sip", "invite-rate-per-source");
            Map<String, Double> last = scrape(scraper);
            assertThat(value(last, "openucc_rejections_total", "door", "http", "limit", "connections-per-address"))
                    .isEqualTo(2.0);
            assertThat(value(last, "openucc_rejections_total", "door", "sip", "limit", "invite-rate-per-source"))
                    .isEqualTo(1.0);

            // The interaction log's writer, the JVM and the process.
            assertThat(value(last, "openucc_log_commit_seconds_count")).isGreaterThan(0.0);
            assertThat(value(last, "openucc_log_events_stored_total")).isGreaterThan(0.0);
            assertThat(value(last, "openucc_log_events_failed_total")).isEqualTo(0.0);
            assertThat(value(last, "openucc_log_queue_depth")).isGreaterThanOrEqualTo(0.0);
            assertThat(last.entrySet().stream().filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{area=\"heap\""))
                    .mapToDouble(Map.Entry::getValue).sum()).isGreaterThan(0.0);
            assertThat(last.keySet()).anyMatch(k -> k.startsWith("jvm_gc_"));
            assertThat(value(last, "jvm_threads_live_threads")).isGreaterThan(0.0);
            assertThat(value(last, "process_uptime_seconds")).isGreaterThan(0.0);
            assertThat(last).containsKey("process_cpu_usage");
        }
    }

    private static String chat(ApiClient supervisor) {
        HttpResponse<Buffer> r = supervisor.post("/api/interactions", new JsonObject().put("channel", "CHAT")
                .put("queueId", "chat"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getString("id");
    }

    private static Map<String, Double> scrape(ApiClient scraper) {
        HttpResponse<Buffer> r = scraper.get("/metrics");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return parse(r.bodyAsString());
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** Every sample of the text format, keyed by its name and labels sorted by name: {@code name{a="1",b="2"}}. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line: " + line).isTrue();
            Map<String, String> labels = new java.util.TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.put(key(m.group(1), labels), Double.parseDouble(m.group(4)));
        }
        return out;
    }

    private static String key(String name, Map<String, String> sortedLabels) {
        StringBuilder b = new StringBuilder(name);
        if (!sortedLabels.isEmpty()) {
            b.append('{');
            sortedLabels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
            b.setLength(b.length() - 1);
            b.append('}');
        }
        return b.toString();
    }

    /** The value of one series; the labels are name, value pairs. Fails when the series is missing. */
    private static double value(Map<String, Double> samples, String name, String... labels) {
        Map<String, String> l = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        String key = key(name, l);
        if (!samples.containsKey(key)) {
            throw new AssertionError("no series " + key + " in the scrape; its series of that name: "
                    + samples.keySet().stream().filter(k -> k.startsWith(name)).toList());
        }
        return samples.get(key);
    }
}
