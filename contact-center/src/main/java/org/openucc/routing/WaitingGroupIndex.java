package org.openucc.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The non-empty waiting groups, filed by anchor skill, channel and urgency class, each shelf kept
 * sorted by the groups' heads. An agent who frees up reads only the shelves of the skills it holds
 * and the channels it can take, from the most urgent head down, and stops a shelf as soon as its
 * next head cannot beat the agent's third best so far: it never scans every group it could serve.
 *
 * <p>Within one shelf the order is fixed while entries wait (same aging step and service level, see
 * {@link Urgency#classKey}); across shelves heads are compared at the current time.
 */
final class WaitingGroupIndex {
    /** How many heads a freed agent's decision reports: the chosen one and two runners-up. */
    static final int TOP = 3;
    /** A shelf slot whose only alternative is the anchor skill alone. */
    static final int NO_OTHER = -1;
    /** A shelf slot whose alternatives are checked on the group (several, or more than two skills). */
    static final int NOT_EXACT = -2;

    /**
     * One sorted run of non-empty groups; small, so arrays with binary search beat a tree. Beside each
     * group, what an agent holding the shelf's skill still needs: its level there and other skills (as
     * bits), so most groups an agent cannot serve are passed over without being read.
     */
    static final class Shelf {
        private WaitingGroup[] groups = new WaitingGroup[4];
        private byte[] minLevels = new byte[4];
        private long[] needs = new long[4];
        /** The one other skill of the only alternative filed here ({@link #NO_OTHER} if none), or {@link #NOT_EXACT}. */
        private int[] others = new int[4];
        private byte[] otherMins = new byte[4];
        /** A second other skill of that alternative (three skills: task, second task, language), or {@link #NO_OTHER}. */
        private int[] seconds = new int[4];
        private byte[] secondMins = new byte[4];
        private int size;

        void add(WaitingGroup g, byte minLevel, long need, int other, byte otherMin, int second, byte secondMin) {
            int at = -search(g.head()) - 1;
            if (at < 0) {
                throw new IllegalStateException("waiting group filed twice: " + g);
            }
            if (size == groups.length) {
                groups = Arrays.copyOf(groups, size * 2);
                minLevels = Arrays.copyOf(minLevels, size * 2);
                needs = Arrays.copyOf(needs, size * 2);
                others = Arrays.copyOf(others, size * 2);
                otherMins = Arrays.copyOf(otherMins, size * 2);
                seconds = Arrays.copyOf(seconds, size * 2);
                secondMins = Arrays.copyOf(secondMins, size * 2);
            }
            System.arraycopy(groups, at, groups, at + 1, size - at);
            System.arraycopy(minLevels, at, minLevels, at + 1, size - at);
            System.arraycopy(needs, at, needs, at + 1, size - at);
            System.arraycopy(others, at, others, at + 1, size - at);
            System.arraycopy(otherMins, at, otherMins, at + 1, size - at);
            System.arraycopy(seconds, at, seconds, at + 1, size - at);
            System.arraycopy(secondMins, at, secondMins, at + 1, size - at);
            groups[at] = g;
            minLevels[at] = minLevel;
            needs[at] = need;
            others[at] = other;
            otherMins[at] = otherMin;
            seconds[at] = second;
            secondMins[at] = secondMin;
            size++;
        }

        void remove(WaitingGroup g) {
            int at = search(g.head());
            if (at < 0 || groups[at] != g) {
                throw new IllegalStateException("waiting group missing from its shelf: " + g);
            }
            System.arraycopy(groups, at + 1, groups, at, size - at - 1);
            System.arraycopy(minLevels, at + 1, minLevels, at, size - at - 1);
            System.arraycopy(needs, at + 1, needs, at, size - at - 1);
            System.arraycopy(others, at + 1, others, at, size - at - 1);
            System.arraycopy(otherMins, at + 1, otherMins, at, size - at - 1);
            System.arraycopy(seconds, at + 1, seconds, at, size - at - 1);
            System.arraycopy(secondMins, at + 1, secondMins, at, size - at - 1);
            groups[--size] = null;
        }

        /** Position of the group whose head is {@code head}, or -(insertion point) - 1. */
        private int search(QueueEntry head) {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = RoutingQueue.ORDER.compare(groups[mid].head(), head);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }

        int size() {
            return size;
        }

        WaitingGroup get(int i) {
            return groups[i];
        }
    }

    /** shelves[skill][channel][urgency class], created on first use. */
    private Shelf[][][] shelves = new Shelf[0][][];
    private final Map<Urgency.ClassKey, Integer> classes = new HashMap<>();
    private long stamp;

    /** The urgency class of a queue's groups (by its current aging step and service level). */
    int classOf(RoutingQueue q) {
        return classes.computeIfAbsent(Urgency.classKey(q), k -> classes.size());
    }

    /** The shelves a group goes on while it is non-empty: one per distinct anchor skill. */
    Shelf[] shelvesFor(int[] anchors, int channel, int urgencyClass) {
        Shelf[] out = new Shelf[anchors.length];
        for (int i = 0; i < anchors.length; i++) {
            out[i] = shelf(anchors[i], channel, urgencyClass);
        }
        return out;
    }

    private Shelf shelf(int skill, int channel, int urgencyClass) {
        if (skill >= shelves.length) {
            shelves = Arrays.copyOf(shelves, Math.max(skill + 1, shelves.length * 2 + 8));
        }
        if (shelves[skill] == null) {
            shelves[skill] = new Shelf[AgentSession.CHANNELS][];
        }
        Shelf[] byClass = shelves[skill][channel];
        if (byClass == null || urgencyClass >= byClass.length) {
            byClass = byClass == null ? new Shelf[urgencyClass + 1] : Arrays.copyOf(byClass, urgencyClass + 1);
            shelves[skill][channel] = byClass;
        }
        if (byClass[urgencyClass] == null) {
            byClass[urgencyClass] = new Shelf();
        }
        return byClass[urgencyClass];
    }

    /**
     * The most urgent interactions this agent could take on the channels of {@code mask}, at most one
     * per group (the first in queue order that has not excluded the agent), most urgent first, into
     * {@code top} (length {@link #TOP}; unused slots null). Returns how many were found.
     */
    int mostUrgent(AgentSession agent, int mask, long now, QueueEntry[] top) {
        Arrays.fill(top, null);
        long m = ++stamp;
        int found = 0;
        for (int skill : agent.skillIds) {
            Shelf[][] byChannel = skill < shelves.length ? shelves[skill] : null;
            if (byChannel == null) {
                continue;
            }
            for (int ch = 0; ch < byChannel.length; ch++) {
                Shelf[] byClass = byChannel[ch];
                if (byClass == null || (mask & (1 << ch)) == 0) {
                    continue;
                }
                for (Shelf shelf : byClass) {
                    if (shelf != null && shelf.size > 0) {
                        found = walk(shelf, agent.level(skill), agent, now, m, top, found);
                    }
                }
            }
        }
        return found;
    }

    private static int walk(Shelf shelf, int level, AgentSession agent, long now, long m, QueueEntry[] top, int found) {
        long lacking = ~agent.skillBits;
        for (int i = 0, n = shelf.size; i < n; i++) {
            int other = shelf.others[i];
            int second = shelf.seconds[i];
            if (shelf.minLevels[i] > level || (shelf.needs[i] & lacking) != 0
                    || (other >= 0 && agent.level(other) < shelf.otherMins[i])
                    || (second >= 0 && agent.level(second) < shelf.secondMins[i])) {
                continue; // no alternative filed here fits the agent (another shelf of its skills may)
            }
            WaitingGroup g = shelf.groups[i];
            QueueEntry head = g.head();
            if (found == top.length && !Urgency.moreUrgent(head, top[top.length - 1], now)) {
                return found; // the rest of this shelf is less urgent still
            }
            if (g.mark == m) {
                continue; // reached through another of the agent's skills
            }
            g.mark = m;
            if (other == NOT_EXACT && !g.eligible(agent)) {
                continue;
            }
            QueueEntry e = g.firstFor(agent, now);
            if (e == null) {
                continue;
            }
            for (int k = 0; k < top.length; k++) {
                if (top[k] == null || Urgency.moreUrgent(e, top[k], now)) {
                    System.arraycopy(top, k, top, k + 1, top.length - k - 1);
                    top[k] = e;
                    found = Math.min(found + 1, top.length);
                    break;
                }
            }
        }
        return found;
    }
}
