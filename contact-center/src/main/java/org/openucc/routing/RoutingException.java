package org.openucc.routing;

/** A command the engine cannot carry out (unknown id, wrong state); the message names what and why. */
public class RoutingException extends RuntimeException {
    private final Kind kind;

    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

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
