package org.openucc.routing;

import java.util.Comparator;
import org.openucc.routing.spi.AgentOrder;

/**
 * Agents who could take new work now, per channel, per skill, per level, kept sorted in each
 * {@link AgentOrder} a strategy asked for. An agent enters only when a search for work found none,
 * so on a loaded contact center (everyone busy) this index stays small and cheap.
 */
final class AvailabilityIndex {
    private static final int LEVELS = SkillRegistry.MAX_LEVEL + 1;
    private static final int ORDERS = AgentOrder.values().length;

    /** buckets[order][channel][skill][level] for the tree-sorted orders, created on first use. */
    @SuppressWarnings("unchecked")
    private final SortedAgents[][][][] buckets = new SortedAgents[ORDERS][AgentSession.CHANNELS][][];
    /** idle[channel][skill][level]: the longest-idle order, as linked lists (see {@link IdleBucket}). */
    private IdleBucket[][][] idle = new IdleBucket[AgentSession.CHANNELS][0][];
    /**
     * live[channel]: the ordinals of the agents in the index on the channel. The longest-idle buckets
     * read it to tell their live nodes from stale ones, so leaving writes one bit here instead of a
     * flag on the agent's node of every skill (see {@link IdleBucket}).
     */
    private final OrdinalBits[] live = new OrdinalBits[AgentSession.CHANNELS];
    private static final int IDLE = AgentOrder.LONGEST_IDLE.ordinal();
    private static final int ORDINAL = AgentOrder.AGENT_ORDER.ordinal();
    /**
     * byOrdinal[channel][skill][level]: the agent-order buckets (round robin) as bit sets of agent
     * ordinals, so entering and leaving is O(1) instead of a tree insert and delete; walked with
     * nextSetBit. {@link #agents} maps an ordinal back to its agent.
     */
    private OrdinalBits[][][] byOrdinal = new OrdinalBits[AgentSession.CHANNELS][0][];
    private AgentSession[] agents = new AgentSession[16];
    /**
     * needed[order][channel][skill]: whether agents are kept sorted in this order for this skill on
     * this channel. Only pairs some queue routes by are maintained, so making an agent available
     * costs a few sorted-set inserts, not skills x channels x orders.
     */
    private boolean[][][] needed = new boolean[ORDERS][AgentSession.CHANNELS][0];
    private final Comparator<AgentSession>[][] comparators;
    /** available[channel][skill][level]: how many indexed agents, for anchor selection and stats. */
    private int[][][] counts = new int[AgentSession.CHANNELS][0][];

    @SuppressWarnings("unchecked")
    AvailabilityIndex() {
        for (int c = 0; c < AgentSession.CHANNELS; c++) {
            live[c] = new OrdinalBits();
        }
        comparators = new Comparator[ORDERS][AgentSession.CHANNELS];
        for (int c = 0; c < AgentSession.CHANNELS; c++) {
            final int channel = c;
            comparators[AgentOrder.LONGEST_IDLE.ordinal()][c] = (a, b) -> {
                int x = Integer.compare(a.load[channel], b.load[channel]);
                if (x != 0) {
                    return x;
                }
                x = Long.compare(a.idleSince, b.idleSince);
                return x != 0 ? x : Integer.compare(a.ordinal, b.ordinal);
            };
            comparators[AgentOrder.AGENT_ORDER.ordinal()][c] = (a, b) -> Integer.compare(a.ordinal, b.ordinal);
            comparators[AgentOrder.LEAST_BUSY_TIME.ordinal()][c] = (a, b) -> {
                int x = Long.compare(a.busyMillis, b.busyMillis);
                if (x != 0) {
                    return x;
                }
                x = Long.compare(a.idleSince, b.idleSince);
                return x != 0 ? x : Integer.compare(a.ordinal, b.ordinal);
            };
        }
    }

    Comparator<AgentSession> comparator(AgentOrder order, int channel) {
        return comparators[order.ordinal()][channel];
    }

    boolean isMaintained(AgentOrder order, int channel, int skill) {
        boolean[] row = needed[order.ordinal()][channel];
        return skill < row.length && row[skill];
    }

    /**
     * Starts keeping agents sorted in {@code order} for a skill on a channel; the agents already
     * indexed on that channel are added now. Never stops: needs only grow.
     */
    void require(AgentOrder order, int channel, int skill, Iterable<AgentSession> agents) {
        if (isMaintained(order, channel, skill)) {
            return;
        }
        boolean[] row = needed[order.ordinal()][channel];
        if (skill >= row.length) {
            row = java.util.Arrays.copyOf(row, Math.max(skill + 1, row.length * 2 + 8));
            needed[order.ordinal()][channel] = row;
        }
        row[skill] = true;
        for (AgentSession a : agents) {
            if (a != null && (a.indexedMask & (1 << channel)) != 0 && a.level(skill) > 0) {
                insert(order.ordinal(), a, channel, slotOf(a, skill));
            }
        }
    }

    void add(AgentSession agent, int channel) {
        if (live[channel].get(agent.ordinal)) {
            throw new IllegalStateException(agent + " is already in the availability index, channel " + channel);
        }
        int[] skills = agent.skillIds;
        for (int slot = 0; slot < skills.length; slot++) {
            int skill = skills[slot];
            for (int o = 0; o < ORDERS; o++) {
                boolean[] row = needed[o][channel];
                if (skill < row.length && row[skill]) {
                    insert(o, agent, channel, slot);
                }
            }
            countRow(channel, skill)[agent.level(skill)]++;
        }
        // Set last: while its nodes are (re)linked above, the agent's old nodes still read as stale.
        live[channel].set(agent.ordinal);
    }

    void remove(AgentSession agent, int channel) {
        // Leaves every longest-idle bucket of the channel at once: its nodes read as stale from now on.
        live[channel].clear(agent.ordinal);
        int[] skills = agent.skillIds;
        for (int slot = 0; slot < skills.length; slot++) {
            int skill = skills[slot];
            for (int o = 0; o < ORDERS; o++) {
                boolean[] row = needed[o][channel];
                if (skill < row.length && row[skill]) {
                    if (o == IDLE) {
                        // Lazy: the node stays linked, stale since the live bit was cleared above (no
                        // write here, no node read); walks unlink it as they pass, or the agent does
                        // when it comes back.
                        continue;
                    } else if (o == ORDINAL) {
                        OrdinalBits bits = ordinalBucket(channel, skill, agent.level(skill), false);
                        if (bits == null || !bits.get(agent.ordinal)) {
                            throw new IllegalStateException(agent + " missing from availability index, channel "
                                    + channel + ", skill " + skill);
                        }
                        bits.clear(agent.ordinal);
                    } else {
                        SortedAgents set = bucket(o, channel, skill, agent.level(skill), false);
                        if (set == null || !set.remove(agent)) {
                            throw new IllegalStateException(agent + " missing from availability index, channel "
                                    + channel + ", skill " + skill);
                        }
                    }
                }
            }
            countRow(channel, skill)[agent.level(skill)]--;
        }
    }

    private void insert(int order, AgentSession agent, int channel, int slot) {
        int skill = agent.skillIds[slot];
        int level = agent.level(skill);
        if (order == IDLE) {
            idleBucket(channel, skill, level, true).add(agent.idleNode(channel, slot));
        } else if (order == ORDINAL) {
            if (agent.ordinal >= agents.length) {
                agents = java.util.Arrays.copyOf(agents, Math.max(agent.ordinal + 1, agents.length * 2));
            }
            agents[agent.ordinal] = agent;
            ordinalBucket(channel, skill, level, true).set(agent.ordinal);
        } else {
            bucket(order, channel, skill, level, true).add(agent);
        }
    }

    private static int slotOf(AgentSession a, int skill) {
        for (int i = 0; i < a.skillIds.length; i++) {
            if (a.skillIds[i] == skill) {
                return i;
            }
        }
        throw new IllegalArgumentException(a + " does not hold skill " + skill);
    }

    /**
     * Walks handed out since {@link #releaseWalks}: reused by the next search, so a search allocates
     * no walk objects. Capped: past {@link #POOLED} a walk is allocated and left to the collector.
     */
    private static final int POOLED = 512;
    private IdleBucket.Walk[] idleWalks = new IdleBucket.Walk[16];
    private int idleWalksUsed;
    private OrdinalWalk[] ordinalWalks = new OrdinalWalk[16];
    private int ordinalWalksUsed;

    /** The walks handed out so far may be reused: their search is over. */
    void releaseWalks() {
        idleWalksUsed = 0;
        ordinalWalksUsed = 0;
    }

    private IdleBucket.Walk idleWalk() {
        if (idleWalksUsed == idleWalks.length) {
            if (idleWalks.length >= POOLED) {
                return new IdleBucket.Walk();
            }
            idleWalks = java.util.Arrays.copyOf(idleWalks, idleWalks.length * 2);
        }
        IdleBucket.Walk w = idleWalks[idleWalksUsed];
        if (w == null) {
            w = new IdleBucket.Walk();
            idleWalks[idleWalksUsed] = w;
        }
        idleWalksUsed++;
        return w;
    }

    private OrdinalWalk ordinalWalk() {
        if (ordinalWalksUsed == ordinalWalks.length) {
            if (ordinalWalks.length >= POOLED) {
                return new OrdinalWalk();
            }
            ordinalWalks = java.util.Arrays.copyOf(ordinalWalks, ordinalWalks.length * 2);
        }
        OrdinalWalk w = ordinalWalks[ordinalWalksUsed];
        if (w == null) {
            w = new OrdinalWalk();
            ordinalWalks[ordinalWalksUsed] = w;
        }
        ordinalWalksUsed++;
        return w;
    }

    /** Agent order: set bits of one bucket, ascending. */
    static final class OrdinalWalk extends BucketWalk {
        private OrdinalBits bits;
        private AgentSession[] agents;
        private int next;

        OrdinalWalk start(OrdinalBits bits, AgentSession[] agents, int first) {
            this.bits = bits;
            this.agents = agents;
            this.next = first;
            return this;
        }

        @Override
        public boolean hasNext() {
            return next >= 0;
        }

        @Override
        public AgentSession next() {
            if (next < 0) {
                throw new java.util.NoSuchElementException();
            }
            AgentSession a = agents[next];
            key3 = next;
            next = bits.nextSetBit(next + 1);
            return a;
        }
    }

    /**
     * Agents of one bucket in the order's sequence, from ordinal {@code from} on (agent order only; -1:
     * from the start), or null if empty. The walk is valid until {@link #releaseWalks}.
     */
    BucketWalk iterate(AgentOrder order, int channel, int skill, int level, int from) {
        if (order == AgentOrder.LONGEST_IDLE) {
            if (from >= 0) {
                throw new IllegalArgumentException("longest-idle buckets cannot seek");
            }
            IdleBucket b = idleBucket(channel, skill, level, false);
            return b == null || b.size() == 0 ? null : idleWalk().start(b);
        }
        if (order == AgentOrder.AGENT_ORDER) {
            OrdinalBits bits = ordinalBucket(channel, skill, level, false);
            int first = bits == null ? -1 : bits.nextSetBit(Math.max(from, 0));
            if (first < 0) {
                return null;
            }
            return ordinalWalk().start(bits, agents, first);
        }
        if (from >= 0) {
            throw new IllegalArgumentException(order + " buckets cannot seek");
        }
        SortedAgents set = bucket(order.ordinal(), channel, skill, level, false);
        if (set == null || set.isEmpty()) {
            return null;
        }
        return BucketWalk.leastBusy(set.iterator());
    }

    /** Every longest-idle bucket created so far (for tests). */
    void forEachIdleBucket(IdleBucketVisitor visitor) {
        for (int channel = 0; channel < idle.length; channel++) {
            for (int skill = 0; skill < idle[channel].length; skill++) {
                IdleBucket[] perLevel = idle[channel][skill];
                for (int level = 0; perLevel != null && level < perLevel.length; level++) {
                    if (perLevel[level] != null) {
                        visitor.visit(channel, skill, level, perLevel[level]);
                    }
                }
            }
        }
    }

    @FunctionalInterface
    interface IdleBucketVisitor {
        void visit(int channel, int skill, int level, IdleBucket bucket);
    }

    private IdleBucket idleBucket(int channel, int skill, int level, boolean create) {
        IdleBucket[][] perSkill = idle[channel];
        if (skill >= perSkill.length) {
            if (!create) {
                return null;
            }
            perSkill = java.util.Arrays.copyOf(perSkill, Math.max(skill + 1, perSkill.length * 2 + 8));
            idle[channel] = perSkill;
        }
        if (perSkill[skill] == null) {
            if (!create) {
                return null;
            }
            perSkill[skill] = new IdleBucket[LEVELS];
        }
        IdleBucket b = perSkill[skill][level];
        if (b == null && create) {
            b = new IdleBucket(channel, live[channel]);
            perSkill[skill][level] = b;
        }
        return b;
    }

    private OrdinalBits ordinalBucket(int channel, int skill, int level, boolean create) {
        OrdinalBits[][] perSkill = byOrdinal[channel];
        if (skill >= perSkill.length) {
            if (!create) {
                return null;
            }
            perSkill = java.util.Arrays.copyOf(perSkill, Math.max(skill + 1, perSkill.length * 2 + 8));
            byOrdinal[channel] = perSkill;
        }
        if (perSkill[skill] == null) {
            if (!create) {
                return null;
            }
            perSkill[skill] = new OrdinalBits[LEVELS];
        }
        OrdinalBits b = perSkill[skill][level];
        if (b == null && create) {
            b = new OrdinalBits();
            perSkill[skill][level] = b;
        }
        return b;
    }

    /** Indexed agents on the channel holding the skill at {@code minLevel} or above. */
    int count(int channel, int skill, int minLevel) {
        int[][] rows = counts[channel];
        if (skill >= rows.length || rows[skill] == null) {
            return 0;
        }
        int sum = 0;
        int[] row = rows[skill];
        for (int l = Math.max(minLevel, 0); l < LEVELS; l++) {
            sum += row[l];
        }
        return sum;
    }

    private SortedAgents bucket(int order, int channel, int skill, int level, boolean create) {
        SortedAgents[][] perSkill = buckets[order][channel];
        if (perSkill == null || skill >= perSkill.length) {
            if (!create) {
                return null;
            }
            @SuppressWarnings("unchecked")
            SortedAgents[][] grown = new SortedAgents[Math.max(skill + 1, perSkill == null ? 16 : perSkill.length * 2)][];
            if (perSkill != null) {
                System.arraycopy(perSkill, 0, grown, 0, perSkill.length);
            }
            buckets[order][channel] = grown;
            perSkill = grown;
        }
        SortedAgents[] perLevel = perSkill[skill];
        if (perLevel == null) {
            if (!create) {
                return null;
            }
            @SuppressWarnings("unchecked")
            SortedAgents[] fresh = new SortedAgents[LEVELS];
            perLevel = fresh;
            perSkill[skill] = perLevel;
        }
        SortedAgents set = perLevel[level];
        if (set == null && create) {
            set = new SortedAgents(comparators[order][channel]);
            perLevel[level] = set;
        }
        return set;
    }

    private int[] countRow(int channel, int skill) {
        int[][] rows = counts[channel];
        if (skill >= rows.length) {
            int[][] grown = new int[Math.max(skill + 1, rows.length * 2 + 8)][];
            System.arraycopy(rows, 0, grown, 0, rows.length);
            counts[channel] = grown;
            rows = grown;
        }
        if (rows[skill] == null) {
            rows[skill] = new int[LEVELS];
        }
        return rows[skill];
    }
}
