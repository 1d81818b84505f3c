package org.openucc.fault;

/** The command does not fit the state of what it names (the chat has ended, the mail has nothing to answer). */
public final class StateConflictException extends RuntimeException {
    public StateConflictException(String message) {
        super(message);
    }
}
