package org.openucc.outbound.dialer;

/** What a campaign does about answering machines. */
public enum AmdAction {
    /** No detection: every answer goes to an agent. */
    OFF,
    /** Detect; a machine is hung up on. */
    HANG_UP,
    /** Detect; after a machine's greeting, the campaign's message is played, then the call ends. */
    LEAVE_MESSAGE
}
