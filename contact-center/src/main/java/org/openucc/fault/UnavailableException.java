package org.openucc.fault;

import java.time.Duration;
import java.util.Optional;

/**
 * The service cannot take the request now or here: it is full, or not set up on this server; or a
 * peer it depends on (the SMTP server) refused it ({@link #byPeer()}).
 */
public final class UnavailableException extends RuntimeException {
    private final boolean byPeer;
    private final Duration retryAfter;

    private UnavailableException(String message, boolean byPeer, Duration retryAfter) {
        super(message);
        this.byPeer = byPeer;
        this.retryAfter = retryAfter;
    }

    /** Full, or not configured here. */
    public static UnavailableException here(String message) {
        return new UnavailableException(message, false, null);
    }

    /** Full or failing for now: trying again after {@code retryAfter} may succeed. */
    public static UnavailableException here(String message, Duration retryAfter) {
        return new UnavailableException(message, false, retryAfter);
    }

    /** A server we depend on refused or failed the request. */
    public static UnavailableException peer(String message) {
        return new UnavailableException(message, true, null);
    }

    /** Whole seconds, rounded up, at least 1, when known (a Retry-After header). */
    public Optional<Long> retryAfterSeconds() {
        return Optional.ofNullable(retryAfter).map(d -> Math.max(1, (d.toMillis() + 999) / 1000));
    }

    public boolean byPeer() {
        return byPeer;
    }
}
