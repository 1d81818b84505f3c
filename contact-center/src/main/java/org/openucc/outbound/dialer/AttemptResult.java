package org.openucc.outbound.dialer;

/** How one dialled attempt of a campaign ended, as the log and the calling list see it. */
public enum AttemptResult {
    /** A person answered and an agent joined; the agent's disposition is the record's outcome. */
    CONNECTED,
    BUSY,
    NO_ANSWER,
    /** The callee (or the network) refused the call. */
    REJECTED,
    /** No trunk took it, the trunk failed, or the number could not be dialled. */
    FAILED,
    /** An answering machine answered (hung up, or a message was left). */
    MACHINE,
    /** A person answered and no agent joined within the abandon time: identified, then hung up. */
    ABANDONED,
    /** The person hung up before an agent joined (within the abandon time). */
    HUNG_UP,
    /** The server stopped (or the campaign was stopped) while the call was in flight. */
    LOST
}
