package org.openucc.routing;

/** What an agent is doing, as the supervisor sees it. */
public enum AgentState {
    LOGGED_OUT,
    NOT_READY,
    READY,
    /** An offer is pending (ringing). */
    RESERVED,
    BUSY,
    WRAP_UP
}
