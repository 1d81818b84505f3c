package org.openucc.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openucc.config.OverflowStep;

/**
 * The waiting groups by queue, channel, extra requirement and overflow step. Each group is filed in
 * the {@link WaitingGroupIndex} under one "anchor" skill per alternative (the rarest among agents),
 * so an agent finds the groups it may serve through the skills it holds.
 */
final class GroupDirectory {
    private final SkillCounters counters;
    private final Map<WaitingGroup.Key, WaitingGroup> groups = new HashMap<>();
    private final WaitingGroupIndex index = new WaitingGroupIndex();

    GroupDirectory(SkillCounters counters) {
        this.counters = counters;
    }

    int size() {
        return groups.size();
    }

    WaitingGroupIndex index() {
        return index;
    }

    /** Every group, empty or not (for checks and tests). */
    Collection<WaitingGroup> all() {
        return groups.values();
    }

    /** The group an entry waits in at its current overflow step, created on first use. */
    WaitingGroup groupFor(QueueEntry entry) {
        WaitingGroup.Key key = new WaitingGroup.Key(entry.queue.ordinal, entry.channelIndex, entry.extra, entry.step);
        WaitingGroup g = groups.get(key);
        if (g == null) {
            g = new WaitingGroup(entry.queue, entry.channelIndex, entry.extra, entry.step,
                    alternatives(entry.queue, entry.extra, entry.step));
            g.shelves = index.shelvesFor(anchors(g), g.channel, index.classOf(entry.queue));
            groups.put(key, g);
            entry.queue.groups.add(g);
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
        }
        queue.groups.clear();
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
}
