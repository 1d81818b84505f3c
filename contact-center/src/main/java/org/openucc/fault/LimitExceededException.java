package org.openucc.fault;

import java.time.Duration;
import java.util.Optional;

/** A rate or count limit was reached; the caller may try again, after {@link #retryAfter()} when it is known. */
public final class LimitExceededException extends RuntimeException {
    private final Duration retryAfter;

    /** @param retryAfter when trying again may succeed, or null when it depends on the caller (e.g. closing a chat) */
    public LimitExceededException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whole seconds, rounded up, at least 1, when known. */
    public Optional<Long> retryAfterSeconds() {
        return retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000));
    }
}
