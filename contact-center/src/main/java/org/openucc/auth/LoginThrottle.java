package org.openucc.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxPerUser} failed logins in a row for one user name,
 * or {@code maxPerAddress} from one client address, that name or address is refused for the
 * lockout time. A successful login clears its user name's count; failures older than
 * {@link #FORGET_AFTER} are forgotten.
 */
public final class LoginThrottle {
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** Past this many tracked names and addresses, forgotten ones are swept (guessed names cost memory). */
    private static final int SWEEP_ABOVE = 10_000;

    private final InstantSource clock;
    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration lockout;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(InstantSource clock, int maxPerUser, int maxPerAddress, Duration lockout) {
        this.clock = clock;
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.lockout = lockout;
    }

    /** Failed attempts in a row and, once too many, until when the key is locked. */
    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    /** @throws TooManyLoginAttemptsException if the user name or the address is locked now */
    public void check(String username, String address) {
        Instant now = clock.instant();
        Duration wait = max(waitFor(userKey(username), now), waitFor(addressKey(address), now));
        if (!wait.isZero()) {
            throw new TooManyLoginAttemptsException(wait);
        }
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        count(userKey(username), maxPerUser, now);
        count(addressKey(address), maxPerAddress, now);
        if (failures.size() > SWEEP_ABOVE) {
            failures.values().removeIf(f -> f.lockedUntil() == null && f.last().plus(FORGET_AFTER).isBefore(now)
                    || f.lockedUntil() != null && f.lockedUntil().isBefore(now));
        }
    }

    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private void count(String key, int max, Instant now) {
        failures.compute(key, (k, f) -> {
            int before = f == null || f.last().plus(FORGET_AFTER).isBefore(now)
                    || f.lockedUntil() != null && !now.isBefore(f.lockedUntil()) ? 0 : f.count();
            int count = before + 1;
            return new Failures(count, now, count >= max ? now.plus(lockout) : null);
        });
    }

    private Duration waitFor(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
            return Duration.ZERO;
        }
        return Duration.between(now, f.lockedUntil());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
