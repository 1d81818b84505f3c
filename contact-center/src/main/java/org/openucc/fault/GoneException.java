package org.openucc.fault;

/** What was asked for existed but was deleted on purpose and will not come back (a recording past its retention). */
public final class GoneException extends RuntimeException {
    public GoneException(String message) {
        super(message);
    }
}
