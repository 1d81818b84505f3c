package org.openucc.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.routing.AgentState;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the routing engine's events into the interaction log. As the {@code RoutingService}'s
 * {@link RoutingJournal} it gets each command's events on the engine thread before anyone hears of them,
 * converts them and queues them as one append ({@link InteractionLog#appendAll}, returns at once); the
 * service dispatches them and answers the command once that append is durable. It also admits requests
 * for the log ({@link InteractionLog#admit}). As a plain listener ({@link #accept}) it only hands over.
 * A failed write is logged with the events and counted.
 */
public final class RoutingEventRecorder implements RoutingEventSink, RoutingJournal {
    private static final Logger log = LoggerFactory.getLogger(RoutingEventRecorder.class);

    private final InteractionLog interactionLog;
    private final AtomicLong failures = new AtomicLong();

    public RoutingEventRecorder(InteractionLog interactionLog) {
        this.interactionLog = interactionLog;
    }

    @Override
    public CompletableFuture<Void> record(List<RoutingEvent> events) {
        List<NewLogEvent> entries = new ArrayList<>(events.size());
        for (RoutingEvent e : events) {
            if (logged(e)) {
                entries.add(toLogEvent(e));
            }
        }
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return interactionLog.appendAll(entries).handle((stored, error) -> {
            if (error != null) {
                failures.incrementAndGet();
                log.error("interaction log lost routing events {}: {}", events, error.toString());
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
            }
            return null;
        });
    }

    @Override
    public void admit(RoutingCommand<?> command) {
        interactionLog.admit();
    }

    /** Console plumbing on the event stream is not a change of an interaction or an agent. */
    private static boolean logged(RoutingEvent event) {
        return !(event instanceof RoutingEvent.AgentSnapshotTaken || event instanceof RoutingEvent.AgentMessageRelayed);
    }

    @Override
    public void accept(RoutingEvent event) {
        if (!logged(event)) {
            return;
        }
        NewLogEvent entry = toLogEvent(event);
        interactionLog.append(entry).whenComplete((stored, error) -> {
            if (error != null) {
                failures.incrementAndGet();
                log.error("interaction log lost routing event {}: {}", event, error.toString());
            }
        });
    }

    /** Routing events that could not be written since start. */
    public long failures() {
        return failures.get();
    }

    /** The log entry for a routing event; public so tests and replays can see the mapping. */
    public static NewLogEvent toLogEvent(RoutingEvent event) {
        Instant at = Instant.ofEpochMilli(event.atMillis());
        Map<String, Object> d = new LinkedHashMap<>();
        if (event instanceof RoutingEvent.InteractionQueued e) {
            d.put("position", e.position());
            d.put("estimatedWaitMillis", e.estimatedWaitMillis());
            d.put("requeued", e.requeued());
            d.put("reason", e.reason());
            return interaction(at, LogEventType.QUEUED, e.interactionId(), null, e.queueId(), d);
        }
        if (event instanceof RoutingEvent.InteractionRejected e) {
            d.put("reason", e.reason());
            return interaction(at, LogEventType.REJECTED, e.interactionId(), null, e.queueId(), d);
        }
        if (event instanceof RoutingEvent.OfferMade e) {
            d.put("expiresAt", Instant.ofEpochMilli(e.expiresAtMillis()).toString());
            if (e.decision() != null) {
                d.put("trigger", e.decision().trigger());
                d.put("rule", e.decision().rule());
                d.put("strategy", e.decision().strategy());
                d.put("requirement", e.decision().requirement());
                d.put("overflowStep", e.decision().overflowStep());
            }
            return interaction(at, LogEventType.OFFERED, e.interactionId(), e.agentId(), e.queueId(), d);
        }
        if (event instanceof RoutingEvent.OfferEnded e) {
            d.put("reason", e.reason());
            LogEventType type = switch (e.outcome()) {
                case DECLINED -> LogEventType.OFFER_DECLINED;
                case TIMED_OUT -> LogEventType.OFFER_TIMED_OUT;
                case RESCINDED -> LogEventType.OFFER_RESCINDED;
            };
            return interaction(at, type, e.interactionId(), e.agentId(), null, d);
        }
        if (event instanceof RoutingEvent.InteractionConnected e) {
            d.put("waitedMillis", e.waitedMillis());
            return interaction(at, LogEventType.CONNECTED, e.interactionId(), e.agentId(), e.queueId(), d);
        }
        if (event instanceof RoutingEvent.InteractionEnded e) {
            d.put("reason", e.reason());
            d.put("talkMillis", e.talkMillis());
            return interaction(at, LogEventType.ENDED, e.interactionId(), e.agentId(), e.queueId(), d);
        }
        if (event instanceof RoutingEvent.InteractionAbandoned e) {
            d.put("reason", e.reason());
            d.put("waitedMillis", e.waitedMillis());
            return interaction(at, LogEventType.ABANDONED, e.interactionId(), null, e.queueId(), d);
        }
        if (event instanceof RoutingEvent.WrapUpStarted e) {
            d.put("endsAt", Instant.ofEpochMilli(e.endsAtMillis()).toString());
            return interaction(at, LogEventType.WRAP_UP_STARTED, e.interactionId(), e.agentId(), null, d);
        }
        if (event instanceof RoutingEvent.WrapUpEnded e) {
            return interaction(at, LogEventType.WRAP_UP_ENDED, e.interactionId(), e.agentId(), null, d);
        }
        if (event instanceof RoutingEvent.InteractionOverflowed e) {
            d.put("step", e.step());
            d.put("requirement", e.requirement());
            return interaction(at, LogEventType.OVERFLOWED, e.interactionId(), null, e.queueId(), d);
        }
        if (event instanceof RoutingEvent.MaxWaitReached e) {
            d.put("action", e.action());
            d.put("targetQueueId", e.targetQueueId());
            d.put("waitedMillis", e.waitedMillis());
            return interaction(at, LogEventType.MAX_WAIT_REACHED, e.interactionId(), null, e.queueId(), d);
        }
        if (event instanceof RoutingEvent.InteractionTransferred e) {
            d.put("fromQueueId", e.fromQueueId());
            d.put("toQueueId", e.toQueueId());
            return new NewLogEvent(at, LogEventType.TRANSFERRED, e.interactionId(), e.byAgentId(), e.toQueueId(), null,
                    e.byAgentId(), d);
        }
        if (event instanceof RoutingEvent.PriorityChanged e) {
            d.put("priority", e.priority());
            d.put("position", e.position());
            d.put("explicitPriority", e.explicitPriority());
            return interaction(at, LogEventType.PRIORITY_CHANGED, e.interactionId(), null, null, d);
        }
        if (event instanceof RoutingEvent.AgentPhoneChanged e) {
            d.put("phone", e.reachable() ? "REACHABLE" : "UNREACHABLE");
            return new NewLogEvent(at, LogEventType.AGENT_STATE_CHANGED, null, e.agentId(), null, null, null, d);
        }
        if (event instanceof RoutingEvent.AgentStateChanged e) {
            d.put("from", e.from());
            d.put("to", e.to());
            d.put("reason", e.reason());
            LogEventType type = e.from() == AgentState.LOGGED_OUT ? LogEventType.AGENT_LOGGED_IN
                    : e.to() == AgentState.LOGGED_OUT ? LogEventType.AGENT_LOGGED_OUT : LogEventType.AGENT_STATE_CHANGED;
            return new NewLogEvent(at, type, null, e.agentId(), null, null, null, d);
        }
        throw new IllegalArgumentException("no log mapping for routing event " + event);
    }

    private static NewLogEvent interaction(Instant at, LogEventType type, String interactionId, String agentId,
                                           String queueId, Map<String, Object> details) {
        return new NewLogEvent(at, type, interactionId, agentId, queueId, null, null, details);
    }
}
