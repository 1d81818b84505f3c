package org.openucc.routing;

/** What the engine did when told the customer left ({@link RoutingEngine#customerLeft}). */
public enum CustomerLeftResult {
    /** It was waiting or being offered: logged ABANDONED. */
    ABANDONED,
    /** It was connected: logged ENDED, the agent wraps up. */
    ENDED,
    /** It had ended already (wrap-up or after). */
    ALREADY_ENDED,
    /** The engine does not know it (never queued, or long gone). */
    NOT_ROUTED
}
