package org.openucc.routing;

/** A command the engine cannot carry out (unknown id, wrong state); the message names what and why. */
public class RoutingException extends RuntimeException {
    private final Kind kind;

    /**
     * NOT_HOLDER: the command was sent on behalf of an agent who does not have the interaction in hand
     * (see {@link RoutingCommand}). UNAVAILABLE: the change could not be made durable (the
     * {@link RoutingJournal} failed it), so it is not acknowledged.
     */
    public enum Kind { NOT_FOUND, CONFLICT, INVALID, NOT_HOLDER, UNAVAILABLE }

    public RoutingException(String message) {
        this(Kind.INVALID, message);
    }

    public RoutingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static RoutingException notFound(String message) {
        return new RoutingException(Kind.NOT_FOUND, message);
    }

    static RoutingException conflict(String message) {
        return new RoutingException(Kind.CONFLICT, message);
    }
}
