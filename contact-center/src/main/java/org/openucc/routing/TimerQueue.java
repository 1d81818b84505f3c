package org.openucc.routing;

import java.util.Arrays;

/**
 * The engine's timers (offer timeouts, wrap-up ends, overflow steps, max waits) in one binary heap,
 * ordered by due time then creation. Cancelling is lazy: a timer carries a stamp and the engine
 * ignores it on firing if its target moved on, which keeps cancel O(1).
 *
 * <p>The heap is kept as parallel arrays (due times and sequence numbers as primitives): sifting
 * compares adjacent longs instead of reading a timer object per comparison, and scheduling
 * allocates nothing. Tens of thousands of timers are pending on a loaded center.
 */
final class TimerQueue {
    enum Kind { OFFER_TIMEOUT, WRAP_UP_END, OVERFLOW, MAX_WAIT, STICKY_END, EXCLUSION_END }

    private static final Kind[] KINDS = Kind.values();

    private long[] due = new long[1024];
    private long[] seqs = new long[1024];
    private long[] stamps = new long[1024];
    private Object[] targets = new Object[1024];
    private byte[] kinds = new byte[1024];
    private int size;
    private long seq;

    /** The timer taken by the last successful {@link #pollDue}. */
    private Kind polledKind;
    private Object polledTarget;
    private long polledStamp;

    void schedule(long dueMillis, Kind kind, Object target, long stamp) {
        if (size == due.length) {
            int n = size * 2;
            due = Arrays.copyOf(due, n);
            seqs = Arrays.copyOf(seqs, n);
            stamps = Arrays.copyOf(stamps, n);
            targets = Arrays.copyOf(targets, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        long s = seq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(dueMillis, s, due[parent], seqs[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, dueMillis, s, kind.ordinal(), target, stamp);
    }

    /** Due time of the earliest timer, or {@link Long#MAX_VALUE} if none. */
    long nextDue() {
        return size == 0 ? Long.MAX_VALUE : due[0];
    }

    int size() {
        return size;
    }

    /**
     * Removes the earliest timer if it is due at {@code now} and returns true; its kind, target and
     * stamp are then read with {@link #polledKind()}, {@link #polledTarget()}, {@link #polledStamp()}.
     */
    boolean pollDue(long now) {
        if (size == 0 || due[0] > now) {
            return false;
        }
        polledKind = KINDS[kinds[0]];
        polledTarget = targets[0];
        polledStamp = stamps[0];
        int last = --size;
        long lastDue = due[last];
        long lastSeq = seqs[last];
        if (last > 0) {
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= last) {
                    break;
                }
                int r = l + 1;
                int c = r < last && before(due[r], seqs[r], due[l], seqs[l]) ? r : l;
                if (!before(due[c], seqs[c], lastDue, lastSeq)) {
                    break;
                }
                move(c, i);
                i = c;
            }
            move(last, i);
        }
        targets[last] = null;
        return true;
    }

    Kind polledKind() {
        return polledKind;
    }

    Object polledTarget() {
        return polledTarget;
    }

    long polledStamp() {
        return polledStamp;
    }

    private void move(int from, int to) {
        due[to] = due[from];
        seqs[to] = seqs[from];
        stamps[to] = stamps[from];
        targets[to] = targets[from];
        kinds[to] = kinds[from];
    }

    private void set(int i, long dueMillis, long s, int kind, Object target, long stamp) {
        due[i] = dueMillis;
        seqs[i] = s;
        kinds[i] = (byte) kind;
        targets[i] = target;
        stamps[i] = stamp;
    }

    private static boolean before(long dueA, long seqA, long dueB, long seqB) {
        return dueA < dueB || (dueA == dueB && seqA < seqB);
    }
}
