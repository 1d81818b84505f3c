package org.openucc.routing;

import java.util.Arrays;

/**
 * The engine's timers (offer timeouts, wrap-up ends, overflow steps, max waits) in one binary heap,
 * ordered by due time then creation. Cancelling is lazy: a timer carries a stamp and the engine
 * ignores it on firing if its target moved on, which keeps cancel O(1).
 */
final class TimerQueue {
    enum Kind { OFFER_TIMEOUT, WRAP_UP_END, OVERFLOW, MAX_WAIT, STICKY_END, EXCLUSION_END }

    record Timer(long dueMillis, long seq, Kind kind, Object target, long stamp) {
    }

    private Timer[] heap = new Timer[1024];
    private int size;
    private long seq;

    void schedule(long dueMillis, Kind kind, Object target, long stamp) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        Timer t = new Timer(dueMillis, seq++, kind, target, stamp);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = t;
    }

    /** Due time of the earliest timer, or {@link Long#MAX_VALUE} if none. */
    long nextDue() {
        return size == 0 ? Long.MAX_VALUE : heap[0].dueMillis;
    }

    int size() {
        return size;
    }

    /** Removes and returns the earliest timer if it is due at {@code now}, else null. */
    Timer pollDue(long now) {
        if (size == 0 || heap[0].dueMillis > now) {
            return null;
        }
        Timer top = heap[0];
        Timer last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) {
                    break;
                }
                int r = l + 1;
                int c = r < size && before(heap[r], heap[l]) ? r : l;
                if (!before(heap[c], last)) {
                    break;
                }
                heap[i] = heap[c];
                i = c;
            }
            heap[i] = last;
        }
        return top;
    }

    private static boolean before(Timer a, Timer b) {
        return a.dueMillis < b.dueMillis || (a.dueMillis == b.dueMillis && a.seq < b.seq);
    }
}
