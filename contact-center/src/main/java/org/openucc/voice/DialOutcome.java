package org.openucc.voice;

import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.EndCause;

/** How an agent-first dial-out (a web callback) went: bridged, or why not. */
public sealed interface DialOutcome {
    /** Agent and customer are bridged; from now on the call is the voice flow's like any other. */
    record Connected(String customerCallId) implements DialOutcome {
    }

    /**
     * @param result BUSY, NO_ANSWER, REJECTED, CANCELLED, FAILED for the customer's leg; the same with an
     *               {@code AGENT_} prefix for the agent's phone; AGENT_HANGUP, ENDED
     */
    record Failed(String result, String detail) implements DialOutcome {
    }

    static String causeName(Throwable failure) {
        Throwable t = VoiceQueueFlow.cause(failure);
        return t instanceof CallEndedException e ? e.endCause().name() : EndCause.FAILED.name();
    }
}
