package org.openucc.telephony;

/** An operation could not complete because the call ended. */
public final class CallEndedException extends RuntimeException {
    private final EndCause cause;

    public CallEndedException(String callId, EndCause cause) {
        super("call " + callId + " ended (" + cause + ")");
        this.cause = cause;
    }

    public EndCause endCause() {
        return cause;
    }
}
