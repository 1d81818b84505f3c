package org.openucc.auth;

/** The caller is known but may not do this: wrong role, or someone else's agent or interaction (HTTP 403). */
public final class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
