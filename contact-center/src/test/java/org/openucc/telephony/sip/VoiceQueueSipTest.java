package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.voice.CallStage;
import org.openucc.routing.OfferOutcome;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;

/** Calls into a queue over real SIP and RTP on loopback, reaching agents' registered test phones. */
class VoiceQueueSipTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    SipRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new SipRig();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void callReachesTheReadyAgentWithTwoWayAudioAndIsRecordedUntilTheCallerHangsUp() throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        TestPhone.Call call = answeredCallIntoTheQueue();
        call.rtp.startTone(440);

        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        agentCall.rtp.startTone(1200);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionConnected.class).isEmpty());
        assertThat(rig.events(RoutingEvent.InteractionConnected.class).get(0).agentId()).isEqualTo("ann");

        // The caller's audio reaches the agent and the agent's reaches the caller, relayed by the server.
        await().atMost(WAIT).until(() -> agentCall.rtp.audio().size() >= 50);
        int before = call.rtp.audio().size();
        await().atMost(WAIT).until(() -> call.rtp.audio().size() >= before + 50);
        var atAgent = agentCall.rtp.audio();
        Audio.assertPaced20ms(atAgent.subList(atAgent.size() - 40, atAgent.size()), 0);
        assertThat(atAgent.get(atAgent.size() - 1).level()).isGreaterThan(1000);

        assertThat(call.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        agentCall.bye.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionEnded.class).isEmpty());
        await().atMost(WAIT).until(() -> !rig.recordings.isEmpty());
        Path wav = rig.recordings.get(0);
        assertThat(wav).startsWith(rig.dataDir.resolve("recordings"));
        assertThat(Files.size(wav)).isGreaterThan(44 + 8000);
        double[] levels = Audio.channelLevels(wav);
        assertThat(levels).hasSize(2);
        assertThat(levels[0]).as("caller (left) level").isGreaterThan(500);
        assertThat(levels[1]).as("agent (right) level").isGreaterThan(500);
    }

    @Test
    void callerHearsTheGreetingPacedAt20msBeforeTheAgentAnswers() throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        ann.mode = TestPhone.Mode.RING;
        TestPhone.Call call = answeredCallIntoTheQueue();
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> call.rtp.audio().size() >= 60);
        var heard = call.rtp.audio().subList(0, 60);
        Audio.assertPaced20ms(heard, 0);
        assertThat(heard.get(0).marker()).isTrue();
        assertThat(heard.stream().mapToDouble(RtpProbe.Packet::level).max().orElse(0)).isGreaterThan(500);
        assertThat(agentCall.statuses).isEmpty();

        agentCall.answer();
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionConnected.class).isEmpty());
        call.bye().get(5, TimeUnit.SECONDS);
        agentCall.bye.get(5, TimeUnit.SECONDS);
    }

    @Test
    void busyAgentDeclinesAndTheCallIsOfferedToTheNextAgent() throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        ann.mode = TestPhone.Mode.BUSY;
        TestPhone bob = rig.readyAgent("bob");
        TestPhone.Call call = answeredCallIntoTheQueue();

        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionConnected.class).isEmpty());
        assertThat(rig.events(RoutingEvent.OfferEnded.class))
                .anyMatch(e -> e.agentId().equals("ann") && e.outcome() == OfferOutcome.DECLINED);
        assertThat(rig.events(RoutingEvent.InteractionConnected.class).get(0).agentId()).isEqualTo("bob");
        assertThat(rig.events(RoutingEvent.InteractionQueued.class)).anyMatch(RoutingEvent.InteractionQueued::requeued);
        TestPhone.Call bobCall = bob.firstIncoming.get(5, TimeUnit.SECONDS);
        call.bye().get(5, TimeUnit.SECONDS);
        bobCall.bye.get(5, TimeUnit.SECONDS);
    }

    @Test
    void callerWhoHangsUpWhileQueuedIsLoggedAsAbandoned() throws Exception {
        TestPhone.Call call = answeredCallIntoTheQueue();
        await().atMost(WAIT).until(() -> call.rtp.audio().size() >= 10); // greeting playing
        call.bye().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionAbandoned.class).isEmpty());
        assertThat(rig.events(RoutingEvent.InteractionAbandoned.class).get(0).waitedMillis()).isGreaterThan(0);
    }

    @Test
    void callerWhoHangsUpWhileTheAgentRingsCancelsTheAgentLeg() throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        ann.mode = TestPhone.Mode.RING;
        TestPhone.Call call = answeredCallIntoTheQueue();
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        call.bye().get(5, TimeUnit.SECONDS);
        agentCall.cancelled.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionAbandoned.class).isEmpty());
    }

    @Test
    void agentWhoHangsUpEndsTheCallerLegAndStartsWrapUp() throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        TestPhone.Call call = answeredCallIntoTheQueue();
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionConnected.class).isEmpty());
        agentCall.bye().get(5, TimeUnit.SECONDS);
        call.bye.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionEnded.class).isEmpty());
    }

    @Test
    void aCallTransferredToAQueueWaitsInTheDirectFlowAgainAndItsCallerCanStillHangUpWhileAPhoneRings()
            throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        TestPhone.Call call = answeredCallIntoTheQueue();
        TestPhone.Call agentCall = ann.firstIncoming.get(10, TimeUnit.SECONDS);
        String id = await().atMost(WAIT).until(() -> rig.events(RoutingEvent.InteractionConnected.class),
                c -> !c.isEmpty()).get(0).interactionId();

        ann.mode = TestPhone.Mode.RING; // the rig has no wrap-up: ann is offered the call again, and lets it ring
        rig.routing.send(new RoutingCommand.Transfer(id, "support", "ann")).toCompletableFuture().join();

        agentCall.bye.get(5, TimeUnit.SECONDS);
        // Back in the direct flow (following the ACD's entry, not queued again): music for the caller.
        await().atMost(WAIT).until(() -> rig.ivr.describe().get("activeCalls").equals(1));
        int before = call.rtp.audio().size();
        await().atMost(WAIT).until(() -> call.rtp.audio().size() >= before + 50);
        assertThat(rig.events(RoutingEvent.InteractionQueued.class)).filteredOn(q -> q.interactionId().equals(id))
                .hasSize(2);
        assertThat(rig.flow.liveCalls().keySet()).isSubsetOf(CallStage.IN_IVR, CallStage.QUEUED, CallStage.RINGING_AGENT)
                .isNotEmpty();

        call.bye().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionAbandoned.class).isEmpty());
        await().atMost(WAIT).until(() -> rig.flow.liveCalls().isEmpty() && rig.ivr.describe().get("activeCalls")
                .equals(0));
    }

    /** A caller dials the service number; the server answers at once (queued, the greeting playing). */
    private TestPhone.Call answeredCallIntoTheQueue() throws Exception {
        TestPhone.Call call = rig.phone("5551234").call(SipRig.NUMBER);
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        return call;
    }

    @Test
    void unknownNumberChallengesAStrangerAndIsRefusedWith404ToAnAuthenticatedPhone() throws Exception {
        TestPhone caller = rig.phone("5551234");
        TestPhone.Call call = caller.call("9999");
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(407);
        TestPhone ann = rig.phone("ann");
        TestPhone.Call authenticated = ann.authenticate(ann.call("9999"), "secret-ann");
        assertThat(authenticated.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(404);
    }
}
