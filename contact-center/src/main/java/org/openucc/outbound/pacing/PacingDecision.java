package org.openucc.outbound.pacing;

/**
 * How many new calls to place now, and why (for the supervisor view, the log and tests).
 *
 * @param callsToPlace new calls the runtime should place now (0 or more)
 * @param reason the rule that decided
 * @param callsInFlight calls ringing or answered and waiting, before these
 * @param readyAgents agents ready for a campaign call (after inbound work waiting for them is set aside)
 * @param expectedAbandonRatio predictive only: the model's expected abandoned / answered-by-a-person among the
 *     calls in flight and these new ones (0 otherwise)
 * @param allowedAbandonRatio predictive only: what the model was allowed (target × feedback × budget share)
 * @param budget abandoned calls the 30-day ledger still allows today
 */
public record PacingDecision(int callsToPlace, Reason reason, int callsInFlight, int readyAgents,
        double expectedAbandonRatio, double allowedAbandonRatio, double budget) {

    /** The rule that decided. */
    public enum Reason {
        /** Preview campaign: the agent dials. */
        PREVIEW,
        /** Progressive campaign: one line per ready agent. */
        PROGRESSIVE,
        /** Predictive campaign still measuring its first calls: progressive meanwhile. */
        WARM_UP,
        /** Predictive over-dial from the measured rates. */
        PREDICTIVE,
        /** Predictive campaign whose 30-day abandon budget is (nearly) spent: progressive. */
        BUDGET_LOW,
        /** Inbound work waits for these agents (under the threshold): progressive, inbound first. */
        INBOUND_WAITING,
        /** Inbound work waited past the threshold or its service level is at risk: no new calls. */
        INBOUND_BACK_OFF
    }
}
