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
    /** Agents holding each skill, so a new group reaches the caches of exactly those who may want it. */
    private final List<List<AgentSession>> holders = new ArrayList<>();
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
            if (!g.isEmpty()) {
                throw new IllegalStateException(queue + ": dropping a group that still holds " + g.size());
            }
            groups.remove(new WaitingGroup.Key(queue.ordinal, g.channel, g.extra, g.step));
            for (int anchor : anchors(g)) {
                byAnchor.get(anchor).remove(g);
                for (AgentSession a : list(holders, anchor)) {
                    a.eligibleGroups = null; // rare (queue reconfigured): rebuilt on next need
                }
            }
        }
        queue.groups.clear();
    }

    /** Keeps the skill-to-agents lists current; call after the agent's skills changed (or it was added). */
    void skillsChanged(AgentSession agent, int[] oldSkills) {
        for (int s : oldSkills) {
            list(holders, s).remove(agent);
        }
        for (int s : agent.skillIds) {
            list(holders, s).add(agent);
        }
        agent.eligibleGroups = null;
    }

    void agentRemoved(AgentSession agent) {
        for (int s : agent.skillIds) {
            list(holders, s).remove(agent);
        }
    }

    /** The groups this agent is eligible for; built once, then kept current as groups are created. */
    List<WaitingGroup> eligibleGroups(AgentSession agent) {
        if (agent.eligibleGroups != null) {
            return agent.eligibleGroups;
        }
        long m = ++mark;
        ArrayList<WaitingGroup> found = new ArrayList<>();
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
        agent.eligibleGroups = found;
        agent.lastAppended = null;
        return found;
    }

    private void file(WaitingGroup g) {
        for (int anchor : anchors(g)) {
            list(byAnchor, anchor).add(g);
            // Agents who already built their list get the new group now, if eligible: no global invalidation.
            for (AgentSession a : list(holders, anchor)) {
                if (a.eligibleGroups != null && a.lastAppended != g && g.eligible(a)) {
                    a.eligibleGroups.add(g);
                    a.lastAppended = g;
                }
            }
        }
    }

    private static <T> List<T> list(List<List<T>> lists, int index) {
        while (lists.size() <= index) {
            lists.add(new ArrayList<>());
        }
        return lists.get(index);
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
