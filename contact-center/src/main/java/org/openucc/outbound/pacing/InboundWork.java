package org.openucc.outbound.pacing;

import java.time.Duration;
import java.util.Objects;

/**
 * Inbound interactions waiting in the queues that a campaign's agents also serve (blending).
 *
 * @param waiting how many inbound interactions wait now
 * @param longestWait how long the oldest of them has waited ({@link Duration#ZERO} when none waits)
 * @param serviceLevelAtRisk the ACD's view that a queue these agents serve is about to miss its service level
 */
public record InboundWork(int waiting, Duration longestWait, boolean serviceLevelAtRisk) {
    public static final InboundWork NONE = new InboundWork(0, Duration.ZERO, false);

    public InboundWork {
        Objects.requireNonNull(longestWait, "longestWait");
        if (waiting < 0 || longestWait.isNegative()) {
            throw new IllegalArgumentException("inbound work cannot be negative: " + waiting + " waiting, longest " + longestWait);
        }
    }
}
