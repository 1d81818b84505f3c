package org.openucc.outbound.dialer;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.openucc.telephony.AmdSettings;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.RecordingHandle;

/**
 * Answering-machine detection by the call's own telephony ({@link CallControl#detectAnsweringMachine}:
 * the built-in stack's cadence and energy detector). A long initial silence counts as a machine, as in
 * Asterisk's AMD(); NOTSURE goes to an agent.
 */
public final class TelephonyMachineDetector implements MachineDetector {
    /** How long the machine must have been quiet before the message starts (after the beep). */
    static final Duration GREETING_OVER_SILENCE = Duration.ofMillis(1200);
    /** The longest a greeting is waited out before the message is played anyway. */
    static final Duration GREETING_OVER_TIMEOUT = Duration.ofSeconds(30);

    private final AmdSettings settings;

    public TelephonyMachineDetector(AmdSettings settings) {
        this.settings = settings;
    }

    @Override
    public CompletionStage<Verdict> detect(CallControl answered, String sampleId) {
        return answered.detectAnsweringMachine(settings, new RecordingHandle(sampleId)).thenApply(r -> new Verdict(
                r.verdict().name(), r.cause(), r.analysisMillis()));
    }

    @Override
    public CompletionStage<Void> greetingOver(CallControl answered) {
        return answered.awaitSilence(GREETING_OVER_SILENCE, GREETING_OVER_TIMEOUT).thenApply(quiet -> null);
    }
}
