package org.openucc.auth;

import java.time.Instant;
import java.util.List;

/**
 * Where sessions outlive the process, so consoles and integrations keep their cookie or token across a
 * restart. Holds the SHA-256 of each token ({@link Session#id()}), never the token. Blocking.
 */
public interface SessionPersistence {
    /** Durable when this returns. */
    void save(Session session);

    void delete(String sessionId);

    /** Sessions that have not expired at {@code now}. */
    List<Session> live(Instant now);

    /** The stored session with this id (token hash), expired or not; empty if none. */
    default java.util.Optional<Session> find(String sessionId) {
        return java.util.Optional.empty();
    }

    /** Forgets sessions expired at {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
