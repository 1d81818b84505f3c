package org.openucc.routing;

/** How an offer that was not accepted ended. */
public enum OfferOutcome {
    DECLINED,
    TIMED_OUT,
    /** Withdrawn: someone else answered (ring-all), the customer left, or the agent logged out. */
    RESCINDED
}
