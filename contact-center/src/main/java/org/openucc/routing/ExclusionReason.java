package org.openucc.routing;

/** Why an agent was not offered an interaction. */
public enum ExclusionReason {
    LOGGED_OUT,
    NOT_READY,
    /** Ringing with another offer. */
    RESERVED,
    BUSY,
    WRAP_UP,
    /** Ready, but the channel is at capacity or blocked by other work in hand (blending). */
    AT_CAPACITY,
    /** Ready, but the interaction rings a phone and the agent has no reachable (registered) phone. */
    NO_PHONE,
    MISSING_SKILL,
    LEVEL_TOO_LOW,
    /** Declined or missed this interaction a moment ago. */
    DECLINED_RECENTLY
}
