package org.openucc;

/** A component could not start; the message names the component and says why. */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
