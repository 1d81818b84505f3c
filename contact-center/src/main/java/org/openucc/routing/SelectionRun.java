package org.openucc.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.openucc.config.QueueConfig;
import org.openucc.interaction.Channel;
import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.CandidateIterator;
import org.openucc.routing.spi.SelectionContext;

/**
 * One search for agents for one interaction: the {@link SelectionContext} a strategy sees. Builds
 * cursors over the availability index for each alternative requirement, hides agents who just
 * declined, and afterwards counts the excluded agents for the decision.
 */
final class SelectionRun implements SelectionContext {
    private final AvailabilityIndex index;
    private final AgentCursor.Factory cursors;
    private final SkillRegistry skills;
    private final SkillCounters counters;
    private final int ringAllLimit;
    private final IndexNeeds needs;

    private QueueEntry entry;
    private Requirement[] alternatives;
    private long now;
    private final List<AgentCursor> opened = new ArrayList<>();
    private int declinedSkipped;

    SelectionRun(AvailabilityIndex index, SkillRegistry skills, SkillCounters counters, int ringAllLimit,
                 IndexNeeds needs) {
        this.index = index;
        this.cursors = new AgentCursor.Factory(index);
        this.skills = skills;
        this.counters = counters;
        this.ringAllLimit = ringAllLimit;
        this.needs = needs;
    }

    SelectionRun start(QueueEntry entry, Requirement[] alternatives, long now) {
        this.entry = entry;
        this.alternatives = alternatives;
        this.now = now;
        this.opened.clear();
        this.declinedSkipped = 0;
        cursors.reset(); // the last search's cursors are done with: reuse their merges and walks
        return this;
    }

    @Override
    public String interactionId() {
        return entry.id;
    }

    @Override
    public Channel channel() {
        return entry.channel;
    }

    @Override
    public QueueConfig queue() {
        return entry.queue.config;
    }

    @Override
    public int overflowStep() {
        return entry.step;
    }

    @Override
    public int priority() {
        return entry.priority;
    }

    @Override
    public long waitedMillis() {
        return entry.waited(now);
    }

    @Override
    public Map<String, String> attributes() {
        return entry.attributes;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public int ringAllLimit() {
        return ringAllLimit;
    }

    @Override
    public int skillHandle(String skill) {
        return skills.find(skill);
    }

    @Override
    public CandidateIterator candidates(AgentOrder order) {
        ensure(order);
        Comparator<AgentSession> cmp = index.comparator(order, entry.channelIndex);
        if (alternatives.length == 1) {
            return finish(cursors.merged(order, entry.channelIndex, alternatives[0], -1));
        }
        List<AgentCursor> parts = new ArrayList<>(alternatives.length);
        for (Requirement r : alternatives) {
            parts.add(cursors.merged(order, entry.channelIndex, r, -1));
        }
        return finish(parts, cmp);
    }

    @Override
    public CandidateIterator candidatesByLevel(int skillHandle, AgentOrder order) {
        ensure(order);
        if (skillHandle >= 0) {
            needs.require(order, entry.channelIndex, skillHandle);
        }
        Comparator<AgentSession> within = index.comparator(order, entry.channelIndex);
        Comparator<AgentSession> cmp = Comparator.<AgentSession>comparingInt(a -> -a.level(skillHandle)).thenComparing(within);
        List<AgentCursor> parts = new ArrayList<>(alternatives.length);
        for (Requirement r : alternatives) {
            parts.add(cursors.byLevel(skillHandle, order, entry.channelIndex, r));
        }
        return finish(parts, cmp);
    }

    @Override
    public CandidateIterator candidatesFrom(int fromOrdinal) {
        ensure(AgentOrder.AGENT_ORDER);
        int from = Math.max(fromOrdinal, 0);
        if (alternatives.length == 1) {
            return finish(cursors.merged(AgentOrder.AGENT_ORDER, entry.channelIndex, alternatives[0], from));
        }
        List<AgentCursor> parts = new ArrayList<>(alternatives.length);
        for (Requirement r : alternatives) {
            parts.add(cursors.merged(AgentOrder.AGENT_ORDER, entry.channelIndex, r, from));
        }
        return finish(parts, index.comparator(AgentOrder.AGENT_ORDER, entry.channelIndex));
    }

    /** Makes sure the index keeps the alternatives' skills sorted in this order (cheap once done). */
    private void ensure(AgentOrder order) {
        for (Requirement r : alternatives) {
            for (int skill : r.skills) {
                needs.require(order, entry.channelIndex, skill);
            }
        }
    }

    /** What the index must maintain for a search; the engine adds agents already available. */
    @FunctionalInterface
    interface IndexNeeds {
        void require(AgentOrder order, int channel, int skill);
    }

    private AgentCursor finish(List<AgentCursor> parts, Comparator<AgentSession> cmp) {
        return finish(parts.size() == 1 ? parts.get(0) : new AgentCursor.Union(parts, cmp));
    }

    private AgentCursor finish(AgentCursor c) {
        opened.add(c);
        return entry.hasExclusions() ? new WithoutDecliners(c) : c;
    }

    /** Hides agents who declined or missed this interaction moments ago. */
    private final class WithoutDecliners extends AgentCursor {
        private final AgentCursor inner;

        WithoutDecliners(AgentCursor inner) {
            this.inner = inner;
        }

        @Override
        AgentSession nextAgent() {
            for (AgentSession a = inner.nextAgent(); a != null; a = inner.nextAgent()) {
                if (!entry.excludes(a, now)) {
                    return a;
                }
                declinedSkipped++;
            }
            return null;
        }

        @Override
        int skipped() {
            return inner.skipped();
        }
    }

    /**
     * Agents not offered, by reason. States are counted over holders of the rarest skill of the
     * main requirement (no scan); skill misses among walked agents are added from the cursors.
     */
    Map<ExclusionReason, Integer> exclusions() {
        Requirement main = alternatives[0];
        int anchor = main.skills[0];
        int min = main.minLevels[0];
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < main.skills.length; i++) {
            int holders = counters.holders(main.skills[i]);
            if (holders < fewest) {
                fewest = holders;
                anchor = main.skills[i];
                min = main.minLevels[i];
            }
        }
        Map<ExclusionReason, Integer> out = new EnumMap<>(ExclusionReason.class);
        put(out, ExclusionReason.LOGGED_OUT, counters.inState(anchor, AgentState.LOGGED_OUT));
        put(out, ExclusionReason.NOT_READY, counters.inState(anchor, AgentState.NOT_READY));
        put(out, ExclusionReason.RESERVED, counters.inState(anchor, AgentState.RESERVED));
        put(out, ExclusionReason.BUSY, counters.inState(anchor, AgentState.BUSY));
        put(out, ExclusionReason.WRAP_UP, counters.inState(anchor, AgentState.WRAP_UP));
        put(out, ExclusionReason.LEVEL_TOO_LOW, counters.loggedIn(anchor, 1) - counters.loggedIn(anchor, min));
        int walkedPast = 0;
        for (AgentCursor c : opened) {
            walkedPast += c.skipped();
        }
        put(out, ExclusionReason.MISSING_SKILL,
                counters.loggedIn(SkillRegistry.ANY, 1) - counters.loggedIn(anchor, 1) + walkedPast);
        put(out, ExclusionReason.DECLINED_RECENTLY, declinedSkipped);
        return out;
    }

    private static void put(Map<ExclusionReason, Integer> out, ExclusionReason reason, int n) {
        if (n > 0) {
            out.put(reason, n);
        }
    }
}
