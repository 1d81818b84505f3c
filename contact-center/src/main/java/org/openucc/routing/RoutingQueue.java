package org.openucc.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openucc.config.QueueConfig;
import org.openucc.routing.spi.RoutingStrategy;

/**
 * A queue inside the engine: its configuration, strategy instance, the waiting interactions in
 * queue order (for positions) and in arrival order (for the longest wait), and running figures.
 */
final class RoutingQueue {
    /**
     * Queue order: higher rank key first, then earlier arrival (time, then sequence). Stable while an
     * entry waits. For interactions queued by this engine time and sequence agree; the time matters for
     * those restored after a restart, which keep the time they first entered the queue.
     */
    static final Comparator<QueueEntry> ORDER = (a, b) -> {
        int c = Long.compare(b.rankKey, a.rankKey);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.arrivalMillis, b.arrivalMillis);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    final int ordinal;
    final String id;
    final Comparator<QueueEntry> order = ORDER;
    QueueConfig config;
    Requirement requirement;
    RoutingStrategy strategy;
    long agingMillis;
    long serviceLevelMillis;
    long offerTimeoutMillis;
    long wrapUpMillis;
    long stickyMillis;
    long maxWaitMillis;
    /** Requirements of each overflow step's "also queues", resolved when the queue is (re)configured. */
    List<List<RoutingQueue>> stepQueues = new ArrayList<>();

    final RankedSet waiting = new RankedSet();
    /** Arrival order: when it entered the queue, then sequence (restored interactions keep their old time). */
    static final Comparator<QueueEntry> ARRIVAL = (a, b) -> {
        int c = Long.compare(a.arrivalMillis, b.arrivalMillis);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    /**
     * Waiting or offered, in arrival order: the first waiting one has waited longest. Sorted rather
     * than kept in insertion order because an interaction restored after a restart enters with its old time.
     */
    final ArrivalList present = new ArrivalList();
    final List<WaitingGroup> groups = new ArrayList<>();

    long arrived;
    long answered;
    long answeredWithinServiceLevel;
    long abandoned;
    long rejected;
    long overflowedOut;
    long answerWaitTotalMillis;
    double answerIntervalEwma;
    long lastAnsweredAt = -1;
    double handleEwma;
    long handledCount;
    /** Offered right now (not waiting): present minus waiting. */
    int offeredNow;

    RoutingQueue(int ordinal, String id) {
        this.ordinal = ordinal;
        this.id = id;
    }

    int waitingCount() {
        return waiting.size();
    }

    long rankKey(int priority, long arrivalMillis) {
        // With aging, one priority point per aging step of waiting: p + (now - t)/A orders as p*A - t.
        return agingMillis > 0 ? priority * agingMillis - arrivalMillis : priority;
    }

    QueueEntry oldestWaiting() {
        for (QueueEntry e : present) {
            if (e.isWaiting()) {
                return e;
            }
        }
        return null;
    }

    void recordAnswer(long waitedMillis, long now) {
        answered++;
        answerWaitTotalMillis += waitedMillis;
        if (waitedMillis <= serviceLevelMillis) {
            answeredWithinServiceLevel++;
        }
        if (lastAnsweredAt >= 0) {
            double interval = now - lastAnsweredAt;
            answerIntervalEwma = answerIntervalEwma == 0 ? interval : 0.8 * answerIntervalEwma + 0.2 * interval;
        }
        lastAnsweredAt = now;
    }

    void recordHandle(long handleMillis) {
        handledCount++;
        handleEwma = handleEwma == 0 ? handleMillis : 0.8 * handleEwma + 0.2 * handleMillis;
    }

    /**
     * Expected wait for the interaction at {@code position} (1-based): from the recent pace of
     * answers when there is one, else average handle time over the staffed agents.
     */
    long estimatedWaitMillis(int position, int staffedAgents) {
        if (answerIntervalEwma > 0) {
            return (long) (position * answerIntervalEwma);
        }
        double aht = handledCount > 0 ? handleEwma : 180_000;
        return (long) (position * aht / Math.max(1, staffedAgents));
    }

    @Override
    public String toString() {
        return "queue " + id;
    }
}
