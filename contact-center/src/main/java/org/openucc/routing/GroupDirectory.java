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
    /** Reused for lookups (one owner thread): a lookup allocates no key. */
    private final WaitingGroup.Key probe = new WaitingGroup.Key(0, 0, Requirement.NONE, 0);

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
        WaitingGroup last = entry.lastGroup;
        if (last != null && !last.dropped && last.queue == entry.queue && last.step == entry.step) {
            return last; // channel and extra requirement never change for an entry: no key, no lookup
        }
        WaitingGroup g = groups.get(probe.set(entry.queue.ordinal, entry.channelIndex, entry.extra, entry.step));
        if (g == null) {
            WaitingGroup.Key key = new WaitingGroup.Key(entry.queue.ordinal, entry.channelIndex, entry.extra, entry.step);
            g = new WaitingGroup(entry.queue, entry.channelIndex, entry.extra, entry.step,
                    alternatives(entry.queue, entry.extra, entry.step));
            file(g, index.classOf(entry.queue));
            groups.put(key, g);
            entry.queue.groups.add(g);
        }
        entry.lastGroup = g;
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
            g.dropped = true;
        }
        queue.groups.clear();
    }

    /**
     * Files a new group: one anchor per alternative (its required skill held by the fewest agents),
     * one shelf per distinct anchor, with what an agent holding the anchor still needs to qualify
     * under some alternative filed there (the lowest level of the anchor, the skills all of them require).
     */
    private void file(WaitingGroup g, int urgencyClass) {
        int n = g.alternatives.length;
        int[] anchors = new int[n];
        for (int i = 0; i < n; i++) {
            Requirement r = g.alternatives[i];
            int best = r.skills[0];
            int fewest = Integer.MAX_VALUE;
            for (int s : r.skills) {
                int holders = counters.holders(s);
                if (holders < fewest) {
                    fewest = holders;
                    best = s;
                }
            }
            anchors[i] = best;
        }
        g.anchors = anchors;
        int[] distinct = Arrays.stream(anchors).distinct().toArray();
        byte[] levels = new byte[distinct.length];
        long[] needs = new long[distinct.length];
        int[] others = new int[distinct.length];
        byte[] otherMins = new byte[distinct.length];
        int[] seconds = new int[distinct.length];
        byte[] secondMins = new byte[distinct.length];
        for (int d = 0; d < distinct.length; d++) {
            seconds[d] = WaitingGroupIndex.NO_OTHER;
            int lowest = Integer.MAX_VALUE;
            long common = -1L;
            int filedHere = 0;
            others[d] = WaitingGroupIndex.NOT_EXACT;
            for (int i = 0; i < n; i++) {
                if (anchors[i] == distinct[d]) {
                    Requirement r = g.alternatives[i];
                    filedHere++;
                    if (r.skills.length == 1) {
                        others[d] = WaitingGroupIndex.NO_OTHER;
                    } else if (r.skills.length == 2) {
                        int k = r.skills[0] == distinct[d] ? 1 : 0;
                        others[d] = r.skills[k];
                        otherMins[d] = r.minLevels[k];
                    } else if (r.skills.length == 3) {
                        // Two other skills (e.g. a second task skill and a language): still exact on the shelf,
                        // so the group's alternatives are not read.
                        int k = r.skills[0] == distinct[d] ? 1 : 0;
                        int k2 = r.skills[k + 1] == distinct[d] ? k + 2 : k + 1;
                        others[d] = r.skills[k];
                        otherMins[d] = r.minLevels[k];
                        seconds[d] = r.skills[k2];
                        secondMins[d] = r.minLevels[k2];
                    } else {
                        others[d] = WaitingGroupIndex.NOT_EXACT;
                    }
                    for (int k = 0; k < r.skills.length; k++) {
                        if (r.skills[k] == distinct[d]) {
                            lowest = Math.min(lowest, r.minLevels[k]);
                        }
                    }
                    common &= r.bits;
                }
            }
            levels[d] = (byte) lowest;
            needs[d] = common;
            if (filedHere > 1 || others[d] == WaitingGroupIndex.NOT_EXACT) {
                others[d] = WaitingGroupIndex.NOT_EXACT; // several alternatives: the group decides
                seconds[d] = WaitingGroupIndex.NO_OTHER;
            }
        }
        g.shelves = index.shelvesFor(distinct, g.channel, urgencyClass);
        g.shelfLevels = levels;
        g.shelfNeeds = needs;
        g.shelfOthers = others;
        g.shelfOtherMins = otherMins;
        g.shelfSeconds = seconds;
        g.shelfSecondMins = secondMins;
    }
}
