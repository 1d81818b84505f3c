package org.openucc.routing;

import java.util.AbstractList;
import java.util.RandomAccess;
import org.openucc.routing.spi.ScoredCandidate;

/**
 * The interactions a freed agent's decision reports (winner first, then up to two runners-up), as one
 * object: their values are copied when the decision is taken, and each {@link ScoredCandidate} with
 * its text is built only when someone reads the list (the log, the API). Routing itself builds no
 * candidate, no supplier and no list per decision. Immutable, like the list it replaces.
 */
final class WorkCandidates extends AbstractList<ScoredCandidate> implements RandomAccess {
    static final int MAX = 3;

    private final int size;
    private final String id0, id1, id2;
    private final String queue0, queue1, queue2;
    private final double score0, score1, score2;
    private final int priority0, priority1, priority2;
    private final long waited0, waited1, waited2;
    private final long target0, target1, target2;
    private ScoredCandidate[] built;

    /** Copies the values of the first {@code n} entries of {@code top} (none null), as of {@code now}. */
    WorkCandidates(QueueEntry[] top, int n, long now) {
        if (n < 1 || n > MAX) {
            throw new IllegalArgumentException("between 1 and " + MAX + " candidates, not " + n);
        }
        size = n;
        QueueEntry a = top[0];
        QueueEntry b = n > 1 ? top[1] : null;
        QueueEntry c = n > 2 ? top[2] : null;
        id0 = a.id;
        queue0 = a.queue.id;
        score0 = Urgency.effectivePriority(a, now);
        priority0 = a.priority;
        waited0 = a.waited(now);
        target0 = a.queue.serviceLevelMillis;
        id1 = b == null ? null : b.id;
        queue1 = b == null ? null : b.queue.id;
        score1 = b == null ? 0 : Urgency.effectivePriority(b, now);
        priority1 = b == null ? 0 : b.priority;
        waited1 = b == null ? 0 : b.waited(now);
        target1 = b == null ? 0 : b.queue.serviceLevelMillis;
        id2 = c == null ? null : c.id;
        queue2 = c == null ? null : c.queue.id;
        score2 = c == null ? 0 : Urgency.effectivePriority(c, now);
        priority2 = c == null ? 0 : c.priority;
        waited2 = c == null ? 0 : c.waited(now);
        target2 = c == null ? 0 : c.queue.serviceLevelMillis;
    }

    @Override
    public synchronized ScoredCandidate get(int i) {
        java.util.Objects.checkIndex(i, size);
        if (built == null) {
            built = new ScoredCandidate[size];
        }
        if (built[i] == null) {
            built[i] = switch (i) {
                case 0 -> candidate(id0, score0, queue0, priority0, waited0, target0);
                case 1 -> candidate(id1, score1, queue1, priority1, waited1, target1);
                default -> candidate(id2, score2, queue2, priority2, waited2, target2);
            };
        }
        return built[i];
    }

    private static ScoredCandidate candidate(String id, double score, String queue, int priority, long waited, long target) {
        return new ScoredCandidate(id, score, "queue " + queue + ", priority " + priority + ", waited " + waited / 1000
                + "s of " + target / 1000 + "s target");
    }

    @Override
    public int size() {
        return size;
    }
}
