package org.openucc.outbound.pacing;

/** What one agent logged in to a campaign is doing, as the pacer needs to know it. */
public enum AgentActivity {
    /** Idle and ready for a campaign call (not yet connected to one). */
    READY,
    /** On a call of this campaign. */
    TALKING,
    /** In wrap-up after a call of this campaign. */
    WRAP_UP,
    /** Busy with inbound work (or another campaign); the pacer does not count on this agent. */
    BUSY_INBOUND,
    /** Logged in but not ready (break, training …). */
    NOT_READY
}
