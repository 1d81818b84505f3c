package org.openucc.telephony;

import java.util.concurrent.CompletionStage;

/**
 * A leg being dialed: {@link #answered()} completes with the answered call, or fails with a
 * {@link CallEndedException} naming BUSY, NO_ANSWER, REJECTED, CANCELLED or FAILED.
 */
public interface OutboundCall {
    String callId();

    CompletionStage<CallControl> answered();

    /** Stops ringing (CANCEL); no effect once answered. */
    void cancel();
}
