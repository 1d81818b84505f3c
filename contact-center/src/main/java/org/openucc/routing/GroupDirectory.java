package org.openucc.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openucc.config.OverflowStep;

/**
 * The waiting groups, and for each agent the groups it is eligible for. Each group is filed under
 * one "anchor" skill per alternative (the rarest among agents); an agent finds its groups through
 * the anchors of the skills it holds and caches the list until a group appears under one of them.
 */
final class GroupDirectory {
    private final SkillRegistry skills;
    private final SkillCounters counters;
    private final Map<WaitingGroup.Key, WaitingGroup> groups = new HashMap<>();
    private final List<List<WaitingGroup>> byAnchor = new ArrayList<>();
    /** For each anchor skill, the epoch at which its group list last changed. */
    private long[] anchorEpoch = new long[16];
    private long epoch;
    private long mark;

    GroupDirectory(SkillRegistry skills, SkillCounters counters) {
        this.skills = skills;
        this.counters = counters;
    }

    int size() {
        return groups.size();
    }

    /** The group an entry waits in at its current overflow step, created on first use. */
    WaitingGroup groupFor(QueueEntry entry) {
        WaitingGroup.Key key = new WaitingGroup.Key(entry.queue.ordinal, entry.channelIndex, entry.extra, entry.step);
        WaitingGroup g = groups.get(key);
        if (g == null) {
            g = new WaitingGroup(entry.queue, entry.channelIndex, entry.extra, entry.step,
                    alternatives(entry.queue, entry.extra, entry.step));
            groups.put(key, g);
            entry.queue.groups.add(g);
            file(g);
        }
        return g;
    }

    /** Who may take an interaction of this queue needing {@code extra} after {@code step} overflow steps. */
    static Requirement[] alternatives(RoutingQueue queue, Requirement extra, int step) {
        List<Requirement> alts = new ArrayList<>();
        alts.add(Requirement.union(queue.requirement, extra));
        List<OverflowStep> steps = queue.config.overflow();
        for (int i = 0; i < step && i < steps.size(); i++) {
            OverflowStep s = steps.get(i);
            if (s.minLevel() != null) {
                alts.set(0, alts.get(0).relaxedTo(s.minLevel()));
            }
            for (RoutingQueue also : queue.stepQueues.get(i)) {
                Requirement r = Requirement.union(also.requirement, extra);
                if (!alts.contains(r)) {
                    alts.add(r);
                }
            }
        }
        return alts.toArray(new Requirement[0]);
    }

    /** Forgets every group of a queue (reconfigured or removed); their entries must be out already. */
    void dropGroupsOf(RoutingQueue queue) {
        for (WaitingGroup g : queue.groups) {
            if (!g.entries.isEmpty()) {
                throw new IllegalStateException(queue + ": dropping a group that still holds " + g.entries.size());
            }
            groups.remove(new WaitingGroup.Key(queue.ordinal, g.channel, g.extra, g.step));
            for (int anchor : anchors(g)) {
                byAnchor.get(anchor).remove(g);
                touch(anchor);
            }
        }
        queue.groups.clear();
    }

    /** The groups this agent is eligible for, from cache unless a group appeared under its skills. */
    WaitingGroup[] eligibleGroups(AgentSession agent) {
        if (agent.eligibleGroups != null) {
            long newest = 0;
            for (int s : agent.skillIds) {
                if (s < anchorEpoch.length && anchorEpoch[s] > newest) {
                    newest = anchorEpoch[s];
                }
            }
            if (newest <= agent.eligibleGroupsEpoch) {
                return agent.eligibleGroups;
            }
        }
        long m = ++mark;
        List<WaitingGroup> found = new ArrayList<>();
        for (int s : agent.skillIds) {
            if (s >= byAnchor.size()) {
                continue;
            }
            for (WaitingGroup g : byAnchor.get(s)) {
                if (g.mark != m) {
                    g.mark = m;
                    if (g.eligible(agent)) {
                        found.add(g);
                    }
                }
            }
        }
        agent.eligibleGroups = found.toArray(new WaitingGroup[0]);
        agent.eligibleGroupsEpoch = epoch;
        return agent.eligibleGroups;
    }

    private void file(WaitingGroup g) {
        for (int anchor : anchors(g)) {
            while (byAnchor.size() <= anchor) {
                byAnchor.add(new ArrayList<>());
            }
            byAnchor.get(anchor).add(g);
            touch(anchor);
        }
    }

    private void touch(int anchor) {
        if (anchor >= anchorEpoch.length) {
            anchorEpoch = Arrays.copyOf(anchorEpoch, Math.max(anchor + 1, anchorEpoch.length * 2));
        }
        anchorEpoch[anchor] = ++epoch;
    }

    /** One anchor per alternative: its required skill held by the fewest agents. */
    private int[] anchors(WaitingGroup g) {
        int[] out = new int[g.alternatives.length];
        int n = 0;
        for (Requirement r : g.alternatives) {
            int best = r.skills[0];
            if (g.anchors != null) {
                best = g.anchors[n];
            } else {
                int fewest = Integer.MAX_VALUE;
                for (int s : r.skills) {
                    int holders = counters.holders(s);
                    if (holders < fewest) {
                        fewest = holders;
                        best = s;
                    }
                }
            }
            out[n++] = best;
        }
        if (g.anchors == null) {
            g.anchors = out.clone();
        }
        return Arrays.stream(out).distinct().toArray();
    }

    String describe(Requirement r) {
        return r.describe(skills);
    }
}
