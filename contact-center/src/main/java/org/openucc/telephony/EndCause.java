package org.openucc.telephony;

/** Why a call leg ended. */
public enum EndCause {
    /** The remote party hung up (caller, or the agent's phone). */
    REMOTE_HANGUP,
    /** We hung up. */
    LOCAL_HANGUP,
    BUSY,
    NO_ANSWER,
    REJECTED,
    /** Cancelled before answer (e.g. the caller hung up while the agent rang). */
    CANCELLED,
    /** Transport or media failure, timeout of the signalling. */
    FAILED
}
