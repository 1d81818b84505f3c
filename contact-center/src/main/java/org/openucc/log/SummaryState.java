package org.openucc.log;

import java.time.Instant;
import java.util.Objects;

/**
 * A CDR being built, plus what the fold must remember between events: when the current hold and
 * wrap-up began. Stored next to the summary so the fold can continue after a restart.
 */
public record SummaryState(InteractionSummary summary, Instant holdStartedAt, Instant wrapUpStartedAt) {
    public SummaryState {
        Objects.requireNonNull(summary, "summary");
    }

    public static SummaryState start(String interactionId) {
        return new SummaryState(new InteractionSummary(interactionId, null, null, null, null, null, null, null, null, null,
                0, 0, 0, 0, 0, 0, InteractionOutcome.IN_PROGRESS, null, null, null, 0), null, null);
    }
}
