package org.openucc.auth;

import java.time.Instant;

/**
 * A logged-in caller: a console login (carried in a cookie) or an integration's bearer token.
 *
 * @param id        the SHA-256 of the token: names the session without being able to open it
 * @param expiresAt after this the token is refused and the session's WebSockets are closed
 */
public record Session(String id, Caller caller, Kind kind, Instant expiresAt) {
    public enum Kind {
        /** A browser login: HttpOnly, SameSite=Strict cookie. */
        COOKIE,
        /** An integration's {@code Authorization: Bearer} token. */
        TOKEN
    }

    /** The first characters of the id, enough to tell sessions apart in a log. */
    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
