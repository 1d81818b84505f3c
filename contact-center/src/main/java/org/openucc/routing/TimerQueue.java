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
 *
 * <p>Timers of one fixed delay (every offer of a queue times out after the queue's offer timeout)
 * fall due in the order they were scheduled, since the engine's clock never goes back. They go to a
 * FIFO lane for that delay ({@link #scheduleAfter}): adding is an append and firing is a read at the
 * head of a ring, instead of a sift through the heap. The earliest timer is the least (due,
 * sequence) among the heap's top and the lanes' heads, so the firing order is exactly the heap-only
 * order. A timer that would fall due before its lane's last one (a base time in the past) goes to
 * the heap instead, as do timers of more distinct delays than there are lanes.
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

    /** At most this many FIFO lanes (distinct fixed delays); further delays use the heap. */
    static final int MAX_LANES = 8;
    private Lane[] lanes = new Lane[0];
    /** Timers in lanes. */
    private int laneTimers;

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

    /**
     * Schedules a timer due {@code delayMillis} after some base time ({@code dueMillis} = base +
     * delay). Timers of the same delay whose base times never go back share a FIFO lane; same firing
     * order as {@link #schedule}.
     */
    void scheduleAfter(long delayMillis, long dueMillis, Kind kind, Object target, long stamp) {
        Lane lane = laneFor(delayMillis);
        if (lane == null || (lane.count > 0 && dueMillis < lane.tailDue)) {
            schedule(dueMillis, kind, target, stamp);
            return;
        }
        lane.push(dueMillis, seq++, kind.ordinal(), target, stamp);
        laneTimers++;
    }

    private Lane laneFor(long delayMillis) {
        Lane[] ls = lanes;
        for (Lane l : ls) {
            if (l.delay == delayMillis) {
                return l;
            }
        }
        if (ls.length == MAX_LANES) {
            return null;
        }
        Lane l = new Lane(delayMillis);
        lanes = Arrays.copyOf(ls, ls.length + 1);
        lanes[ls.length] = l;
        return l;
    }

    /** Due time of the earliest timer, or {@link Long#MAX_VALUE} if none. */
    long nextDue() {
        long d = size == 0 ? Long.MAX_VALUE : due[0];
        if (laneTimers != 0) {
            for (Lane l : lanes) {
                if (l.count > 0 && l.due[l.head] < d) {
                    d = l.due[l.head];
                }
            }
        }
        return d;
    }

    int size() {
        return size + laneTimers;
    }

    /** Timers in the FIFO lanes (the rest are in the heap). */
    int laneSize() {
        return laneTimers;
    }

    /**
     * Removes the earliest timer if it is due at {@code now} and returns true; its kind, target and
     * stamp are then read with {@link #polledKind()}, {@link #polledTarget()}, {@link #polledStamp()}.
     */
    boolean pollDue(long now) {
        Lane first = null;
        if (laneTimers != 0) {
            long d = size == 0 ? Long.MAX_VALUE : due[0];
            long s = size == 0 ? Long.MAX_VALUE : seqs[0];
            for (Lane l : lanes) {
                if (l.count > 0) {
                    int h = l.head;
                    if (before(l.due[h], l.seqs[h], d, s)) {
                        d = l.due[h];
                        s = l.seqs[h];
                        first = l;
                    }
                }
            }
        }
        if (first != null) {
            int h = first.head;
            if (first.due[h] > now) {
                return false;
            }
            polledKind = KINDS[first.kinds[h]];
            polledTarget = first.targets[h];
            polledStamp = first.stamps[h];
            first.pop();
            laneTimers--;
            return true;
        }
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

    /** A FIFO ring of timers of one delay, in (due, sequence) order. */
    private static final class Lane {
        final long delay;
        long[] due = new long[256];
        long[] seqs = new long[256];
        long[] stamps = new long[256];
        Object[] targets = new Object[256];
        byte[] kinds = new byte[256];
        int head;
        int count;
        /** Due time of the last timer appended (valid while count > 0). */
        long tailDue;

        Lane(long delay) {
            this.delay = delay;
        }

        void push(long dueMillis, long s, int kind, Object target, long stamp) {
            if (count == due.length) {
                grow();
            }
            int i = (head + count) & (due.length - 1);
            due[i] = dueMillis;
            seqs[i] = s;
            stamps[i] = stamp;
            targets[i] = target;
            kinds[i] = (byte) kind;
            count++;
            tailDue = dueMillis;
        }

        void pop() {
            targets[head] = null;
            head = (head + 1) & (due.length - 1);
            count--;
        }

        private void grow() {
            int n = due.length * 2;
            due = unwrap(due, n);
            seqs = unwrap(seqs, n);
            stamps = unwrap(stamps, n);
            Object[] t = new Object[n];
            byte[] k = new byte[n];
            for (int j = 0; j < count; j++) {
                int from = (head + j) & (targets.length - 1);
                t[j] = targets[from];
                k[j] = kinds[from];
            }
            targets = t;
            kinds = k;
            head = 0;
        }

        private long[] unwrap(long[] a, int n) {
            long[] b = new long[n];
            int firstPart = Math.min(count, a.length - head);
            System.arraycopy(a, head, b, 0, firstPart);
            System.arraycopy(a, 0, b, firstPart, count - firstPart);
            return b;
        }
    }
}
