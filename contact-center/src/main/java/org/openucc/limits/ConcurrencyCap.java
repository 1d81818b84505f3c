package org.openucc.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of something each key holds open at once (connections per address, calls per source,
 * calls waiting per queue), with a cap checked and counted in one atomic step. Keys that hold
 * nothing are dropped, so a flood of keys does not grow it forever.
 */
public final class ConcurrencyCap {
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    /** Takes one for {@code key} if it holds fewer than {@code cap}; false (nothing taken) otherwise. */
    public boolean tryAcquire(String key, int cap) {
        boolean[] taken = new boolean[1];
        open.compute(key, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= cap) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        return taken[0];
    }

    /** Gives one back (after a successful {@link #tryAcquire}). */
    public void release(String key) {
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Keys holding at least one. */
    public int keys() {
        return open.size();
    }

    /** What each key holds now. */
    public Map<String, Integer> snapshot() {
        return Map.copyOf(open);
    }
}
