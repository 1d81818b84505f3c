package org.openucc.recovery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.openucc.log.InteractionLog;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogPage;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;
import org.openucc.log.RoutingEventRecorder;
import org.openucc.routing.RoutingEvent;
import org.openucc.stats.LiveStats;

/**
 * Rebuilds the supervisor's live figures from the log at start-up, once the recovery has written what it
 * closed and the engine has its work back: today's routing events (the day's figures, in the center's
 * zone), the earlier events of the interactions still open (their place and wait), and each agent's last
 * state before today (their state and since when). Interactions the log closed outside the engine
 * (failed, or ended by the restart) wait nowhere. Live events the statistics held meanwhile are applied
 * after, those the log already held skipped. Blocking (reads the log).
 */
public final class StatsRecovery {
    private static final EnumSet<LogEventType> AGENT_STATES = EnumSet.of(LogEventType.AGENT_LOGGED_IN,
            LogEventType.AGENT_STATE_CHANGED, LogEventType.AGENT_LOGGED_OUT);
    private static final int AGENT_PAGE = 200;

    /** The routing events to apply, oldest first, and the interactions the log closed without one. */
    public record History(List<RoutingEvent> events, Set<String> closed) {
    }

    private StatsRecovery() {
    }

    /** Rebuilds {@code stats} from the log as of {@code now}; returns the number of events applied. */
    public static CompletableFuture<Integer> rebuild(LiveStats stats, InteractionLog log, ZoneId zone, Instant now,
                                                     Collection<String> agentIds) {
        History h = read(log, LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant(), agentIds);
        Set<RoutingEvent> logged = new HashSet<>(h.events());
        return stats.replay(h.events(), h.closed(), e -> asLogged(e).map(logged::contains).orElse(false));
    }

    /** What the live statistics are rebuilt from, for a day that began at {@code dayStart}. */
    public static History read(InteractionLog log, Instant dayStart, Collection<String> agentIds) {
        TreeMap<Long, LogEvent> events = new TreeMap<>();
        for (String agent : agentIds) {
            lastStateBefore(log, agent, dayStart).ifPresent(e -> events.put(e.id(), e));
        }
        for (InteractionSummary s : log.unfinished()) {
            if (s.arrivedAt().isBefore(dayStart)) {
                for (LogEvent e : log.timeline(s.interactionId())) {
                    if (e.at().isBefore(dayStart) && LogReplay.TYPES.contains(e.type())) {
                        events.put(e.id(), e);
                    }
                }
            }
        }
        EnumSet<LogEventType> types = EnumSet.copyOf(LogReplay.TYPES);
        types.add(LogEventType.FAILED);
        LogQuery q = LogQuery.all().types(types).between(dayStart, null).limit(LogQuery.MAX_LIMIT);
        while (true) {
            LogPage page = log.events(q);
            page.events().forEach(e -> events.put(e.id(), e));
            if (page.nextCursor() == null) {
                break;
            }
            q = q.after(page.nextCursor());
        }
        List<RoutingEvent> out = new ArrayList<>(events.size());
        Set<String> closed = new LinkedHashSet<>();
        for (LogEvent e : events.values()) {
            boolean closes = e.type() == LogEventType.FAILED
                    || e.type() == LogEventType.ENDED && Recovery.ACTOR.equals(e.actor());
            if (closes && e.interactionId() != null) {
                closed.add(e.interactionId());
                continue;
            }
            Optional<RoutingEvent> r = LogReplay.toRoutingEvent(e);
            if (r.isPresent()) {
                out.add(r.get());
                if (e.interactionId() != null) {
                    closed.remove(e.interactionId()); // routed again after all
                }
            }
        }
        return new History(out, closed);
    }

    /** A live event as it comes back from the log (what the recorder keeps of it); empty if it is not logged. */
    static Optional<RoutingEvent> asLogged(RoutingEvent e) {
        if (e instanceof RoutingEvent.AgentSnapshotTaken || e instanceof RoutingEvent.AgentMessageRelayed) {
            return Optional.empty();
        }
        NewLogEvent n = RoutingEventRecorder.toLogEvent(e);
        return LogReplay.toRoutingEvent(new LogEvent(0, n.at(), n.type(), n.interactionId(), n.agentId(), n.queueId(),
                n.customerId(), n.actor(), n.details()));
    }

    /** The agent's newest state change before {@code before} (phone changes carry no state). */
    private static Optional<LogEvent> lastStateBefore(InteractionLog log, String agentId, Instant before) {
        LogQuery q = LogQuery.forAgent(agentId).types(AGENT_STATES).between(null, before).newestFirst().limit(AGENT_PAGE);
        while (true) {
            LogPage page = log.events(q);
            for (LogEvent e : page.events()) {
                if (e.detail("to") != null) {
                    return Optional.of(e);
                }
            }
            if (page.nextCursor() == null) {
                return Optional.empty();
            }
            q = q.after(page.nextCursor());
        }
    }
}
