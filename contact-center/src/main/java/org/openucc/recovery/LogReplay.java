package org.openucc.recovery;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.openucc.config.MaxWaitAction;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.routing.AgentState;
import org.openucc.routing.OfferOutcome;
import org.openucc.routing.RoutingEvent;

/**
 * The routing events rebuilt from what {@code RoutingEventRecorder} wrote: how the live statistics get
 * back their figures after a restart ({@link StatsRecovery}). The inverse of the recorder for the events
 * the statistics use; decisions and estimates it did not log stay empty.
 */
public final class LogReplay {
    static final EnumSet<LogEventType> TYPES = EnumSet.of(LogEventType.QUEUED, LogEventType.CONNECTED,
            LogEventType.ABANDONED, LogEventType.REJECTED, LogEventType.MAX_WAIT_REACHED, LogEventType.TRANSFERRED,
            LogEventType.OFFERED, LogEventType.OFFER_DECLINED, LogEventType.OFFER_TIMED_OUT,
            LogEventType.OFFER_RESCINDED, LogEventType.ENDED, LogEventType.WRAP_UP_STARTED, LogEventType.WRAP_UP_ENDED,
            LogEventType.AGENT_LOGGED_IN, LogEventType.AGENT_STATE_CHANGED, LogEventType.AGENT_LOGGED_OUT);

    private LogReplay() {
    }

    /**
     * The routing event a log event was written from; empty for those written by others (channels, recovery):
     * an ENDED counts only as the engine wrote it (with its agent, no actor).
     */
    public static Optional<RoutingEvent> toRoutingEvent(LogEvent e) {
        long at = e.at().toEpochMilli();
        String id = e.interactionId();
        return Optional.ofNullable(switch (e.type()) {
            case QUEUED -> new RoutingEvent.InteractionQueued(at, id, e.queueId(), (int) e.detailLong("position", 0),
                    e.detailLong("estimatedWaitMillis", 0), "true".equals(e.detail("requeued")), e.detail("reason"));
            case CONNECTED -> new RoutingEvent.InteractionConnected(at, id, e.agentId(), e.queueId(),
                    e.detailLong("waitedMillis", 0));
            case ABANDONED -> new RoutingEvent.InteractionAbandoned(at, id, e.queueId(), e.detailLong("waitedMillis", 0),
                    e.detail("reason"));
            case REJECTED -> new RoutingEvent.InteractionRejected(at, id, e.queueId(), e.detail("reason"));
            case MAX_WAIT_REACHED -> new RoutingEvent.MaxWaitReached(at, id, e.queueId(),
                    enumOf(MaxWaitAction.class, e.detail("action")), e.detail("targetQueueId"),
                    e.detailLong("waitedMillis", 0));
            case TRANSFERRED -> new RoutingEvent.InteractionTransferred(at, id, e.detail("fromQueueId"),
                    e.detail("toQueueId"), e.agentId());
            case OFFERED -> e.agentId() == null ? null : new RoutingEvent.OfferMade(at, id, e.agentId(), e.queueId(),
                    at, null);
            case OFFER_DECLINED -> new RoutingEvent.OfferEnded(at, id, e.agentId(), OfferOutcome.DECLINED, e.detail("reason"));
            case OFFER_TIMED_OUT -> new RoutingEvent.OfferEnded(at, id, e.agentId(), OfferOutcome.TIMED_OUT,
                    e.detail("reason"));
            case OFFER_RESCINDED -> new RoutingEvent.OfferEnded(at, id, e.agentId(), OfferOutcome.RESCINDED,
                    e.detail("reason"));
            case ENDED -> e.agentId() == null || e.actor() != null ? null : new RoutingEvent.InteractionEnded(at, id,
                    e.agentId(), e.queueId(), e.detail("reason"), e.detailLong("talkMillis", 0));
            case WRAP_UP_STARTED -> e.agentId() == null || e.detail("endsAt") == null ? null
                    : new RoutingEvent.WrapUpStarted(at, id, e.agentId(), instantMillis(e.detail("endsAt"), at));
            case WRAP_UP_ENDED -> e.agentId() == null ? null : new RoutingEvent.WrapUpEnded(at, id, e.agentId());
            case AGENT_LOGGED_IN, AGENT_STATE_CHANGED, AGENT_LOGGED_OUT -> e.detail("to") == null ? null
                    : new RoutingEvent.AgentStateChanged(at, e.agentId(), enumOf(AgentState.class, e.detail("from")),
                    enumOf(AgentState.class, e.detail("to")), e.detail("reason"));
            default -> null;
        });
    }

    private static long instantMillis(String text, long otherwise) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return otherwise;
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        try {
            return name == null ? null : Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
