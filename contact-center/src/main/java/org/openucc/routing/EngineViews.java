package org.openucc.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;

/** Read-only pictures of the engine's state for the API, supervisors and tests. */
final class EngineViews {
    private final RoutingEngine engine;

    EngineViews(RoutingEngine engine) {
        this.engine = engine;
    }

    AgentView agent(AgentSession a) {
        Map<String, Integer> skills = new LinkedHashMap<>();
        for (int s : a.skillIds) {
            if (s != SkillRegistry.ANY) {
                skills.put(engine.skills.name(s), a.level(s));
            }
        }
        Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
        Map<Channel, Integer> load = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            if (a.capacity[c.ordinal()] > 0) {
                capacity.put(c, a.capacity[c.ordinal()]);
            }
            if (a.load[c.ordinal()] > 0) {
                load.put(c, a.load[c.ordinal()]);
            }
        }
        List<String> work = a.work.stream().map(w -> w.entry.id).toList();
        return new AgentView(a.id, a.name, a.publishedState, a.publishedReason, a.stateSince, skills, capacity, load,
                work, a.pendingOffer == null ? null : a.pendingOffer.id, a.handled, a.busyMillis, a.missedInARow,
                !a.phoneUnreachable);
    }

    QueueView queue(RoutingQueue q) {
        QueueEntry oldest = q.oldestWaiting();
        long finished = q.answered + q.abandoned;
        double sl = finished == 0 ? 100.0 : 100.0 * q.answeredWithinServiceLevel / finished;
        return new QueueView(q.id, q.config.name(), q.config.strategy(), q.waitingCount(), q.offeredNow,
                oldest == null ? 0 : oldest.waited(engine.now), q.arrived, q.answered, q.abandoned, q.rejected,
                q.overflowedOut, sl, q.answered == 0 ? 0 : q.answerWaitTotalMillis / q.answered,
                (long) q.handleEwma, engine.staffed(q));
    }

    InteractionView interaction(QueueEntry e) {
        boolean waiting = e.isWaiting();
        int position = waiting ? e.queue.waiting.rank(e) + 1 : 0;
        List<String> offered = new ArrayList<>();
        for (AgentSession a : e.offeredTo) {
            offered.add(a.id);
        }
        return new InteractionView(e.id, e.channel, e.queue.id, e.state, e.priority, e.tier, position,
                waiting ? engine.estimatedWait(e) : 0, e.waited(engine.now), e.step, offered,
                e.assignment == null ? null : e.assignment.agent.id,
                e.stickyAgent == null ? null : e.stickyAgent.id, e.attributes, e.customerId);
    }

    /** Scans every agent: the on-request, per-agent counterpart of a decision's counts. */
    Explanation explain(QueueEntry e) {
        Requirement[] alts = GroupDirectory.alternatives(e.queue, e.extra, e.step);
        List<String> reqs = new ArrayList<>();
        for (Requirement r : alts) {
            reqs.add(r.describe(engine.skills));
        }
        List<Explanation.Verdict> verdicts = new ArrayList<>();
        for (AgentSession a : engine.agentsByOrdinal) {
            if (a != null) {
                verdicts.add(verdict(e, alts, a));
            }
        }
        verdicts.sort(Comparator.comparing((Explanation.Verdict v) -> !v.eligible())
                .thenComparing(v -> v.reason() == null ? "" : v.reason().name()));
        return new Explanation(e.id, e.queue.id, e.step, reqs, verdicts);
    }

    private Explanation.Verdict verdict(QueueEntry e, Requirement[] alts, AgentSession a) {
        int ch = e.channelIndex;
        if (e.isOfferedTo(a)) {
            return new Explanation.Verdict(a.id, true, null, "ringing with this interaction");
        }
        if (e.assignment != null && e.assignment.agent == a) {
            return new Explanation.Verdict(a.id, true, null, "handling this interaction");
        }
        String skillGap = skillGap(alts, a);
        if (skillGap != null) {
            ExclusionReason r = skillGap.startsWith("lacks") ? ExclusionReason.MISSING_SKILL : ExclusionReason.LEVEL_TOO_LOW;
            return new Explanation.Verdict(a.id, false, r, skillGap);
        }
        if (!a.loggedIn) {
            return new Explanation.Verdict(a.id, false, ExclusionReason.LOGGED_OUT, "logged out");
        }
        if (a.pendingOffer != null) {
            return new Explanation.Verdict(a.id, false, ExclusionReason.RESERVED, "ringing with " + a.pendingOffer.id);
        }
        if (!a.ready || a.pendingLogout) {
            return new Explanation.Verdict(a.id, false, ExclusionReason.NOT_READY,
                    "not ready" + (a.notReadyReason == null ? "" : " (" + a.notReadyReason + ")"));
        }
        if (e.excludes(a, engine.now)) {
            return new Explanation.Verdict(a.id, false, ExclusionReason.DECLINED_RECENTLY, "declined or missed it");
        }
        if (!a.canAccept(ch)) {
            if (a.phoneUnreachable && (AgentSession.PHONE_CHANNELS & (1 << ch)) != 0 && a.capacity[ch] > 0) {
                return new Explanation.Verdict(a.id, false, ExclusionReason.NO_PHONE,
                        "no phone registered: calls are not offered");
            }
            if (a.capacity[ch] == 0) {
                return new Explanation.Verdict(a.id, false, ExclusionReason.AT_CAPACITY, "does not handle " + e.channel);
            }
            if (a.wrapUpCount > 0 && a.connectedCount == 0) {
                return new Explanation.Verdict(a.id, false, ExclusionReason.WRAP_UP, "in wrap-up");
            }
            if (a.load[ch] >= a.capacity[ch]) {
                return new Explanation.Verdict(a.id, false, a.connectedCount > 0 ? ExclusionReason.BUSY
                        : ExclusionReason.AT_CAPACITY, e.channel + " at capacity " + a.load[ch] + "/" + a.capacity[ch]);
            }
            return new Explanation.Verdict(a.id, false, ExclusionReason.AT_CAPACITY,
                    "blocked by work in hand (blending)");
        }
        return new Explanation.Verdict(a.id, e.state == InteractionState.QUEUED, null, "available");
    }

    private String skillGap(Requirement[] alts, AgentSession a) {
        String first = null;
        for (Requirement r : alts) {
            int i = r.firstShortfall(a);
            if (i < 0) {
                return null;
            }
            if (first == null) {
                int have = a.level(r.skills[i]);
                String skill = engine.skills.name(r.skills[i]);
                first = have == 0 ? "lacks " + skill
                        : skill + " level " + have + " below " + r.minLevels[i];
            }
        }
        return first;
    }
}
