package org.openucc.log;

/** How an interaction ended, as a CDR shows it. */
public enum InteractionOutcome {
    /** Not ended yet. */
    IN_PROGRESS,
    /** An agent took it. */
    ANSWERED,
    /** The customer left before an agent answered. */
    ABANDONED,
    /** Routing refused it (queue full, closed, unknown queue). */
    REJECTED,
    /** Ended before reaching a queue (IVR self-service, hang-up in the IVR). */
    SELF_SERVICE,
    /** Sent elsewhere and not answered here. */
    TRANSFERRED,
    /** A technical failure ended it. */
    FAILED
}
