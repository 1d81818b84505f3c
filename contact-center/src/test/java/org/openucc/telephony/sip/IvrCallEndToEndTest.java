package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.DemoCustomers;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * Issue 5's "done when" over real SIP and RTP, on the whole server with the demo configuration: a
 * caller dials the main number 1000, the IVR plays the main menu, the caller presses a key (RFC 4733
 * DTMF), waits in the queue the menu chose, the agent's registered phone rings and answers, and the
 * offer on the agent's WebSocket carries the customer the caller's number belongs to and the IVR path.
 */
@ExtendWith(VertxExtension.class)
class IvrCallEndToEndTest {
    static final java.time.Duration WAIT = DemoVoiceServer.WAIT;

    @TempDir
    Path dataDir;
    DemoVoiceServer demo;

    @BeforeEach
    void start() throws Exception {
        demo = new DemoVoiceServer(dataDir);
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void callerPressesSalesInTheMainMenuAndTheSalesAgentsPhoneRingsWithTheCustomerAndTheIvrPathOnTheConsole(Vertx vertx)
            throws Exception {
        DemoVoiceServer.Agent alice = demo.readyAgent(vertx, "alice", "2001");

        TestPhone.Call call = demo.phone(DemoCustomers.A_TIER.phone()).call("1000");
        assertThat(call.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        String interactionId = demo.awaitEvent(LogEventType.IVR_STEP, e -> "main-menu".equals(e.details().get("node")))
                .interactionId();
        await().atMost(WAIT).until(() -> call.rtp.audio().size() > 10); // the caller hears the menu
        call.rtp.sendDtmf('1', call.dtmfPayloadType());

        TestPhone.Call agentLeg = alice.phone().firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject offer = alice.console().next("offer");
        assertThat(offer.getString("interactionId")).isEqualTo(interactionId);
        JsonObject pop = offer.getJsonObject("screenPop");
        assertThat(pop.getString("queueId")).isEqualTo("sales");
        assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.A_TIER.customerId());
        assertThat(pop.getJsonObject("contact").getString("id")).isEqualTo(DemoCustomers.A_TIER.contactId());
        assertThat(pop.getString("tier")).isEqualTo("A");
        JsonObject context = pop.getJsonObject("context");
        assertThat(context.getString("ivr.path")).contains("main:main-menu > main:sales").contains("hold:wait");
        assertThat(context.getString("ivr.digits")).isEqualTo("main:main-menu=1");
        assertThat(context.getString("ivr.reason")).isEqualTo("sales");
        assertThat(context.getString("phone")).isEqualTo(DemoCustomers.A_TIER.phone());
        assertThat(context.getString("dialedNumber")).isEqualTo("1000");
        alice.console().next("connected");

        // The caller's audio reaches the agent through the bridge.
        call.rtp.startTone(440);
        await().atMost(WAIT).until(() -> agentLeg.rtp.audio().size() >= 25);
        assertThat(call.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        agentLeg.bye.get(5, TimeUnit.SECONDS);
        alice.console().next("wrapUpStarted");

        List<LogEvent> timeline = demo.timelineWith(interactionId, LogEventType.ENDED);
        assertThat(timeline).extracting(LogEvent::type).containsSubsequence(LogEventType.INTERACTION_CREATED,
                LogEventType.IVR_ENTERED, LogEventType.IVR_STEP, LogEventType.IVR_INPUT, LogEventType.QUEUED,
                LogEventType.OFFERED, LogEventType.CONNECTED, LogEventType.ENDED);
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.INTERACTION_CREATED).singleElement()
                .satisfies(e -> {
                    assertThat(e.customerId()).isEqualTo(DemoCustomers.A_TIER.customerId());
                    assertThat(e.details()).containsEntry("channel", "VOICE").containsEntry("direction", "INBOUND")
                            .containsEntry("attr.phone", DemoCustomers.A_TIER.phone());
                });
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.IVR_INPUT).first()
                .satisfies(e -> assertThat(e.details()).containsEntry("digits", "1").containsEntry("node", "main-menu"));
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.CONNECTED).singleElement()
                .satisfies(e -> assertThat(e.agentId()).isEqualTo("alice"));
    }

    @Test
    void callerFromAnUnknownNumberChoosesBillingTypesAccountAndPinAndTheBillingAgentSeesTheVerifiedCustomer(
            Vertx vertx) throws Exception {
        DemoVoiceServer.Agent carol = demo.readyAgent(vertx, "carol", "2003");

        TestPhone.Call call = demo.phone("+4940555000111").call("1000");
        assertThat(call.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        String interactionId = demo.awaitEvent(LogEventType.IVR_STEP, e -> "main-menu".equals(e.details().get("node")))
                .interactionId();
        call.rtp.sendDtmf('3', call.dtmfPayloadType());
        demo.awaitEvent(LogEventType.IVR_STEP, e -> e.interactionId().equals(interactionId)
                && "ask-account".equals(e.details().get("node")));
        for (char c : (DemoCustomers.A_TIER.accountNumber() + "#").toCharArray()) {
            call.rtp.sendDtmf(c, call.dtmfPayloadType());
        }
        demo.awaitEvent(LogEventType.IVR_STEP, e -> e.interactionId().equals(interactionId)
                && "ask-pin".equals(e.details().get("node")));
        for (char c : (DemoCustomers.A_TIER.pin() + "#").toCharArray()) {
            call.rtp.sendDtmf(c, call.dtmfPayloadType());
        }

        TestPhone.Call agentLeg = carol.phone().firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject pop = carol.console().next("offer").getJsonObject("screenPop");
        assertThat(pop.getString("queueId")).isEqualTo("billing");
        assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.A_TIER.customerId());
        JsonObject context = pop.getJsonObject("context");
        assertThat(context.getString("ivr.account")).isEqualTo(DemoCustomers.A_TIER.accountNumber());
        assertThat(context.getString("ivr.path")).contains("main:billing").contains("identify:verify > identify:verified");
        assertThat(context.getString("ivr.digits")).contains("main:main-menu=3")
                .contains("identify:ask-account=" + DemoCustomers.A_TIER.accountNumber())
                .contains("identify:ask-pin=****").doesNotContain(DemoCustomers.A_TIER.pin());
        carol.console().next("connected");
        call.bye().get(5, TimeUnit.SECONDS);
        agentLeg.bye.get(5, TimeUnit.SECONDS);
        List<LogEvent> timeline = demo.timelineWith(interactionId, LogEventType.ENDED);
        assertThat(timeline).extracting(LogEvent::type).contains(LogEventType.CUSTOMER_IDENTIFIED);
        assertThat(timeline.get(0).customerId()).as("nobody has the caller's number").isNull();
    }

    @Test
    void vipCallerIsRecognisedByNumberSkipsTheMenuAndReachesVipCareWithTheRecordOnTheScreen(Vertx vertx)
            throws Exception {
        DemoVoiceServer.Agent erin = demo.readyAgent(vertx, "erin", "2005");

        TestPhone.Call call = demo.phone(DemoCustomers.VIP.phone()).call("1000");
        assertThat(call.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);

        TestPhone.Call agentLeg = erin.phone().firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject pop = erin.console().next("offer").getJsonObject("screenPop");
        assertThat(pop.getString("queueId")).isEqualTo("vip");
        assertThat(pop.getJsonObject("customer").getString("name")).isEqualTo(DemoCustomers.VIP.name());
        assertThat(pop.getString("tier")).isEqualTo("VIP");
        assertThat(pop.getJsonArray("openCases").stream().map(c -> ((JsonObject) c).getString("subject")))
                .contains(DemoCustomers.VIP_OPEN_CASE_SUBJECT);
        assertThat(pop.getJsonObject("context").getString("ivr.path"))
                .contains("main:identify-caller > main:vip-check > main:vip").doesNotContain("main-menu");
        assertThat(pop.getJsonObject("context").getString("ivr.identifiedBy")).isEqualTo("caller-number");
        erin.console().next("connected");
        agentLeg.bye().get(5, TimeUnit.SECONDS); // the agent hangs up: the caller's leg ends too
        call.bye.get(5, TimeUnit.SECONDS);
        erin.console().next("wrapUpStarted");
    }

    @Test
    void directNumberCallersAreIdentifiedByNumberToo(Vertx vertx) throws Exception {
        DemoVoiceServer.Agent alice = demo.readyAgent(vertx, "alice", "2001");

        TestPhone.Call call = demo.phone(DemoCustomers.VIP.phone()).call("1001"); // sales, no IVR
        assertThat(call.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);

        JsonObject offer = alice.console().next("offer");
        JsonObject pop = offer.getJsonObject("screenPop");
        assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.VIP.customerId());
        assertThat(pop.getString("tier")).isEqualTo("VIP");
        assertThat(pop.getJsonObject("context").getMap()).doesNotContainKey("ivr.path");
        alice.phone().firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        alice.console().next("connected");
        call.bye().get(5, TimeUnit.SECONDS);
        List<LogEvent> timeline = demo.timelineWith(offer.getString("interactionId"), LogEventType.ENDED);
        assertThat(timeline.get(0).type()).isEqualTo(LogEventType.INTERACTION_CREATED);
        assertThat(timeline.get(0).queueId()).isEqualTo("sales");
        assertThat(timeline.get(0).customerId()).isEqualTo(DemoCustomers.VIP.customerId());
    }

    /**
     * Issue 14: a caller waiting in the queue presses 1 for a callback; the CALLBACK interaction the IVR
     * creates is in the log as created before it is queued (its QUEUED came first).
     */
    @Test
    void aCallbackAskedForInTheQueueIsLoggedAsCreatedBeforeItIsQueued() throws Exception {
        TestPhone.Call call = demo.phone(DemoCustomers.A_TIER.phone()).call("1000");
        assertThat(call.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        String interactionId = demo.awaitEvent(LogEventType.IVR_STEP, e -> "main-menu".equals(e.details().get("node")))
                .interactionId();
        await().atMost(WAIT).until(() -> call.rtp.audio().size() > 10);
        call.rtp.sendDtmf('1', call.dtmfPayloadType()); // sales, where nobody is ready: the caller waits
        demo.awaitEventOf(interactionId, LogEventType.QUEUED, e -> true);
        call.rtp.sendDtmf('1', call.dtmfPayloadType()); // the hold flow's key for a callback

        String callbackId = interactionId + "-callback";
        List<LogEvent> timeline = demo.timelineWith(callbackId, LogEventType.QUEUED);
        assertThat(timeline.get(0).type()).as("the callback's first event, of %s", timeline)
                .isEqualTo(LogEventType.INTERACTION_CREATED);
        assertThat(timeline.get(0).details()).containsEntry("attr.origin", "callback");
        assertThat(timeline).extracting(LogEvent::type)
                .containsSubsequence(LogEventType.INTERACTION_CREATED, LogEventType.QUEUED);
    }
}
