package org.openucc.outbound;

/** What the dialer does when answering-machine detection says a machine answered. */
public enum AmdMode {
    /** No detection: every answered call goes to an agent. */
    OFF,
    /** Hang up on machines (outcome MACHINE, retried per the schedule). */
    HANG_UP,
    /** Wait for the greeting to end, play the campaign's message prompt, hang up. */
    LEAVE_MESSAGE
}
