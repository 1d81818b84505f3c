package org.openucc.crash;

/**
 * One broken promise found after a restart (or a failover): which check, about what (an
 * interaction, an agent, a chat), and what was expected against what the server says.
 */
record Violation(String check, String subject, String message) {
    @Override
    public String toString() {
        return "[" + check + "] " + subject + ": " + message;
    }

    /** Same check about the same thing: reported once even if it stays broken in later rounds. */
    String key() {
        return check + "|" + subject;
    }
}
