package org.openucc.store;

/** The database failed (unreachable, full, a constraint this code did not expect); says what was being done. */
public final class StoreException extends RuntimeException {
    public StoreException(String doing, Throwable cause) {
        super(doing + " failed: " + cause.getMessage(), cause);
    }
}
