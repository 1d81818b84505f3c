package org.openucc.auth;

/** No valid session: missing, unknown or expired token, or a wrong password at login (HTTP 401). */
public final class NotAuthenticatedException extends RuntimeException {
    public NotAuthenticatedException(String message) {
        super(message);
    }
}
