package org.openucc.telephony;

/** An operation could not complete because the call ended. */
public final class CallEndedException extends RuntimeException {
    private final EndCause cause;
    private final String detail;

    public CallEndedException(String callId, EndCause cause) {
        this(callId, cause, null);
    }

    /** @param detail why, in words (e.g. "no SIP trunk serves +1212..."), or null */
    public CallEndedException(String callId, EndCause cause, String detail) {
        super("call " + callId + " ended (" + cause + (detail == null ? "" : ": " + detail) + ")");
        this.cause = cause;
        this.detail = detail;
    }

    /** Why the call ended, in words, when the telephony said; null otherwise. */
    public String detail() {
        return detail;
    }

    public EndCause endCause() {
        return cause;
    }
}
