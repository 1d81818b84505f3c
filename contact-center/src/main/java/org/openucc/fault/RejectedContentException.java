package org.openucc.fault;

/** Content (a file a visitor sent) refused for what it is: too large, or of a type not accepted. */
public final class RejectedContentException extends RuntimeException {
    /** Why the content was refused. */
    public enum Reason { TOO_LARGE, UNSUPPORTED_TYPE }

    private final Reason reason;

    private RejectedContentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public static RejectedContentException tooLarge(String message) {
        return new RejectedContentException(Reason.TOO_LARGE, message);
    }

    /** The declared type is not accepted, or the content is not what it claims to be. */
    public static RejectedContentException unsupportedType(String message) {
        return new RejectedContentException(Reason.UNSUPPORTED_TYPE, message);
    }

    public Reason reason() {
        return reason;
    }
}
