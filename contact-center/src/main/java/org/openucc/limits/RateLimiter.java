package org.openucc.limits;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key within a sliding window (e.g. chats started per client
 * address per minute). Keys whose window emptied are dropped, so a flood of addresses does not grow it forever.
 */
public final class RateLimiter {
    private final int limit;
    private final long windowMillis;
    private final InstantSource clock;
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration window, InstantSource clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Counts the event and says whether it is within the limit (an event over the limit is not counted). */
    public boolean tryAcquire(String key) {
        long now = clock.millis();
        boolean[] ok = new boolean[1];
        events.compute(key, (k, q) -> {
            Deque<Long> d = q == null ? new ArrayDeque<>() : q;
            while (!d.isEmpty() && d.peekFirst() <= now - windowMillis) {
                d.pollFirst();
            }
            if (d.size() < limit) {
                d.addLast(now);
                ok[0] = true;
            }
            return d.isEmpty() ? null : d;
        });
        return ok[0];
    }

    /** Seconds until the oldest counted event of the key leaves the window (for Retry-After). */
    public long retryAfterSeconds(String key) {
        long[] seconds = {1};
        events.computeIfPresent(key, (k, d) -> {
            if (!d.isEmpty()) {
                seconds[0] = Math.max(1, (d.peekFirst() + windowMillis - clock.millis() + 999) / 1000);
            }
            return d;
        });
        return seconds[0];
    }
}
