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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.DialOutConfig;
import org.openucc.crm.DemoCustomers;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * Agents' own calls over real SIP on loopback: alice dials a number from the REST API her console
 * uses; her registered test phone rings first, then the customer's test phone (reached through the
 * dial-out's dialUri); they are bridged like any call, DTMF from the console reaches the customer's
 * side as RFC 4733 events, a hang-up puts alice in wrap-up, and every step is in the log as an
 * OUTBOUND_VOICE interaction. Refusals (numbers, agent states, roles, the per-agent limit) are JSON errors.
 */
@ExtendWith(VertxExtension.class)
class DialOutSipTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aNotReadyAgentDialsTheCustomerWhoIsRungAfterTheAgentAnsweredTheyTalkSendDtmfHangUpAndWrapUp(Vertx vertx)
            throws Exception {
        try (Rig rig = Rig.start(vertx, dataDir, 10)) {
            rig.alicePhone.mode = TestPhone.Mode.RING;
            JsonObject notReady = rig.alice.command(new JsonObject().put("type", "notReady").put("reason", "break"));
            assertThat(notReady.getString("type")).as(notReady.encode()).isNotEqualTo("error");

            HttpResponse<Buffer> dialled = rig.aliceApi.post("/api/agents/me/calls",
                    new JsonObject().put("number", "030 123456"));
            assertThat(dialled.statusCode()).as(dialled.bodyAsString()).isEqualTo(202);
            JsonObject started = dialled.bodyAsJsonObject();
            String id = started.getString("interactionId");
            assertThat(started.getString("number")).isEqualTo(DemoCustomers.VIP.phone());
            assertThat(started.getString("customerId")).as("identified by the number")
                    .isEqualTo(DemoCustomers.VIP.customerId());
            assertThat(started.getString("queueId")).isEqualTo("outbound");

            // The console gets the customer's screen pop and the call in hand at once, no offer to accept.
            JsonObject offer = rig.alice.next("offer");
            assertThat(offer.getString("interactionId")).isEqualTo(id);
            assertThat(offer.getJsonObject("screenPop").getString("channel")).isEqualTo("OUTBOUND_VOICE");
            assertThat(offer.getJsonObject("screenPop").getJsonObject("customer").getString("id"))
                    .isEqualTo(DemoCustomers.VIP.customerId());
            assertThat(rig.alice.next("connected").getString("interactionId")).isEqualTo(id);

            // The agent's phone first; the customer's rings only once the agent answered.
            TestPhone.Call atAgent = rig.alicePhone.firstIncoming.get(10, TimeUnit.SECONDS);
            assertThat(rig.customer.incoming).as("the customer is not rung before the agent answers").isEmpty();
            atAgent.answer();
            TestPhone.Call atCustomer = rig.customer.firstIncoming.get(10, TimeUnit.SECONDS);
            assertThat(atCustomer.invite.getRequestURI().toString()).contains("+4930123456");
            rig.await(id, LogEventType.DIAL_OUT_RESULT);

            // Two-way audio through the bridge.
            atCustomer.rtp.startTone(WebCallbackSipTest.CUSTOMER_TONE);
            atAgent.rtp.startTone(WebCallbackSipTest.AGENT_TONE);
            await().atMost(WAIT).until(() -> atAgent.rtp.audio().size() >= 25 && atCustomer.rtp.audio().size() >= 25);

            // DTMF from the console (another company's IVR): RFC 4733 events at the customer's side.
            HttpResponse<Buffer> dtmf = rig.aliceApi.post("/api/interactions/" + id + "/dtmf",
                    new JsonObject().put("digits", "1#"));
            assertThat(dtmf.statusCode()).as(dtmf.bodyAsString()).isEqualTo(204);
            JsonObject viaConsole = rig.alice.command(new JsonObject().put("type", "dtmf").put("interactionId", id)
                    .put("digits", "9*D"));
            assertThat(viaConsole.getString("type")).as(viaConsole.encode()).isEqualTo("ack");
            int dtmfPt = atCustomer.dtmfPayloadType();
            await().atMost(WAIT).until(() -> events(atCustomer, dtmfPt).equals(List.of(1, 11, 9, 10, 15)));
            assertThat(events(atAgent, atAgent.dtmfPayloadType())).as("the agent's side gets no DTMF").isEmpty();

            // Bob may not send DTMF on alice's call; bad digits are refused.
            ApiClient bob = ApiClient.bearer(vertx, rig.server.port(), "bob", "bob-demo");
            HttpResponse<Buffer> notHis = bob.post("/api/interactions/" + id + "/dtmf", new JsonObject().put("digits", "1"));
            assertThat(notHis.statusCode()).as(notHis.bodyAsString()).isEqualTo(403);
            assertThat(notHis.bodyAsJsonObject().getString("message")).contains(id);
            HttpResponse<Buffer> supervisorDtmf = rig.supervisor.post("/api/interactions/" + id + "/dtmf",
                    new JsonObject().put("digits", "1"));
            assertThat(supervisorDtmf.statusCode()).as(supervisorDtmf.bodyAsString()).isEqualTo(403);
            HttpResponse<Buffer> bad = rig.aliceApi.post("/api/interactions/" + id + "/dtmf",
                    new JsonObject().put("digits", "12x"));
            assertThat(bad.statusCode()).as(bad.bodyAsString()).isEqualTo(400);
            assertThat(bad.bodyAsString()).contains("digits");

            // Hold and resume as on any call; no DTMF while the customer hears the hold music.
            int sdps = atCustomer.remoteSdps.size();
            JsonObject held = rig.alice.command(new JsonObject().put("type", "hold").put("interactionId", id));
            assertThat(held.getString("type")).as(held.encode()).isEqualTo("ack");
            await().atMost(WAIT).until(() -> atCustomer.remoteSdps.size() > sdps);
            HttpResponse<Buffer> whileHeld = rig.aliceApi.post("/api/interactions/" + id + "/dtmf",
                    new JsonObject().put("digits", "1"));
            assertThat(whileHeld.statusCode()).as(whileHeld.bodyAsString()).isEqualTo(409);
            assertThat(whileHeld.bodyAsJsonObject().getString("message")).contains("on hold");
            JsonObject resumed = rig.alice.command(new JsonObject().put("type", "resume").put("interactionId", id));
            assertThat(resumed.getString("type")).as(resumed.encode()).isEqualTo("ack");

            // Busy with it: a second dial is refused, saying why.
            HttpResponse<Buffer> again = rig.aliceApi.post("/api/agents/me/calls",
                    new JsonObject().put("number", "+4940555000"));
            assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(409);
            assertThat(again.bodyAsJsonObject().getString("message")).contains("BUSY");

            // Hang-up from the console: both phones get a BYE, alice wraps up with a disposition.
            JsonObject hungUp = rig.alice.command(new JsonObject().put("type", "hangup").put("interactionId", id));
            assertThat(hungUp.getString("type")).as(hungUp.encode()).isEqualTo("ack");
            atCustomer.bye.get(5, TimeUnit.SECONDS);
            atAgent.bye.get(5, TimeUnit.SECONDS);
            rig.alice.next(m -> "wrapUpStarted".equals(m.getString("type")) && id.equals(m.getString("interactionId")),
                    "wrap-up of " + id);
            JsonObject wrapped = rig.alice.command(new JsonObject().put("type", "wrapUp").put("interactionId", id)
                    .put("disposition", "sale").put("notes", "ordered two pallets"));
            assertThat(wrapped.getString("type")).as(wrapped.encode()).isEqualTo("ack");

            List<LogEvent> timeline = rig.await(id, LogEventType.DISPOSITION, LogEventType.WRAP_UP_ENDED,
                    LogEventType.RECORDING_AVAILABLE, LogEventType.HELD, LogEventType.RESUMED);
            assertThat(timeline).extracting(LogEvent::type).containsSubsequence(LogEventType.INTERACTION_CREATED,
                    LogEventType.QUEUED, LogEventType.OFFERED, LogEventType.CONNECTED, LogEventType.DIAL_OUT_RESULT,
                    LogEventType.ENDED, LogEventType.WRAP_UP_STARTED, LogEventType.DISPOSITION);
            LogEvent created = timeline.get(0);
            assertThat(created.details()).containsEntry("channel", "OUTBOUND_VOICE").containsEntry("direction", "OUTBOUND");
            assertThat(created.queueId()).isEqualTo("outbound");
            assertThat(created.customerId()).isEqualTo(DemoCustomers.VIP.customerId());
            assertThat(timeline).filteredOn(e -> e.type() == LogEventType.CONNECTED).singleElement()
                    .satisfies(e -> assertThat(e.agentId()).isEqualTo("alice"));
            assertThat(timeline).filteredOn(e -> e.type() == LogEventType.DIAL_OUT_RESULT).singleElement()
                    .satisfies(e -> assertThat(e.details()).containsEntry("result", "ANSWERED")
                            .containsEntry("number", DemoCustomers.VIP.phone()));
            assertThat(timeline).filteredOn(e -> e.type() == LogEventType.OFFERED).singleElement()
                    .satisfies(e -> assertThat(e.agentId()).isEqualTo("alice"));
            assertThat(timeline).filteredOn(e -> e.type() == LogEventType.DISPOSITION).singleElement()
                    .satisfies(e -> assertThat(e.details()).containsEntry("code", "sale"));
            assertThat(timeline.toString()).as("DTMF digits are not logged").doesNotContain("9*D");
            var cdr = rig.server.contactCenter().store().interactionLog().summary(id).orElseThrow();
            assertThat(cdr.channel()).isEqualTo("OUTBOUND_VOICE");
            assertThat(cdr.agentId()).isEqualTo("alice");
            assertThat(cdr.disposition()).isEqualTo("sale");
            // Back to NOT_READY as she was before the call, not READY.
            await().atMost(WAIT).until(() -> "NOT_READY".equals(rig.aliceApi.get("/api/agents/alice").bodyAsJsonObject()
                    .getString("state")));
        }
    }

    @Test
    void aBusyCustomerEndsTheDialOutWithItsResultAndTheAgentWrapsUp(Vertx vertx) throws Exception {
        try (Rig rig = Rig.start(vertx, dataDir, 10)) {
            rig.customer.mode = TestPhone.Mode.BUSY;
            rig.alice.command(new JsonObject().put("type", "ready"));
            HttpResponse<Buffer> dialled = rig.aliceApi.post("/api/agents/me/calls",
                    new JsonObject().put("number", "+4940555000").put("customerId", DemoCustomers.C_TIER.customerId()));
            assertThat(dialled.statusCode()).as(dialled.bodyAsString()).isEqualTo(202);
            String id = dialled.bodyAsJsonObject().getString("interactionId");
            assertThat(dialled.bodyAsJsonObject().getString("customerId")).as("the customer the console named")
                    .isEqualTo(DemoCustomers.C_TIER.customerId());
            TestPhone.Call atAgent = rig.alicePhone.firstIncoming.get(10, TimeUnit.SECONDS);
            atAgent.bye.get(10, TimeUnit.SECONDS);
            rig.alice.next(m -> "wrapUpStarted".equals(m.getString("type")) && id.equals(m.getString("interactionId")),
                    "wrap-up of " + id);
            List<LogEvent> timeline = rig.await(id, LogEventType.DIAL_OUT_RESULT, LogEventType.ENDED);
            assertThat(timeline).filteredOn(e -> e.type() == LogEventType.DIAL_OUT_RESULT).singleElement()
                    .satisfies(e -> assertThat(e.details()).containsEntry("result", "BUSY"));
            assertThat(timeline).filteredOn(e -> e.type() == LogEventType.ENDED).first()
                    .satisfies(e -> assertThat(String.valueOf(e.details().get("reason"))).contains("BUSY"));
            JsonObject wrapped = rig.alice.command(new JsonObject().put("type", "wrapUp").put("interactionId", id)
                    .put("disposition", "follow-up"));
            assertThat(wrapped.getString("type")).as(wrapped.encode()).isEqualTo("ack");
        }
    }

    @Test
    void refusalsAreJsonErrorsAndStartNothing(Vertx vertx) throws Exception {
        try (Rig rig = Rig.start(vertx, dataDir, 1)) {
            rig.alice.command(new JsonObject().put("type", "ready"));
            // Numbers: an emergency number, no number, a kind agents may not dial; an unknown customer.
            for (String[] c : new String[][] {{"112", "emergency"}, {"12", "not a phone number"},
                {"+499001234567", "premium rate"}}) {
                HttpResponse<Buffer> r = rig.aliceApi.post("/api/agents/me/calls", new JsonObject().put("number", c[0]));
                assertThat(r.statusCode()).as(c[0] + ": " + r.bodyAsString()).isEqualTo(400);
                assertThat(r.bodyAsString()).contains("number").contains(c[1]);
            }
            HttpResponse<Buffer> noCustomer = rig.aliceApi.post("/api/agents/me/calls",
                    new JsonObject().put("number", "+4940555000").put("customerId", "cus_nobody"));
            assertThat(noCustomer.statusCode()).as(noCustomer.bodyAsString()).isEqualTo(400);
            assertThat(noCustomer.bodyAsString()).contains("customerId");
            HttpResponse<Buffer> unknownField = rig.aliceApi.post("/api/agents/me/calls",
                    new JsonObject().put("number", "+4940555000").put("queueId", "vip"));
            assertThat(unknownField.statusCode()).as(unknownField.bodyAsString()).isEqualTo(400);

            // Roles and agents: anonymous 401, a supervisor (no agent) 403, bob logged out 409,
            // erin logged in without a registered phone 409.
            assertThat(ApiClient.anonymous(vertx, rig.server.port()).post("/api/agents/me/calls",
                    new JsonObject().put("number", "+4940555000")).statusCode()).isEqualTo(401);
            HttpResponse<Buffer> supervisor = rig.supervisor.post("/api/agents/me/calls",
                    new JsonObject().put("number", "+4940555000"));
            assertThat(supervisor.statusCode()).as(supervisor.bodyAsString()).isEqualTo(403);
            HttpResponse<Buffer> bob = ApiClient.bearer(vertx, rig.server.port(), "bob", "bob-demo")
                    .post("/api/agents/me/calls", new JsonObject().put("number", "+4940555000"));
            assertThat(bob.statusCode()).as(bob.bodyAsString()).isEqualTo(409);
            assertThat(bob.bodyAsJsonObject().getString("message")).contains("LOGGED_OUT");
            ApiClient frank = ApiClient.bearer(vertx, rig.server.port(), "frank", "frank-demo");
            assertThat(frank.post("/api/agents/frank/state", new JsonObject().put("state", "READY")).statusCode())
                    .isEqualTo(200);
            HttpResponse<Buffer> noPhone = frank.post("/api/agents/me/calls", new JsonObject().put("number", "+4940555000"));
            assertThat(noPhone.statusCode()).as(noPhone.bodyAsString()).isEqualTo(409);
            assertThat(noPhone.bodyAsJsonObject().getString("message")).contains("phone");
            assertThat(rig.customer.incoming).isEmpty();
            assertThat(rig.alicePhone.incoming).isEmpty();

            // The per-agent limit (1 a minute here): the first dial goes out, the second gets 429.
            rig.customer.mode = TestPhone.Mode.BUSY;
            HttpResponse<Buffer> first = rig.aliceApi.post("/api/agents/me/calls",
                    new JsonObject().put("number", "+4940555000"));
            assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
            String id = first.bodyAsJsonObject().getString("interactionId");
            rig.alice.next(m -> "wrapUpStarted".equals(m.getString("type")) && id.equals(m.getString("interactionId")),
                    "wrap-up of " + id);
            assertThat(rig.alice.command(new JsonObject().put("type", "wrapUp").put("interactionId", id)
                    .put("disposition", "no-sale")).getString("type")).isEqualTo("ack");
            HttpResponse<Buffer> second = rig.aliceApi.post("/api/agents/me/calls",
                    new JsonObject().put("number", "+4940555000"));
            assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(429);
            assertThat(second.getHeader("retry-after")).isNotNull();
            assertThat(rig.alicePhone.incoming).hasSize(1);
        }
    }

    /** The DTMF events (RFC 4733 event codes) a phone received, one per event (its end packets collapsed). */
    static List<Integer> events(TestPhone.Call call, int dtmfPt) {
        List<Integer> out = new ArrayList<>();
        long lastTs = -1;
        for (RtpProbe.Packet p : call.rtp.received) {
            if (p.payloadType() == dtmfPt && p.payload().length >= 4 && p.timestamp() != lastTs) {
                out.add(p.payload()[0] & 0xff);
                lastTs = p.timestamp();
            }
        }
        return out;
    }

    /** The demo server with dial-out on, alice's phone registered and her console open, a customer's test phone. */
    static final class Rig implements AutoCloseable {
        final TestPhone customer;
        final TestServer server;
        final TestPhone alicePhone;
        final ApiClient aliceApi;
        final ApiClient supervisor;
        final ConsoleClient alice;

        private Rig(Vertx vertx, TestPhone customer, TestServer server, TestPhone alicePhone) throws Exception {
            this.customer = customer;
            this.server = server;
            this.alicePhone = alicePhone;
            assertThat(alicePhone.register("alice-phone", 3600).getStatusCode()).isEqualTo(200);
            aliceApi = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            alice = ConsoleClient.connect(vertx, server.port(), "/ws/agent", aliceApi.sessionHeaders());
            alice.next("hello");
        }

        static Rig start(Vertx vertx, Path dataDir, int callsPerMinute) throws Exception {
            TestPhone customer = new TestPhone("customer", "127.0.0.1", 9);
            TestServer server = null;
            TestPhone alicePhone = null;
            try {
                // As shipped: calls only to agents with a registered phone.
                server = TestServer.start(dataDir, c -> c.withSip(c.sip().withRequireRegisteredPhone(true))
                        .withChannels(c.channels().withDialOut(new DialOutConfig(true, "outbound",
                                "sip:{number}@127.0.0.1:" + customer.port, "1000", Duration.ofSeconds(10),
                                callsPerMinute, null))));
                alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port());
                return new Rig(vertx, customer, server, alicePhone);
            } catch (Exception | AssertionError e) {
                if (alicePhone != null) {
                    alicePhone.close();
                }
                if (server != null) {
                    server.close();
                }
                customer.close();
                throw e;
            }
        }

        /** The interaction's timeline once it holds an event of each type. */
        List<LogEvent> await(String id, LogEventType... types) {
            InteractionLog log = server.contactCenter().store().interactionLog();
            return org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
                log.flush().join();
                return log.timeline(id);
            }, t -> Arrays.stream(types).allMatch(type -> t.stream().anyMatch(e -> e.type() == type)));
        }

        @Override
        public void close() {
            alice.close();
            alicePhone.close();
            server.close();
            customer.close();
        }
    }
}
