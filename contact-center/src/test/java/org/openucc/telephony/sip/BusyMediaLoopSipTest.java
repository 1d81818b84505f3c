package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.media.MediaLoops;

/**
 * Call set-up never waits behind media: with every RTP loop held busy (as a loop saturated by relaying
 * would be) and no spare session bound ahead, a call is still offered, answered, an agent's phone dialled
 * and answered and the two bridged; the media flows both ways once the loops are free.
 */
class BusyMediaLoopSipTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    TelephonyRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new TelephonyRig();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aCallIsOfferedAnsweredAndBridgedWhileEveryRtpLoopIsHeldBusy() throws Exception {
        var media = rig.telephony.media();
        TestPhone ann = rig.phone("ann");
        assertThat(ann.register("secret-ann", 600).getStatusCode()).isEqualTo(200);
        ann.payloadType = 8;
        TestPhone caller = rig.phone("5550000");
        caller.payloadType = 8;
        long missesBefore = MediaLoops.spareMisses(media);

        TestPhone.Call call;
        TestPhone.Call agentCall;
        CallControl control;
        CallControl agentLeg;
        try (MediaLoops.Held held = MediaLoops.holdEveryLoop(media)) {
            MediaLoops.dropSpares(media); // the next sessions must be bound for the call, not taken ready
            call = caller.call("1000");
            control = rig.nextCall(); // offered: its RTP session was bound without the loop
            control.answer().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
            var out = rig.telephony.dial(new DialRequest("agent:ann", "5550000", Duration.ofSeconds(5)), control);
            agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);
            agentLeg = out.answered().toCompletableFuture().get(5, TimeUnit.SECONDS);
            control.bridge(agentLeg, null).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(held.holding()).as("all of the set-up happened while the loops were held").isTrue();
            // The customer's leg found no spare and bound its own; the agent's leg may have found one the
            // binder bound meanwhile (off the held loops as well).
            assertThat(MediaLoops.spareMisses(media) - missesBefore)
                    .as("the customer's leg bound its own session (no spare was ready)").isGreaterThanOrEqualTo(1);
            assertThat(TestPhone.body(call.finalResponse.get(5, TimeUnit.SECONDS))).containsPattern("m=audio [1-9]");
        }

        call.rtp.startTone(440);
        agentCall.rtp.startTone(880);
        await().atMost(WAIT).until(() -> agentCall.rtp.audio().stream().filter(p -> p.level() > 1000).count() >= 10);
        await().atMost(WAIT).until(() -> call.rtp.audio().stream().filter(p -> p.level() > 1000).count() >= 10);
        agentLeg.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
        control.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
