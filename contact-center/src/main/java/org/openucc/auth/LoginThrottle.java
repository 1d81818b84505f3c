package org.openucc.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.limits.Rejections;

/**
 * Slows down password guessing without handing the guesser a way to lock the real user out.
 *
 * <ul>
 * <li><b>Per user name and client address (the pair).</b> After {@code freeFailures} failed logins in
 * a row for one name from one address, that pair waits {@code firstDelay} before its next try, then
 * twice as long after each further failure, up to {@code maxDelay}. Only the pair waits: the real
 * user logging in from another address, and other users from the guesser's address, are not
 * affected. A successful login clears the pair.</li>
 * <li><b>Per client address (the ceiling).</b> An address that failed {@code maxFailuresPerAddress}
 * times within {@link #WINDOW} (guessing many names, each under the pair limit) may then only log
 * in as users who logged in successfully from that address before (remembered for
 * {@link #TRUST_FOR}); other names from it get 429 until its failures are older than the window.
 * So an office behind one address keeps working while someone in it sprays passwords: its regular
 * users are known there; the guesser's names are not.</li>
 * </ul>
 * Attempts refused here are not checked and not counted as failures. Everything is in memory
 * (a restart forgets failures and trusted pairs). Every refusal is counted in {@link Rejections}.
 */
public final class LoginThrottle {
    /** Failures older than this (after the last one) are forgotten; also the address ceiling's window. */
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** A successful login lets its name in from that address for this long when the address is over its ceiling. */
    static final Duration TRUST_FOR = Duration.ofDays(30);
    /** Past this many tracked keys, forgotten ones are swept (guessed names and addresses cost memory). */
    private static final int SWEEP_ABOVE = 10_000;

    private final InstantSource clock;
    private final int freeFailures;
    private final int maxFailuresPerAddress;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration forgetAfter;
    private final Rejections rejections;
    private final Map<String, Failures> pairs = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();
    private final Map<String, Instant> trusted = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    /**
     * @param freeFailures          failed logins in a row a name+address pair may make before it must wait
     * @param maxFailuresPerAddress failed logins of an address within {@link #WINDOW} before only its known users may log in
     * @param firstDelay            the pair's first wait; each further failure doubles it
     * @param maxDelay              the longest wait of a pair
     */
    public LoginThrottle(InstantSource clock, int freeFailures, int maxFailuresPerAddress, Duration firstDelay,
                         Duration maxDelay, Rejections rejections) {
        this.clock = clock;
        this.freeFailures = freeFailures;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay.compareTo(firstDelay) < 0 ? firstDelay : maxDelay;
        this.forgetAfter = this.maxDelay.multipliedBy(2).compareTo(WINDOW) > 0 ? this.maxDelay.multipliedBy(2) : WINDOW;
        this.rejections = rejections;
    }

    /** Failed attempts in a row, the last one, and until when the key must wait (null: it need not). */
    private record Failures(int count, Instant last, Instant until) {
    }

    /** @throws TooManyLoginAttemptsException if this name from this address must wait now */
    public void check(String username, String address) {
        Instant now = clock.instant();
        Failures pair = live(pairs, pairKey(username, address), now, forgetAfter);
        if (pair != null && pair.until() != null && now.isBefore(pair.until())) {
            rejections.count("login", "failed-logins-per-user-address");
            throw new TooManyLoginAttemptsException(Duration.between(now, pair.until()),
                    "too many failed logins for this user name from your address");
        }
        Failures byAddress = live(addresses, addressKey(address), now, WINDOW);
        if (byAddress != null && byAddress.count() >= maxFailuresPerAddress && !isTrusted(username, address, now)) {
            rejections.count("login", "failed-logins-per-address");
            throw new TooManyLoginAttemptsException(Duration.between(now, byAddress.last().plus(WINDOW)),
                    "too many failed logins from your address; only users who logged in from it before may log in now");
        }
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        pairs.compute(pairKey(username, address), (k, f) -> {
            int count = (f == null || forgotten(f, now, forgetAfter) ? 0 : f.count()) + 1;
            return new Failures(count, now, count >= freeFailures ? now.plus(delay(count)) : null);
        });
        addresses.compute(addressKey(address), (k, f) ->
                new Failures((f == null || forgotten(f, now, WINDOW) ? 0 : f.count()) + 1, now, null));
        sweep(now);
    }

    /** The right password: the pair's failures are forgotten and the name is known at this address. */
    public void succeeded(String username, String address) {
        pairs.remove(pairKey(username, address));
        trusted.put(pairKey(username, address), clock.instant());
    }

    /** The wait after the {@code count}-th failure in a row: first delay, doubled per further failure, capped. */
    Duration delay(int count) {
        int doublings = Math.min(count - freeFailures, 30);
        Duration d = firstDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    private boolean isTrusted(String username, String address, Instant now) {
        Instant since = trusted.get(pairKey(username, address));
        return since != null && now.isBefore(since.plus(TRUST_FOR));
    }

    private static Failures live(Map<String, Failures> map, String key, Instant now, Duration window) {
        Failures f = map.get(key);
        return f == null || forgotten(f, now, window) ? null : f;
    }

    private static boolean forgotten(Failures f, Instant now, Duration window) {
        return !now.isBefore(f.last().plus(window));
    }

    /** At most once a second, and only when big: forgotten failures and stale trust go. */
    private void sweep(Instant now) {
        if (pairs.size() + addresses.size() + trusted.size() <= SWEEP_ABOVE) {
            return;
        }
        long last = lastSweep.get();
        if (now.toEpochMilli() - last < 1000 || !lastSweep.compareAndSet(last, now.toEpochMilli())) {
            return;
        }
        pairs.values().removeIf(f -> forgotten(f, now, forgetAfter));
        addresses.values().removeIf(f -> forgotten(f, now, WINDOW));
        trusted.values().removeIf(since -> !now.isBefore(since.plus(TRUST_FOR)));
    }

    private static String pairKey(String username, String address) {
        return (username == null ? "" : username) + '\u0000' + (address == null ? "" : address);
    }

    private static String addressKey(String address) {
        return address == null ? "" : address;
    }
}
