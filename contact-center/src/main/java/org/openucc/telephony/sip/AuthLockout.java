package org.openucc.telephony.sip;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openucc.config.SipLimits;

/**
 * Locks out digest guessing (REGISTER and INVITE answers): a user name from one address after
 * {@code maxRegisterFailuresPerUser} wrong answers, and an address after
 * {@code maxRegisterFailuresPerSource} wrong answers whatever the names. Only the attacker's pair or
 * address is locked, so the real phone elsewhere still registers. Each further lockout of the same
 * key doubles, up to {@code registerLockoutMax}; a key forgets its failures after that long in peace.
 * Unknown user names count like known ones, so a lockout tells nothing about which names exist.
 */
final class AuthLockout {
    /** Keys kept at most; beyond, new user/address pairs are not tracked (addresses still are). */
    static final int MAX_KEYS = 100_000;

    /** What is locked for a request. */
    enum Lock { NONE, USER, SOURCE }

    private static final class Entry {
        int failures;
        int lockouts;
        long lockedUntil;
        long lastFailure;
    }

    private final int perUser;
    private final int perSource;
    private final long lockoutMillis;
    private final long lockoutMaxMillis;
    private final InstantSource clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    AuthLockout(SipLimits limits, InstantSource clock) {
        this.perUser = limits.maxRegisterFailuresPerUser();
        this.perSource = limits.maxRegisterFailuresPerSource();
        this.lockoutMillis = limits.registerLockout().toMillis();
        this.lockoutMaxMillis = limits.registerLockoutMax().toMillis();
        this.clock = clock;
    }

    Lock locked(String user, String source) {
        long now = clock.millis();
        if (lockedNow(sourceKey(source), now)) {
            return Lock.SOURCE;
        }
        return user != null && lockedNow(pairKey(user, source), now) ? Lock.USER : Lock.NONE;
    }

    /** How long until {@code user} may try again from {@code source} (zero if not locked). */
    Duration remaining(String user, String source) {
        long now = clock.millis();
        long until = Math.max(until(sourceKey(source)), user == null ? 0 : until(pairKey(user, source)));
        return Duration.ofMillis(Math.max(0, until - now));
    }

    /** One wrong answer; returns the lock it started, if any. */
    Lock failed(String user, String source) {
        long now = clock.millis();
        Lock started = Lock.NONE;
        if (user != null && fail(pairKey(user, source), perUser, now)) {
            started = Lock.USER;
        }
        if (fail(sourceKey(source), perSource, now)) {
            started = Lock.SOURCE;
        }
        return started;
    }

    /** A right answer: the pair's failures are forgotten (the address keeps its count). */
    void succeeded(String user, String source) {
        entries.computeIfPresent(pairKey(user, source), (k, e) -> e.lockedUntil > clock.millis() ? e : null);
    }

    /** Drops keys that are neither locked nor failed within the longest lockout (called by a timer). */
    void purge() {
        long now = clock.millis();
        entries.entrySet().removeIf(en -> {
            Entry e = en.getValue();
            synchronized (e) {
                return e.lockedUntil <= now && now - e.lastFailure > lockoutMaxMillis;
            }
        });
    }

    int size() {
        return entries.size();
    }

    private boolean fail(String key, int threshold, long now) {
        boolean[] started = new boolean[1];
        if (!key.startsWith("@") && entries.size() >= MAX_KEYS && !entries.containsKey(key)) {
            return false;
        }
        entries.compute(key, (k, e) -> {
            Entry x = e == null ? new Entry() : e;
            synchronized (x) {
                if (now - x.lastFailure > lockoutMaxMillis && x.lockedUntil <= now) {
                    x.failures = 0;
                    x.lockouts = 0; // a long peace: start over at the first lockout
                }
                x.lastFailure = now;
                if (x.lockedUntil > now) {
                    return x; // already locked: a failure while locked does not lengthen it
                }
                if (++x.failures >= threshold) {
                    long d = lockoutMillis << Math.min(x.lockouts, 30);
                    x.lockedUntil = now + Math.min(d <= 0 ? lockoutMaxMillis : d, lockoutMaxMillis);
                    x.lockouts++;
                    x.failures = 0;
                    started[0] = true;
                }
            }
            return x;
        });
        return started[0];
    }

    private boolean lockedNow(String key, long now) {
        return until(key) > now;
    }

    private long until(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return 0;
        }
        synchronized (e) {
            return e.lockedUntil;
        }
    }

    private static String sourceKey(String source) {
        return "@" + source;
    }

    private static String pairKey(String user, String source) {
        return user + '\u0000' + source;
    }
}
