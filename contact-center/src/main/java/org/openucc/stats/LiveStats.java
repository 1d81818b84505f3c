package org.openucc.stats;

import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.routing.AgentState;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's live figures, computed incrementally from the routing events: per queue (waiting,
 * longest wait, offered/answered/abandoned today, service level, ASA, AHT) and per agent (state,
 * reason, time in state, work in hand, handled today). One thread of its own owns them: the engine
 * thread only hands events over. Subscribers hear of a change at once, then at most once per
 * interval per queue or agent. "Today" starts at local midnight (or at start-up).
 */
public final class LiveStats implements RoutingEventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveStats.class);
    /** How long closing lets events already handed over be applied. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final InstantSource clock;
    private final ZoneId zone;
    private final ScheduledThreadPoolExecutor owner;
    private final Map<String, QueueTally> queues = new LinkedHashMap<>();
    private final Map<String, AgentTally> agents = new LinkedHashMap<>();
    /** Connected interactions by "agent/interaction": when the agent answered and from which queue. */
    private final Map<String, long[]> connectedAt = new HashMap<>();
    private final Map<String, String> connectedQueue = new HashMap<>();
    private final List<StatsSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final PushThrottle queuePushes;
    private final PushThrottle agentPushes;
    private LocalDate day;

    public LiveStats(List<QueueConfig> queueConfigs, List<AgentConfig> agentConfigs, InstantSource clock, ZoneId zone,
                     Duration interval) {
        this.clock = clock;
        this.zone = zone;
        this.owner = new ScheduledThreadPoolExecutor(1, ThreadPools.daemonThread("live-stats"));
        owner.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long now = clock.millis();
        queueConfigs.forEach(q -> queues.put(q.id(), new QueueTally(q)));
        agentConfigs.forEach(a -> agents.put(a.id(), new AgentTally(a.id(), a.name(), now)));
        this.day = LocalDate.ofInstant(clock.instant(), zone);
        this.queuePushes = new PushThrottle(owner, interval.toMillis(), clock::millis, this::pushQueue);
        this.agentPushes = new PushThrottle(owner, interval.toMillis(), clock::millis, this::pushAgent);
    }

    /** Called on the engine thread: only hands the event to the statistics thread. */
    @Override
    public void accept(RoutingEvent event) {
        try {
            owner.execute(() -> {
                try {
                    apply(event);
                } catch (RuntimeException e) {
                    log.error("live statistics could not apply {}", event, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped: the figures are no longer shown to anyone
        }
    }

    /**
     * At start-up, before any live event counts: the day's figures from the events logged so far today
     * (oldest first), so a restart changes nothing a supervisor sees. Runs in order with live events.
     */
    public CompletableFuture<Void> replay(List<RoutingEvent> today) {
        return CompletableFuture.runAsync(() -> today.forEach(this::apply), owner);
    }

    /**
     * After the start-up recovery: only the interactions it put back still wait (the others ended with
     * the old process), and no agent has anything in hand or ringing from before (what they had comes
     * back as new offers).
     */
    public CompletableFuture<Void> afterRecovery(java.util.Collection<String> restored) {
        java.util.Set<String> live = java.util.Set.copyOf(restored);
        return CompletableFuture.runAsync(() -> {
            queues.values().forEach(q -> {
                if (q.waitingSince.keySet().removeIf(id -> !live.contains(id))) {
                    changedQueue(q);
                }
            });
            agents.values().forEach(a -> {
                a.inHand.clear();
                a.offered = null;
                agentPushes.changed(a.id);
            });
            connectedAt.clear();
            connectedQueue.clear();
        }, owner);
    }

    /** Gives the subscriber the figures now, then every change (nothing missed or repeated in between). */
    public CompletableFuture<Void> subscribe(StatsSubscriber subscriber) {
        return CompletableFuture.runAsync(() -> {
            subscriber.snapshot(snapshotNow());
            subscribers.add(subscriber);
        }, owner);
    }

    public void unsubscribe(StatsSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    public CompletableFuture<StatsSnapshot> snapshot() {
        return CompletableFuture.supplyAsync(this::snapshotNow, owner);
    }

    @Override
    public void close() {
        ThreadPools.shutDown(owner, STOP_GRACE);
    }

    private StatsSnapshot snapshotNow() {
        rollDay();
        long now = clock.millis();
        List<QueueFigures> q = new ArrayList<>();
        queues.values().forEach(t -> q.add(t.figures(now)));
        List<AgentRow> a = new ArrayList<>();
        agents.values().forEach(t -> a.add(t.row(now)));
        return new StatsSnapshot(q, a);
    }

    private void apply(RoutingEvent event) {
        rollDay();
        if (event instanceof RoutingEvent.InteractionQueued e && e.reason() != null) {
            // restored after a restart: it arrived (and was counted) before
            onQueue(e.queueId(), q -> q.waitingSince.putIfAbsent(e.interactionId(), e.atMillis()));
        } else if (event instanceof RoutingEvent.InteractionQueued e) {
            onQueue(e.queueId(), q -> q.arrived(e.interactionId(), e.atMillis(), hourOf(e.atMillis())));
        } else if (event instanceof RoutingEvent.InteractionConnected e) {
            onQueue(e.queueId(), q -> q.answered(e.interactionId(), e.waitedMillis(), hourOf(e.atMillis())));
            connectedAt.put(key(e.agentId(), e.interactionId()), new long[] {e.atMillis()});
            connectedQueue.put(key(e.agentId(), e.interactionId()), e.queueId());
            agent(e.agentId(), a -> {
                a.inHand.add(e.interactionId());
                if (e.interactionId().equals(a.offered)) {
                    a.offered = null;
                }
            });
        } else if (event instanceof RoutingEvent.InteractionAbandoned e) {
            onQueue(e.queueId(), q -> q.abandoned(e.interactionId(), e.waitedMillis(), hourOf(e.atMillis())));
        } else if (event instanceof RoutingEvent.InteractionRejected e) {
            onQueue(e.queueId(), q -> q.left(e.interactionId()));
        } else if (event instanceof RoutingEvent.MaxWaitReached e) {
            onQueue(e.queueId(), q -> q.left(e.interactionId()));
        } else if (event instanceof RoutingEvent.InteractionTransferred e) {
            onQueue(e.fromQueueId(), q -> q.left(e.interactionId()));
        } else if (event instanceof RoutingEvent.OfferMade e) {
            agent(e.agentId(), a -> a.offered = e.interactionId());
        } else if (event instanceof RoutingEvent.OfferEnded e) {
            agent(e.agentId(), a -> {
                if (e.interactionId().equals(a.offered)) {
                    a.offered = null;
                }
            });
        } else if (event instanceof RoutingEvent.WrapUpEnded e) {
            wrapUpEnded(e);
        } else if (event instanceof RoutingEvent.AgentStateChanged e) {
            agent(e.agentId(), a -> {
                a.state = e.to();
                a.reason = e.to() == AgentState.NOT_READY ? e.reason() : null;
                a.since = e.atMillis();
            });
        }
        // overflow, priority, wrap-up start and the end of talk change no figure shown
    }

    private void onQueue(String queueId, java.util.function.Consumer<QueueTally> change) {
        queue(queueId).ifPresent(q -> {
            change.accept(q);
            changedQueue(q);
        });
    }

    private void wrapUpEnded(RoutingEvent.WrapUpEnded e) {
        String k = key(e.agentId(), e.interactionId());
        long[] at = connectedAt.remove(k);
        String queueId = connectedQueue.remove(k);
        if (at != null && queueId != null) {
            onQueue(queueId, q -> q.handled(e.atMillis() - at[0]));
        }
        agent(e.agentId(), a -> {
            a.inHand.remove(e.interactionId());
            a.handledToday++;
        });
    }

    private void rollDay() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        if (today.equals(day)) {
            return;
        }
        day = today;
        queues.values().forEach(q -> {
            q.newDay();
            changedQueue(q);
        });
        agents.values().forEach(a -> {
            a.handledToday = 0;
            agentPushes.changed(a.id);
        });
    }

    private java.util.Optional<QueueTally> queue(String id) {
        return java.util.Optional.ofNullable(id == null ? null : queues.get(id));
    }

    private void agent(String id, java.util.function.Consumer<AgentTally> change) {
        AgentTally a = agents.computeIfAbsent(id, k -> new AgentTally(k, null, clock.millis()));
        change.accept(a);
        agentPushes.changed(id);
    }

    private void changedQueue(QueueTally q) {
        queuePushes.changed(q.id);
    }

    private void pushQueue(String id) {
        QueueFigures figures = queues.get(id).figures(clock.millis());
        subscribers.forEach(s -> s.queueChanged(figures));
    }

    private void pushAgent(String id) {
        AgentRow row = agents.get(id).row(clock.millis());
        subscribers.forEach(s -> s.agentChanged(row));
    }

    private int hourOf(long millis) {
        return java.time.Instant.ofEpochMilli(millis).atZone(zone).getHour();
    }

    private static String key(String agentId, String interactionId) {
        return agentId + "/" + interactionId;
    }
}
