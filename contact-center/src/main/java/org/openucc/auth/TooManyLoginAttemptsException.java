package org.openucc.auth;

import java.time.Duration;

/** Logins for this user name from this address, or from this address, are paused (HTTP 429 with Retry-After). */
public final class TooManyLoginAttemptsException extends RuntimeException {
    private final Duration retryAfter;

    public TooManyLoginAttemptsException(Duration retryAfter) {
        this(retryAfter, "too many failed logins");
    }

    /** @param why what is paused, without the wait (added here) */
    public TooManyLoginAttemptsException(Duration retryAfter, String why) {
        super(why + "; try again in " + seconds(retryAfter) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, rounded up, at least 1: what a Retry-After header carries. */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
