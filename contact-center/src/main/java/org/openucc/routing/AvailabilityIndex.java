package org.openucc.routing;

import java.util.Comparator;
import java.util.TreeSet;
import org.openucc.routing.spi.AgentOrder;

/**
 * Agents who could take new work now, per channel, per skill, per level, kept sorted in each
 * {@link AgentOrder} a strategy asked for. An agent enters only when a search for work found none,
 * so on a loaded contact center (everyone busy) this index stays small and cheap.
 */
final class AvailabilityIndex {
    private static final int LEVELS = SkillRegistry.MAX_LEVEL + 1;
    private static final int ORDERS = AgentOrder.values().length;

    /** buckets[order][channel][skill][level], created on first use. */
    @SuppressWarnings("unchecked")
    private final TreeSet<AgentSession>[][][][] buckets = new TreeSet[ORDERS][AgentSession.CHANNELS][][];
    private final boolean[] inUse = new boolean[ORDERS];
    private final Comparator<AgentSession>[][] comparators;
    /** available[channel][skill][level]: how many indexed agents, for anchor selection and stats. */
    private int[][][] counts = new int[AgentSession.CHANNELS][0][];

    @SuppressWarnings("unchecked")
    AvailabilityIndex() {
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
        inUse[AgentOrder.LONGEST_IDLE.ordinal()] = true;
    }

    Comparator<AgentSession> comparator(AgentOrder order, int channel) {
        return comparators[order.ordinal()][channel];
    }

    boolean inUse(AgentOrder order) {
        return inUse[order.ordinal()];
    }

    /** Starts maintaining an order; the caller re-adds the agents already indexed. */
    void enable(AgentOrder order) {
        inUse[order.ordinal()] = true;
    }

    void add(AgentSession agent, int channel) {
        for (int o = 0; o < ORDERS; o++) {
            if (inUse[o]) {
                for (int skill : agent.skillIds) {
                    bucket(o, channel, skill, agent.level(skill), true).add(agent);
                }
            }
        }
        for (int skill : agent.skillIds) {
            countRow(channel, skill)[agent.level(skill)]++;
        }
    }

    /** Adds an agent already indexed on the channel to one newly enabled order. */
    void addToOrder(AgentSession agent, int channel, AgentOrder order) {
        for (int skill : agent.skillIds) {
            bucket(order.ordinal(), channel, skill, agent.level(skill), true).add(agent);
        }
    }

    void remove(AgentSession agent, int channel) {
        for (int o = 0; o < ORDERS; o++) {
            if (inUse[o]) {
                for (int skill : agent.skillIds) {
                    TreeSet<AgentSession> set = bucket(o, channel, skill, agent.level(skill), false);
                    if (set == null || !set.remove(agent)) {
                        throw new IllegalStateException(agent + " missing from availability index, channel "
                                + channel + ", skill " + skill);
                    }
                }
            }
        }
        for (int skill : agent.skillIds) {
            countRow(channel, skill)[agent.level(skill)]--;
        }
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

    /** The sorted bucket, or null if none was ever created. */
    TreeSet<AgentSession> bucket(AgentOrder order, int channel, int skill, int level) {
        return bucket(order.ordinal(), channel, skill, level, false);
    }

    private TreeSet<AgentSession> bucket(int order, int channel, int skill, int level, boolean create) {
        TreeSet<AgentSession>[][] perSkill = buckets[order][channel];
        if (perSkill == null || skill >= perSkill.length) {
            if (!create) {
                return null;
            }
            @SuppressWarnings("unchecked")
            TreeSet<AgentSession>[][] grown = new TreeSet[Math.max(skill + 1, perSkill == null ? 16 : perSkill.length * 2)][];
            if (perSkill != null) {
                System.arraycopy(perSkill, 0, grown, 0, perSkill.length);
            }
            buckets[order][channel] = grown;
            perSkill = grown;
        }
        TreeSet<AgentSession>[] perLevel = perSkill[skill];
        if (perLevel == null) {
            if (!create) {
                return null;
            }
            @SuppressWarnings("unchecked")
            TreeSet<AgentSession>[] fresh = new TreeSet[LEVELS];
            perLevel = fresh;
            perSkill[skill] = perLevel;
        }
        TreeSet<AgentSession> set = perLevel[level];
        if (set == null && create) {
            set = new TreeSet<>(comparators[order][channel]);
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
