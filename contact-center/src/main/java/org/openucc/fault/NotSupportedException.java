package org.openucc.fault;

/** This server cannot do that at all as set up (e.g. call control with no voice adapter connected). */
public final class NotSupportedException extends RuntimeException {
    public NotSupportedException(String message) {
        super(message);
    }
}
