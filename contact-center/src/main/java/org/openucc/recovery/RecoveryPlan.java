package org.openucc.recovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.recovery.InteractionRecovery.Action;
import org.openucc.recovery.InteractionRecovery.Stage;
import org.openucc.routing.AgentState;

/**
 * What a restart must do, computed from the interaction log alone (so a standby node computes the same
 * from the same log): for each interaction that was not over, where it was and what becomes of it; for
 * each agent, the state it gets back. Pure: no I/O, no clock, no configuration.
 *
 * @param interactions those with something to do, oldest place first (the order they are restored in)
 * @param agents       every agent with a state in the log, by id
 */
public record RecoveryPlan(List<InteractionRecovery> interactions, List<AgentRecovery> agents) {
    public RecoveryPlan {
        interactions = List.copyOf(interactions);
        agents = List.copyOf(agents);
    }

    /**
     * @param timelines   the events of each unfinished interaction (each list one interaction's, any order)
     * @param agentEvents per agent, its recent AGENT_* events (any order; the newest with a state counts)
     */
    public static RecoveryPlan of(Collection<List<LogEvent>> timelines, Map<String, List<LogEvent>> agentEvents) {
        List<InteractionRecovery> out = new ArrayList<>();
        for (List<LogEvent> timeline : timelines) {
            InteractionRecovery r = interaction(timeline);
            if (r != null && (r.action() != null)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(InteractionRecovery::enqueuedAt).thenComparing(InteractionRecovery::interactionId));
        List<AgentRecovery> agents = new ArrayList<>();
        agentEvents.forEach((id, events) -> {
            AgentRecovery a = agent(id, events);
            if (a != null) {
                agents.add(a);
            }
        });
        agents.sort(Comparator.comparing(AgentRecovery::agentId));
        return new RecoveryPlan(out, agents);
    }

    /** The interactions that go back into the ACD, in the order to restore them. */
    public List<InteractionRecovery> toRestore() {
        return interactions.stream().filter(i -> i.action() == Action.RESTORE).toList();
    }

    /** Folds one interaction's events; null for an empty timeline. */
    static InteractionRecovery interaction(List<LogEvent> timeline) {
        if (timeline.isEmpty()) {
            return null;
        }
        List<LogEvent> events = new ArrayList<>(timeline);
        events.sort(Comparator.comparingLong(LogEvent::id));
        String id = events.get(0).interactionId();
        Channel channel = null;
        String direction = null;
        String createdQueue = null;
        String queue = null;
        Map<String, Integer> skills = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        int priority = 0;
        Tier tier = null;
        String customer = null;
        Instant createdAt = null;
        Instant enqueuedAt = null;
        Stage stage = Stage.NEW;
        String agent = null;
        // Open wrap-ups by agent, and when and from which queue each agent last took it.
        Map<String, InteractionRecovery.OpenWrapUp> wrapUps = new LinkedHashMap<>();
        Map<String, Instant> connectedAt = new java.util.HashMap<>();
        Map<String, String> connectedFrom = new java.util.HashMap<>();
        boolean answered = false;
        for (LogEvent e : events) {
            if (createdAt == null || e.at().isBefore(createdAt)) {
                createdAt = e.at();
            }
            if (e.customerId() != null) {
                customer = e.customerId();
            }
            switch (e.type()) {
                case INTERACTION_CREATED -> {
                    channel = channel(e.detail("channel"));
                    direction = e.detail("direction");
                    createdQueue = e.queueId();
                    priority = (int) e.detailLong("priority", 0);
                    tier = tier(e.detail("tier"));
                    e.details().forEach((k, v) -> {
                        if (k.startsWith(NewLogEvent.SKILL_PREFIX) && v instanceof Number n) {
                            skills.put(k.substring(NewLogEvent.SKILL_PREFIX.length()), n.intValue());
                        } else if (k.startsWith(NewLogEvent.ATTRIBUTE_PREFIX)) {
                            attributes.put(k.substring(NewLogEvent.ATTRIBUTE_PREFIX.length()), String.valueOf(v));
                        }
                    });
                }
                case IVR_ENTERED -> {
                    if (stage == Stage.NEW) {
                        stage = Stage.IN_IVR;
                    }
                }
                case QUEUED -> {
                    queue = e.queueId() != null ? e.queueId() : queue;
                    if (!"true".equals(e.detail("requeued")) || enqueuedAt == null) {
                        enqueuedAt = e.at();
                    }
                    stage = Stage.WAITING;
                    agent = null;
                }
                case TRANSFERRED -> {
                    String to = e.detail("toQueueId");
                    queue = to != null ? to : queue;
                    agent = null;
                }
                case OFFERED -> stage = Stage.OFFERED;
                case CONNECTED -> {
                    stage = Stage.IN_HAND;
                    agent = e.agentId();
                    answered = true;
                    if (agent != null) {
                        connectedAt.put(agent, e.at());
                        connectedFrom.put(agent, e.queueId() != null ? e.queueId() : queue);
                    }
                }
                case PRIORITY_CHANGED -> priority = (int) e.detailLong("explicitPriority", priority);
                case ENDED -> {
                    if (stage != Stage.FINISHED && stage != Stage.WRAP_UP) {
                        stage = stage == Stage.IN_HAND ? Stage.WRAP_UP : Stage.FINISHED;
                    }
                }
                case ABANDONED, REJECTED, FAILED -> stage = Stage.FINISHED;
                case WRAP_UP_STARTED -> {
                    String by = e.agentId();
                    if (by != null) {
                        wrapUps.put(by, new InteractionRecovery.OpenWrapUp(by, connectedFrom.getOrDefault(by, queue),
                                connectedAt.getOrDefault(by, e.at()), instant(e.detail("endsAt"))));
                    }
                    if (stage == Stage.IN_HAND) {
                        stage = Stage.WRAP_UP;
                    }
                }
                case WRAP_UP_ENDED -> {
                    if (e.agentId() == null) {
                        wrapUps.clear();
                    } else {
                        wrapUps.remove(e.agentId());
                    }
                    if (stage == Stage.WRAP_UP && wrapUps.isEmpty()) {
                        stage = Stage.FINISHED;
                    }
                }
                default -> {
                    // IVR steps, offers that ended (a QUEUED follows when it waits again), messages, ratings…
                }
            }
        }
        if (stage == Stage.WRAP_UP && wrapUps.isEmpty()) {
            // Ended in hand without a wrap-up on record (a channel's own end): nothing waits for an agent.
            stage = Stage.FINISHED;
        }
        if (queue == null) {
            queue = createdQueue;
        }
        if (enqueuedAt == null) {
            enqueuedAt = createdAt;
        }
        String handler = stage == Stage.IN_HAND ? agent : null;
        Action action;
        String reason = null;
        if (stage == Stage.FINISHED || stage == Stage.WRAP_UP) {
            action = wrapUps.isEmpty() ? null : Action.WRAP_UP;
            reason = wrapUps.isEmpty() ? null : InteractionRecovery.WRAP_UP_KEPT;
        } else if (channel == Channel.VOICE && "asterisk".equals(attributes.get("telephony"))
                && attributes.get("callId") != null) {
            action = Action.KEEP;
            reason = InteractionRecovery.KEPT;
        } else if (channel == Channel.VOICE || channel == Channel.OUTBOUND_VOICE) {
            action = Action.END;
            reason = InteractionRecovery.MEDIA_LOST;
        } else if (channel == null || queue == null) {
            action = Action.FAIL;
            reason = "server restarted: the log does not say " + (channel == null ? "its channel" : "its queue")
                    + ", so it cannot be queued again";
        } else {
            action = Action.RESTORE;
            reason = InteractionRecovery.RESTORED;
        }
        return new InteractionRecovery(id, channel, direction, queue, skills, priority, tier, customer, attributes,
                enqueuedAt, stage, handler, List.copyOf(wrapUps.values()), answered, action, reason);
    }

    /**
     * The agent's last state with a "to" (phone reachability events carry none); null if never logged in.
     * An agent who was working gets back the availability they chose last: NOT_READY (with its reason)
     * if they went to work from there (a call they dialled themselves while not ready), else READY.
     */
    static AgentRecovery agent(String agentId, List<LogEvent> events) {
        LogEvent last = null;
        LogEvent chosen = null; // the newest READY or NOT_READY: the agent's own choice, under any work
        for (LogEvent e : events) {
            boolean state = e.type() == LogEventType.AGENT_LOGGED_IN || e.type() == LogEventType.AGENT_STATE_CHANGED
                    || e.type() == LogEventType.AGENT_LOGGED_OUT;
            if (state && e.detail("to") != null && (last == null || e.id() > last.id())) {
                last = e;
            }
            AgentState to = state && e.detail("to") != null ? agentState(e.detail("to")) : null;
            if ((to == AgentState.READY || to == AgentState.NOT_READY) && (chosen == null || e.id() > chosen.id())) {
                chosen = e;
            }
        }
        if (last == null) {
            return null;
        }
        AgentState was = agentState(last.detail("to"));
        String reason = last.detail("reason");
        return switch (was) {
            case READY -> new AgentRecovery(agentId, was, reason, last.at(), AgentState.READY, null);
            case NOT_READY -> new AgentRecovery(agentId, was, reason, last.at(), AgentState.NOT_READY,
                    reason == null ? org.openucc.routing.SystemReasons.NOT_READY : reason);
            case BUSY, RESERVED, WRAP_UP -> chosen != null && agentState(chosen.detail("to")) == AgentState.NOT_READY
                    ? new AgentRecovery(agentId, was, reason, last.at(), AgentState.NOT_READY,
                            chosen.detail("reason") == null ? org.openucc.routing.SystemReasons.NOT_READY
                                    : chosen.detail("reason"))
                    : new AgentRecovery(agentId, was, reason, last.at(), AgentState.READY, null);
            case LOGGED_OUT -> new AgentRecovery(agentId, was, reason, last.at(), AgentState.LOGGED_OUT, null);
        };
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static AgentState agentState(String name) {
        try {
            return AgentState.valueOf(name);
        } catch (IllegalArgumentException e) {
            return AgentState.LOGGED_OUT;
        }
    }

    private static Channel channel(String name) {
        try {
            return name == null ? null : Channel.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Tier tier(String name) {
        try {
            return name == null ? null : Tier.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
