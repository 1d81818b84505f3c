package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallState;
import org.openucc.telephony.EndCause;

/**
 * sip.mediaTimeout does not count time on hold (the held party may stop sending RTP): a held, silent call
 * outlives a silent witness call that times out, and the count starts again once it is resumed.
 */
class MediaTimeoutHoldSipTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private TelephonyRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new TelephonyRig(null, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aHeldCallerWhoSendsNoRtpIsNotHungUpUntilResumedAndStillSilent() throws Exception {
        TestPhone.Call held = answered("5550000");
        CallControl heldControl = rig.nextCall();
        heldControl.answer().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(held.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        held.rtp.startTone(440);
        heldControl.hold().toCompletableFuture().get(5, TimeUnit.SECONDS);
        held.rtp.stopTone(); // on hold: the caller's RTP may stop

        // A witness call that never sends RTP: once it has timed out, the held call was silent as long.
        TestPhone.Call witness = answered("5550001");
        CallControl witnessControl = rig.nextCall();
        witnessControl.answer().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(witness.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        witness.bye.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended(witnessControl).detail()).isEqualTo("no audio from the caller for 2 s");

        assertThat(heldControl.state()).as("held: the silence is not counted").isEqualTo(CallState.HELD);
        assertThat(held.bye).isNotDone();

        heldControl.resume().toCompletableFuture().get(5, TimeUnit.SECONDS);
        held.bye.get(WAIT.toSeconds(), TimeUnit.SECONDS); // resumed and still silent: hung up after the timeout
        CallEvent.Ended ended = ended(heldControl);
        assertThat(ended.cause()).isEqualTo(EndCause.FAILED);
        assertThat(ended.detail()).isEqualTo("no audio from the caller for 2 s");
    }

    private TestPhone.Call answered(String from) throws Exception {
        return rig.phone(from).call("1000");
    }

    private CallEvent.Ended ended(CallControl control) {
        return await().atMost(WAIT).until(() -> rig.events.stream()
                .filter(e -> e instanceof CallEvent.Ended en && en.callId().equals(control.callId()))
                .map(CallEvent.Ended.class::cast).findFirst(), java.util.Optional::isPresent).get();
    }
}
