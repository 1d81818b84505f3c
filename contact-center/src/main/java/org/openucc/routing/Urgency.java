package org.openucc.routing;

/**
 * The one rule that orders waiting interactions across queues and channels: higher (aged) priority,
 * then the greater risk of missing its queue's service level, then the earlier arrival, then the
 * lower sequence. Compared exactly, in integers: with aging step A the aged priority is
 * {@code p + waited/A}, and the risk is {@code waited/S}; cross-multiplying keeps ties exact, so the
 * order is total and, between queues of one {@linkplain #classKey urgency class}, fixed while both wait.
 */
final class Urgency {
    private Urgency() {
    }

    /** Whether {@code x} is more urgent than {@code y} at {@code now}. */
    static boolean moreUrgent(QueueEntry x, QueueEntry y, long now) {
        return compare(x, y, now) < 0;
    }

    /** Negative if {@code x} is more urgent than {@code y} at {@code now}, positive if less, 0 only for the same entry. */
    static int compare(QueueEntry x, QueueEntry y, long now) {
        long ax = x.queue.agingMillis;
        long ay = y.queue.agingMillis;
        long wx = x.waited(now);
        long wy = y.waited(now);
        int c;
        if (ax == ay) {
            // Same aging step: p + w/A orders as p*A + w (or as p without aging).
            c = ax > 0 ? Long.compare(y.priority * ax + wy, x.priority * ax + wx) : Integer.compare(y.priority, x.priority);
        } else {
            // (p + w/A) as a fraction N/D, compared by cross-multiplying.
            long nx = ax > 0 ? x.priority * ax + wx : x.priority;
            long dx = ax > 0 ? ax : 1;
            long ny = ay > 0 ? y.priority * ay + wy : y.priority;
            long dy = ay > 0 ? ay : 1;
            c = compareProducts(ny, dx, nx, dy);
        }
        if (c != 0) {
            return c;
        }
        long sx = Math.max(1, x.queue.serviceLevelMillis);
        long sy = Math.max(1, y.queue.serviceLevelMillis);
        c = sx == sy ? Long.compare(wy, wx) : compareProducts(wy, sx, wx, sy);
        if (c != 0) {
            return c;
        }
        c = Long.compare(x.arrivalMillis, y.arrivalMillis);
        return c != 0 ? c : Long.compare(x.seq, y.seq);
    }

    /** Sign of {@code a*b - c*d}, exact (128-bit products). */
    static int compareProducts(long a, long b, long c, long d) {
        long hi1 = Math.multiplyHigh(a, b);
        long hi2 = Math.multiplyHigh(c, d);
        if (hi1 != hi2) {
            return Long.compare(hi1, hi2);
        }
        return Long.compareUnsigned(a * b, c * d);
    }

    /** The aged priority as a number, for decisions' scores. */
    static double effectivePriority(QueueEntry e, long now) {
        long aging = e.queue.agingMillis;
        return aging > 0 ? e.priority + (double) e.waited(now) / aging : e.priority;
    }

    /**
     * Queues with the same aging step and service-level target form one urgency class: between two
     * entries of one class the rule above is the queue order ({@link RoutingQueue#ORDER}) and never
     * changes while they wait, so waiting groups of a class can be kept sorted by their heads.
     */
    static ClassKey classKey(RoutingQueue q) {
        return new ClassKey(q.agingMillis, Math.max(1, q.serviceLevelMillis));
    }

    record ClassKey(long agingMillis, long serviceLevelMillis) {
    }
}
