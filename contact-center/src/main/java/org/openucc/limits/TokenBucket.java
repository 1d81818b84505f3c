package org.openucc.limits;

import java.util.function.LongSupplier;

/**
 * A steady rate with a burst: holds up to {@code capacity} tokens, refilled at {@code perSecond}; each
 * event takes one. Cheap enough to check on every WebSocket message (no allocation, one lock).
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    /** @param nanos a monotonic clock in nanoseconds (System::nanoTime) */
    public TokenBucket(int perSecond, int capacity, LongSupplier nanos) {
        if (perSecond <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("rate and capacity must be positive, not " + perSecond + "/" + capacity);
        }
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.nanos = nanos;
        this.tokens = capacity;
        this.last = nanos.getAsLong();
    }

    /** Takes a token if there is one; false means the event is over the rate. */
    public synchronized boolean tryTake() {
        long now = nanos.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
