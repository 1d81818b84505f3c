package org.openucc.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.Candidate;
import org.openucc.routing.spi.CandidateIterator;

/**
 * Walks available agents out of the {@link AvailabilityIndex} in a sorted order without copying:
 * a k-way merge over the sorted level buckets of one anchor skill, keeping those who satisfy the
 * whole requirement. Counts who it skipped, for the decision's explanation.
 */
abstract class AgentCursor implements CandidateIterator {
    abstract AgentSession nextAgent();

    /** Agents walked past because they lacked another required skill or level. */
    abstract int skipped();

    @Override
    public final Candidate next() {
        return nextAgent();
    }

    /** Index of the smallest non-null head under {@code order}, or -1 when all are exhausted. */
    static int smallest(AgentSession[] heads, Comparator<AgentSession> order) {
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] != null && (best < 0 || order.compare(heads[i], heads[best]) < 0)) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Merge of several sorted bucket walks sharing one order; keeps agents matching the requirement.
     * The walks' heads sit in a binary min-heap, so each agent walked costs log(levels) comparisons
     * rather than one per level bucket; heads are compared by the keys their walks report (primitives
     * held by the walk), not by reading the agents again.
     */
    static final class Merge extends AgentCursor {
        private static final int MAX_WALKS = SkillRegistry.MAX_LEVEL + 1;
        private final BucketWalk[] its = new BucketWalk[MAX_WALKS];
        private int walks;
        private final AgentSession[] heads = new AgentSession[MAX_WALKS];
        /** Indexes into {@link #its} of the non-exhausted walks, a min-heap by their heads' keys. */
        private final int[] heap = new int[MAX_WALKS];
        private int heapSize;
        private Requirement requirement;
        /** When >= 0, only agents with level 0 in this skill pass (the tail of a by-level walk). */
        private int lacking;
        private int skipped;

        /** Empties this merge for a new walk (merges are reused, see {@link Factory}); then {@link #add}, {@link #start}. */
        Merge clear(Requirement requirement, int lacking) {
            for (int i = 0; i < walks; i++) {
                its[i] = null;
                heads[i] = null;
            }
            this.walks = 0;
            this.heapSize = 0;
            this.skipped = 0;
            this.requirement = requirement;
            this.lacking = lacking;
            return this;
        }

        void add(BucketWalk walk) {
            its[walks++] = walk;
        }

        Merge start() {
            for (int i = 0; i < walks; i++) {
                heads[i] = its[i].hasNext() ? its[i].next() : null;
                if (heads[i] != null) {
                    heap[heapSize++] = i;
                }
            }
            for (int k = heapSize / 2 - 1; k >= 0; k--) {
                siftDown(k);
            }
            return this;
        }

        private void siftDown(int k) {
            int moving = heap[k];
            BucketWalk movingWalk = its[moving];
            while (true) {
                int child = 2 * k + 1;
                if (child >= heapSize) {
                    break;
                }
                BucketWalk c = its[heap[child]];
                if (child + 1 < heapSize) {
                    BucketWalk right = its[heap[child + 1]];
                    if (right.before(c)) {
                        child++;
                        c = right;
                    }
                }
                if (!c.before(movingWalk)) {
                    break;
                }
                heap[k] = heap[child];
                k = child;
            }
            heap[k] = moving;
        }

        @Override
        AgentSession nextAgent() {
            while (true) {
                if (heapSize == 0) {
                    return null;
                }
                int best = heap[0];
                AgentSession a = heads[best];
                BucketWalk it = its[best];
                heads[best] = it.hasNext() ? it.next() : null;
                if (heads[best] == null) {
                    heap[0] = heap[--heapSize];
                }
                if (heapSize > 0) {
                    siftDown(0);
                }
                if (a.pendingOffer != null) {
                    continue; // parked while ringing with another offer
                }
                if (requirement.satisfiedBy(a) && (lacking < 0 || a.level(lacking) == 0)) {
                    return a;
                }
                skipped++;
            }
        }

        @Override
        int skipped() {
            return skipped;
        }
    }

    /** Several cursors one after the other (levels high to low). */
    static final class Chain extends AgentCursor {
        private final List<AgentCursor> parts;
        private int at;

        Chain(List<AgentCursor> parts) {
            this.parts = parts;
        }

        @Override
        AgentSession nextAgent() {
            while (at < parts.size()) {
                AgentSession a = parts.get(at).nextAgent();
                if (a != null) {
                    return a;
                }
                at++;
            }
            return null;
        }

        @Override
        int skipped() {
            return parts.stream().mapToInt(AgentCursor::skipped).sum();
        }
    }

    /** Union of cursors sorted by one comparator, each agent once (it may satisfy several alternatives). */
    static final class Union extends AgentCursor {
        private final List<AgentCursor> parts;
        private final AgentSession[] heads;
        private final Comparator<AgentSession> order;
        private AgentSession last;

        Union(List<AgentCursor> parts, Comparator<AgentSession> order) {
            this.parts = parts;
            this.order = order;
            this.heads = new AgentSession[parts.size()];
            for (int i = 0; i < heads.length; i++) {
                heads[i] = parts.get(i).nextAgent();
            }
        }

        @Override
        AgentSession nextAgent() {
            while (true) {
                int best = smallest(heads, order);
                if (best < 0) {
                    return null;
                }
                AgentSession a = heads[best];
                heads[best] = parts.get(best).nextAgent();
                if (a != last) {
                    last = a;
                    return a;
                }
            }
        }

        @Override
        int skipped() {
            return parts.stream().mapToInt(AgentCursor::skipped).sum();
        }
    }

    /**
     * Builds cursors over the index for one requirement. Merges and bucket walks are reused from one
     * search to the next ({@link #reset}), so a search allocates none on the common path; a cursor is
     * valid until the next reset.
     */
    static final class Factory {
        /** Past this many merges in one search, merges are allocated and left to the collector. */
        private static final int POOLED = 256;
        private final AvailabilityIndex index;
        private Merge[] merges = new Merge[8];
        private int mergesUsed;

        Factory(AvailabilityIndex index) {
            this.index = index;
        }

        /** The cursors handed out so far are done with: their merges and walks may be reused. */
        void reset() {
            mergesUsed = 0;
            index.releaseWalks();
        }

        private Merge merge(Requirement req, int lacking) {
            if (mergesUsed == merges.length) {
                if (merges.length >= POOLED) {
                    return new Merge().clear(req, lacking);
                }
                merges = java.util.Arrays.copyOf(merges, merges.length * 2);
            }
            Merge m = merges[mergesUsed];
            if (m == null) {
                m = new Merge();
                merges[mergesUsed] = m;
            }
            mergesUsed++;
            return m.clear(req, lacking);
        }

        /** Agents satisfying {@code req} in {@code order}; {@code fromOrdinal} >= 0 seeks (AGENT_ORDER only), -1 not. */
        AgentCursor merged(AgentOrder order, int channel, Requirement req, int fromOrdinal) {
            int anchor = anchor(order, channel, req);
            int min = minLevel(req, req.skills[anchor]);
            return fill(merge(req, -1), order, channel, req.skills[anchor], min, SkillRegistry.MAX_LEVEL, fromOrdinal);
        }

        /** Agents satisfying {@code req}, by descending level in {@code skill}, then {@code order}. */
        AgentCursor byLevel(int skill, AgentOrder order, int channel, Requirement req) {
            List<AgentCursor> parts = new ArrayList<>(SkillRegistry.MAX_LEVEL + 1);
            int min = Math.max(1, minLevel(req, skill));
            for (int level = SkillRegistry.MAX_LEVEL; level >= min; level--) {
                parts.add(fill(merge(req, -1), order, channel, skill, level, level, -1));
            }
            if (minLevel(req, skill) == 0) {
                // The skill is not required (overflow to another queue): agents without it come last.
                int anchor = anchor(order, channel, req);
                int anchorMin = minLevel(req, req.skills[anchor]);
                parts.add(fill(merge(req, skill), order, channel, req.skills[anchor], anchorMin, SkillRegistry.MAX_LEVEL, -1));
            }
            return new Chain(parts);
        }

        /**
         * Index into {@code req.skills} of the skill with the fewest available agents among those
         * kept sorted in {@code order}: the cheapest walk.
         */
        int anchor(AgentOrder order, int channel, Requirement req) {
            int best = -1;
            int bestCount = Integer.MAX_VALUE;
            for (int i = 0; i < req.skills.length; i++) {
                if (!index.isMaintained(order, channel, req.skills[i])) {
                    continue;
                }
                int n = index.count(channel, req.skills[i], req.minLevels[i]);
                if (n < bestCount) {
                    best = i;
                    bestCount = n;
                }
            }
            if (best < 0) {
                throw new IllegalStateException("no skill of " + java.util.Arrays.toString(req.skills)
                        + " is indexed in " + order + " on channel " + channel);
            }
            return best;
        }

        private static int minLevel(Requirement req, int skill) {
            for (int i = 0; i < req.skills.length; i++) {
                if (req.skills[i] == skill) {
                    return req.minLevels[i];
                }
            }
            return 0;
        }

        private Merge fill(Merge m, AgentOrder order, int channel, int skill, int minLevel, int maxLevel, int from) {
            for (int level = Math.max(minLevel, 1); level <= maxLevel; level++) {
                BucketWalk it = index.iterate(order, channel, skill, level, from);
                if (it != null) {
                    m.add(it);
                }
            }
            return m.start();
        }
    }
}
