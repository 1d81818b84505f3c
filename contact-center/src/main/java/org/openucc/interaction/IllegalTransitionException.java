package org.openucc.interaction;

/** A state machine was asked to make a move its table does not allow; names what and why. */
public final class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(String what, Enum<?> from, Enum<?> to, String cause) {
        super(what + ": illegal transition " + from + " -> " + to + " (on " + cause + ")");
    }
}
