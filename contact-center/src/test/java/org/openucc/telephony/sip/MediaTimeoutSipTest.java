package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.routing.AgentState;
import org.openucc.routing.RoutingEvent;

/**
 * sip.mediaTimeout over real SIP and RTP on loopback: a party that vanishes without a BYE (its RTP stops) is
 * hung up after the timeout (2 s here, 60 s by default), the other leg gets its BYE, the interaction ends with
 * the reason and the agent goes to wrap-up; a call whose parties keep sending audio stays up.
 */
class MediaTimeoutSipTest {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private SipRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new SipRig(MEDIA_TIMEOUT);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aCallerWhoseRtpStopsWithoutAByeIsHungUpAfterTheTimeoutAndTheAgentIsFreed() throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        TestPhone.Call call = connectedCall(ann);
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);

        call.rtp.stopTone(); // the caller's phone is gone: no more RTP, no BYE
        call.bye.get(WAIT.toSeconds(), TimeUnit.SECONDS); // our BYE to the vanished caller
        agentCall.bye.get(WAIT.toSeconds(), TimeUnit.SECONDS); // the agent's leg ends as when the caller hangs up
        RoutingEvent.InteractionEnded ended = await().atMost(WAIT)
                .until(() -> rig.events(RoutingEvent.InteractionEnded.class), e -> !e.isEmpty()).get(0);
        assertThat(ended.agentId()).isEqualTo("ann");
        assertThat(ended.reason()).isEqualTo("the call was lost: no audio from the caller for 2 s");
        await().atMost(WAIT).until(() -> rig.events(RoutingEvent.AgentStateChanged.class).stream()
                .anyMatch(s -> s.agentId().equals("ann") && s.from() == AgentState.BUSY));
        await().atMost(WAIT).until(() -> rig.telephony.stats().get("activeCalls").equals(0));
    }

    @Test
    void anAgentPhoneWhoseRtpStopsIsHungUpAndTheCallerGetsItsBye() throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        TestPhone.Call call = connectedCall(ann);
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);

        agentCall.rtp.stopTone();
        agentCall.bye.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        call.bye.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        RoutingEvent.InteractionEnded ended = await().atMost(WAIT)
                .until(() -> rig.events(RoutingEvent.InteractionEnded.class), e -> !e.isEmpty()).get(0);
        assertThat(ended.reason()).isEqualTo("the agent's call was lost: no audio from the called phone for 2 s");
    }

    @Test
    void aCallWhosePartiesKeepSendingAudioStaysUpPastTheTimeout() throws Exception {
        TestPhone ann = rig.readyAgent("ann");
        TestPhone.Call call = connectedCall(ann);
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);

        // 200 more packets of 20 ms reach the agent: 4 s of audio, twice the timeout (and 4 sweeps).
        int before = agentCall.rtp.audio().size();
        await().atMost(WAIT).until(() -> agentCall.rtp.audio().size() >= before + 200);
        assertThat(call.bye).as("no BYE to a caller who sends audio").isNotDone();
        assertThat(agentCall.bye).as("no BYE to an agent who sends audio").isNotDone();
        assertThat(rig.events(RoutingEvent.InteractionEnded.class)).isEmpty();

        assertThat(call.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        agentCall.bye.get(5, TimeUnit.SECONDS);
        RoutingEvent.InteractionEnded ended = await().atMost(WAIT)
                .until(() -> rig.events(RoutingEvent.InteractionEnded.class), e -> !e.isEmpty()).get(0);
        assertThat(ended.reason()).isEqualTo("caller hung up");
    }

    /** A caller in the queue, connected to ann, both sending audio that reaches the other side. */
    private TestPhone.Call connectedCall(TestPhone ann) throws Exception {
        TestPhone.Call call = rig.phone("5551234").call(SipRig.NUMBER);
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        call.rtp.startTone(440);
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        agentCall.rtp.startTone(1200);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionConnected.class).isEmpty());
        await().atMost(WAIT).until(() -> agentCall.rtp.audio().size() >= 25);
        int before = call.rtp.audio().size();
        await().atMost(WAIT).until(() -> call.rtp.audio().size() >= before + 25);
        return call;
    }
}
