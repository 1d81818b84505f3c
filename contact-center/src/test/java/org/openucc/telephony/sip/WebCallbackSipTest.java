package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.CallbackConfig;
import org.openucc.config.ChannelsConfig;
import org.openucc.crm.DemoCustomers;

/**
 * Web callbacks over real SIP on loopback: the public request, the demo agent alice taking it on her
 * console, her registered test phone rung first, then the customer's test phone (reached through the
 * callback's dialUri), bridged; busy customers are retried and finally given up, all in the log.
 */
@ExtendWith(VertxExtension.class)
class WebCallbackSipTest {
    @TempDir
    Path dataDir;

    @Test
    void aCallbackRequestRingsTheAgentThenTheCustomerAndConnectsThem(Vertx vertx) throws Exception {
        try (TestPhone customer = new TestPhone("customer", "127.0.0.1", 9);
             TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                     c.channels().email(), callbacks(customer.port, 3, Duration.ofSeconds(1)))));
             TestPhone alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port())) {
            assertThat(alicePhone.register("alice-phone", 3600).getStatusCode()).isEqualTo(200);
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));

                HttpResponse<Buffer> asked = ApiClient.anonymous(vertx, server.port()).post("/api/callbacks",
                        new JsonObject().put("name", "Hannah Vogel").put("phone", DemoCustomers.VIP.phone())
                                .put("queueId", "general").put("note", "about my refund"));
                assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
                assertThat(asked.bodyAsJsonObject().getString("state")).isEqualTo("QUEUED");
                String id = asked.bodyAsJsonObject().getString("interactionId");

                JsonObject offer = console.next("offer");
                assertThat(offer.getString("interactionId")).isEqualTo(id);
                JsonObject pop = offer.getJsonObject("screenPop");
                assertThat(pop.getString("channel")).isEqualTo("CALLBACK");
                assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.VIP.customerId());
                assertThat(pop.getJsonObject("context").getString("callback.note")).isEqualTo("about my refund");
                console.command(new JsonObject().put("type", "accept").put("interactionId", id));

                TestPhone.Call atAgent = alicePhone.firstIncoming.get(10, TimeUnit.SECONDS);
                TestPhone.Call atCustomer = customer.firstIncoming.get(10, TimeUnit.SECONDS);
                ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
                await().atMost(Duration.ofSeconds(10)).until(() -> attempts(supervisor, id).contains("ANSWERED"));

                // Two-way audio through the server's bridge.
                atCustomer.rtp.startTone(440);
                atAgent.rtp.startTone(1200);
                await().atMost(Duration.ofSeconds(10)).until(() -> atAgent.rtp.audio().size() >= 25
                        && atCustomer.rtp.audio().size() >= 25);

                // The customer hangs up: the agent's leg ends too and the agent goes to wrap-up.
                atCustomer.bye().get(5, TimeUnit.SECONDS);
                atAgent.bye.get(10, TimeUnit.SECONDS);
                console.next("wrapUpStarted");

                HttpResponse<Buffer> history = alice.get("/api/customers/" + DemoCustomers.VIP.customerId() + "/history");
                assertThat(history.bodyAsString()).contains(id);
            }
        }
    }

    @Test
    void aBusyCustomerIsTriedAgainAndGivenUpAfterTheLastAttempt(Vertx vertx) throws Exception {
        try (TestPhone customer = new TestPhone("customer", "127.0.0.1", 9);
             TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                     c.channels().email(), callbacks(customer.port, 2, Duration.ofMillis(300)))));
             TestPhone alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port())) {
            customer.mode = TestPhone.Mode.BUSY;
            alicePhone.register("alice-phone", 3600);
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));
                HttpResponse<Buffer> asked = ApiClient.anonymous(vertx, server.port()).post("/api/callbacks",
                        new JsonObject().put("name", "Busy Bee").put("phone", "+4940555000").put("queueId", "general"));
                assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);

                String first = takeAndWrapUp(console);
                await().atMost(Duration.ofSeconds(10)).until(() -> attempts(supervisor, first).contains("BUSY"));
                String second = takeAndWrapUp(console);
                assertThat(second).isNotEqualTo(first);
                await().atMost(Duration.ofSeconds(10)).until(() -> attempts(supervisor, second).contains("BUSY"));
                JsonObject last = supervisor.get("/api/interactions/" + second).bodyAsJsonObject().getJsonArray("timeline")
                        .stream().map(e -> (JsonObject) e).filter(e -> "CALLBACK_ATTEMPT".equals(e.getString("type")))
                        .findFirst().orElseThrow();
                assertThat(last.getJsonObject("details").getInteger("attempt")).isEqualTo(2);
                assertThat(last.getJsonObject("details").getBoolean("final")).isTrue();
                assertThat(customer.incoming).hasSize(2);
            }
        }
    }

    private static String takeAndWrapUp(ConsoleClient console) {
        String id = console.next("offer").getString("interactionId");
        console.command(new JsonObject().put("type", "accept").put("interactionId", id));
        console.next(m -> "wrapUpStarted".equals(m.getString("type")) && id.equals(m.getString("interactionId")),
                "wrap-up of " + id);
        JsonObject done = console.command(new JsonObject().put("type", "wrapUp").put("interactionId", id)
                .put("disposition", "callback-scheduled"));
        assertThat(done.getString("type")).as(done.encode()).isEqualTo("ack");
        return id;
    }

    private static List<String> attempts(ApiClient supervisor, String interactionId) {
        return supervisor.get("/api/interactions/" + interactionId).bodyAsJsonObject().getJsonArray("timeline").stream()
                .map(e -> (JsonObject) e).filter(e -> "CALLBACK_ATTEMPT".equals(e.getString("type")))
                .map(e -> e.getJsonObject("details").getString("result")).toList();
    }

    private static CallbackConfig callbacks(int customerPort, int maxAttempts, Duration retryDelay) {
        return new CallbackConfig(true, List.of("general", "sales"), maxAttempts, retryDelay, Duration.ofSeconds(5), 5,
                null, "sip:{number}@127.0.0.1:" + customerPort, "1000");
    }
}
