package org.openucc.outbound.dialer;

import java.util.concurrent.CompletionStage;
import org.openucc.telephony.CallControl;

/** Answering-machine detection on an answered call (the telephony's own detector behind it). */
public interface MachineDetector {
    /**
     * Listens to the answered party; the audio judged is recorded as {@code sampleId} where the telephony can
     * (the leg reports it with a RecordingAvailable event), so supervisors can sample the verdicts.
     */
    CompletionStage<Verdict> detect(CallControl answered, String sampleId);

    /** Completes once a machine's greeting (and beep) is over, so a message left after it is recorded whole. */
    CompletionStage<Void> greetingOver(CallControl answered);

    /**
     * @param verdict        HUMAN, MACHINE or NOTSURE
     * @param cause          why (the detector's words, e.g. {@code LONGGREETING-1500})
     * @param analysisMillis how long the detection listened
     */
    record Verdict(String verdict, String cause, long analysisMillis) {
        /** An answering machine, not a person (NOTSURE goes to an agent). */
        public boolean machine() {
            return "MACHINE".equals(verdict);
        }
    }
}
