package org.openucc.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.reports.ReportSettings;
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
 * interval per queue or agent.
 *
 * <p>"Today" is the local day in the center's zone ({@link ReportSettings#zone()}) and is counted as the
 * reports count a day: the entries into a queue made today, each with its answer (wait from the entry,
 * first answer only), abandon and handlings (talk + hold + wrap-up, once the wrap-up ends) whenever they
 * happen, with the reports' short-abandon and service-level rules. So the wallboard's day equals the
 * report's day for the same queue, agent and hour. At start-up the figures are rebuilt from the log
 * ({@link #replay}), so a restart changes nothing a supervisor sees.
 */
public final class LiveStats implements RoutingEventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveStats.class);
    /** How long closing lets events already handed over be applied. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    /** An interaction's current entry into a queue: what today's figures count it by. */
    private static final class Entry {
        final String queue;
        final long at;
        final LocalDate day;
        final int hour;
        boolean answered;
        boolean abandoned;

        Entry(String queue, long at, LocalDate day, int hour) {
            this.queue = queue;
            this.at = at;
            this.day = day;
            this.hour = hour;
        }
    }

    /** One agent's handling of one interaction, from the answer to the end of wrap-up. */
    private static final class Handling {
        final Entry entry;
        final long connectedAt;
        long talkEndedAt = -1;
        long wrapStartedAt = -1;

        Handling(Entry entry, long connectedAt) {
            this.entry = entry;
            this.connectedAt = connectedAt;
        }
    }

    private final InstantSource clock;
    private final ReportSettings settings;
    private final ZoneId zone;
    private final List<QueueConfig> queueConfigs;
    private final List<AgentConfig> agentConfigs;
    private final ScheduledThreadPoolExecutor owner;
    private final Map<String, QueueTally> queues = new LinkedHashMap<>();
    private final Map<String, AgentTally> agents = new LinkedHashMap<>();
    /**
     * The current entry of each interaction still waiting, ringing or connected (today's, and older ones still
     * open); dropped once it ends, is abandoned or is rejected (its handlings keep what their wrap-ups need), so a
     * day of traffic does not pile up here.
     */
    private final Map<String, Entry> entries = new HashMap<>();
    /** Handlings not over, by "agent/interaction". */
    private final Map<String, Handling> handlings = new HashMap<>();
    private final List<StatsSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final PushThrottle queuePushes;
    private final PushThrottle agentPushes;
    private LocalDate day;
    /** Live events held until the replay (null: applied as they come). */
    private List<RoutingEvent> held;

    /**
     * @param settings the reports' rules, which the day's figures follow: the zone days begin in, the
     *                 short-abandon threshold, which abandons count against the service level
     */
    public LiveStats(List<QueueConfig> queueConfigs, List<AgentConfig> agentConfigs, InstantSource clock,
                     ReportSettings settings, Duration interval) {
        this.clock = clock;
        this.settings = settings;
        this.zone = settings.zone();
        this.queueConfigs = List.copyOf(queueConfigs);
        this.agentConfigs = List.copyOf(agentConfigs);
        this.owner = new ScheduledThreadPoolExecutor(1, ThreadPools.daemonThread("live-stats"));
        owner.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.day = today();
        reset();
        this.queuePushes = new PushThrottle(owner, interval.toMillis(), clock::millis, this::pushQueue);
        this.agentPushes = new PushThrottle(owner, interval.toMillis(), clock::millis, this::pushAgent);
    }

    /**
     * Holds the live events from now until {@link #replay}: call before it listens to the engine, when the
     * figures will be rebuilt from the log. The replay then applies those of them the log did not hold yet.
     */
    public void holdUntilReplay() {
        held = new ArrayList<>();
    }

    /** Called on the engine thread: only hands the event to the statistics thread. */
    @Override
    public void accept(RoutingEvent event) {
        try {
            owner.execute(() -> {
                if (held != null) {
                    held.add(event);
                    return;
                }
                applySafely(event);
            });
        } catch (RejectedExecutionException e) {
            // stopped: the figures are no longer shown to anyone
        }
    }

    /**
     * At start-up: every figure rebuilt from the log. Starts from nothing, applies {@code logged} (the
     * routing events the log holds, oldest first: today's, and the earlier ones of what is still open or
     * of each agent's state then), takes {@code closed} out of every queue and agent (interactions the log
     * says are over without a routing event saying so: failed, or ended by the restart), then the live
     * events held since {@link #holdUntilReplay} for which {@code alreadyLogged} is false, and from then
     * on applies live events as they come.
     *
     * @return the number of events applied
     */
    public CompletableFuture<Integer> replay(List<RoutingEvent> logged, Collection<String> closed,
                                             Predicate<RoutingEvent> alreadyLogged) {
        return CompletableFuture.supplyAsync(() -> {
            day = today();
            reset();
            int n = 0;
            for (RoutingEvent e : logged) {
                applySafely(e);
                n++;
            }
            closed.forEach(this::close);
            if (held != null) {
                for (RoutingEvent e : held) {
                    if (!alreadyLogged.test(e)) {
                        applySafely(e);
                        n++;
                    }
                }
                held = null;
            }
            queues.values().forEach(this::changedQueue);
            agents.keySet().forEach(agentPushes::changed);
            return n;
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

    /** Interactions and handlings held now (those not over): what the figures cost in memory, for checks. */
    public CompletableFuture<Integer> interactionsHeld() {
        return CompletableFuture.supplyAsync(() -> entries.size() + handlings.size(), owner);
    }

    @Override
    public void close() {
        ThreadPools.shutDown(owner, STOP_GRACE);
    }

    private void reset() {
        queues.clear();
        agents.clear();
        entries.clear();
        handlings.clear();
        // An agent the log says nothing of is logged out, as far as the figures reach: since the day began.
        long dayStart = dayStartMillis();
        queueConfigs.forEach(q -> queues.put(q.id(), new QueueTally(q)));
        agentConfigs.forEach(a -> agents.put(a.id(), new AgentTally(a.id(), a.name(), dayStart)));
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

    private void applySafely(RoutingEvent event) {
        try {
            apply(event);
        } catch (RuntimeException e) {
            log.error("live statistics could not apply {}", event, e);
        }
    }

    private void apply(RoutingEvent event) {
        rollDay();
        if (event instanceof RoutingEvent.InteractionQueued e) {
            queued(e);
        } else if (event instanceof RoutingEvent.InteractionConnected e) {
            connected(e);
        } else if (event instanceof RoutingEvent.InteractionAbandoned e) {
            abandoned(e);
        } else if (event instanceof RoutingEvent.InteractionRejected e) {
            onQueue(e.queueId(), q -> q.waitingSince.remove(e.interactionId()));
            entries.remove(e.interactionId()); // it waits nowhere now
        } else if (event instanceof RoutingEvent.MaxWaitReached e) {
            onQueue(e.queueId(), q -> q.waitingSince.remove(e.interactionId()));
        } else if (event instanceof RoutingEvent.InteractionTransferred e) {
            onQueue(e.fromQueueId(), q -> q.waitingSince.remove(e.interactionId()));
        } else if (event instanceof RoutingEvent.OfferMade e) {
            agent(e.agentId(), a -> a.offered = e.interactionId());
        } else if (event instanceof RoutingEvent.OfferEnded e) {
            agent(e.agentId(), a -> {
                if (e.interactionId().equals(a.offered)) {
                    a.offered = null;
                }
            });
        } else if (event instanceof RoutingEvent.InteractionEnded e) {
            Handling h = handlings.get(key(e.agentId(), e.interactionId()));
            if (h != null && h.talkEndedAt < 0) {
                h.talkEndedAt = e.atMillis();
            }
            // Its entry can no longer be answered or abandoned: the handling keeps what its wrap-up needs. A
            // transfer's end comes before its new entry (InteractionQueued), which takes the place again.
            entries.remove(e.interactionId());
        } else if (event instanceof RoutingEvent.WrapUpStarted e) {
            Handling h = handlings.get(key(e.agentId(), e.interactionId()));
            if (h != null && h.wrapStartedAt < 0) {
                h.wrapStartedAt = e.atMillis();
            }
            // In hand until it ends; also a wrap-up given back after a restart (the agent's login cleared its hands).
            agent(e.agentId(), a -> a.inHand.add(e.interactionId()));
        } else if (event instanceof RoutingEvent.WrapUpEnded e) {
            wrapUpEnded(e);
        } else if (event instanceof RoutingEvent.AgentStateChanged e) {
            stateChanged(e);
        }
        // overflow, priority and phone changes change no figure shown
    }

    private void queued(RoutingEvent.InteractionQueued e) {
        if (e.queueId() == null) {
            return;
        }
        if (e.requeued()) {
            // Waiting again in the same entry (an offer ended, or restored after a restart): counted before.
            onQueue(e.queueId(), q -> q.waitingSince.putIfAbsent(e.interactionId(), e.atMillis()));
            return;
        }
        LocalDate entryDay = dayOf(e.atMillis());
        Entry entry = new Entry(e.queueId(), e.atMillis(), entryDay.equals(day) ? day : entryDay, hourOf(e.atMillis()));
        entries.put(e.interactionId(), entry);
        onQueue(e.queueId(), q -> {
            q.waitingSince.put(e.interactionId(), e.atMillis());
            if (counts(entry)) {
                q.entered(entry.hour);
            }
        });
    }

    private void connected(RoutingEvent.InteractionConnected e) {
        onQueue(e.queueId(), q -> q.waitingSince.remove(e.interactionId()));
        Entry entry = entries.get(e.interactionId());
        if (entry != null && !entry.answered && !entry.abandoned) {
            entry.answered = true;
            long waited = Math.max(0, e.atMillis() - entry.at);
            if (counts(entry)) {
                onQueue(entry.queue, q -> q.answered(waited, settings.answeredInServiceLevel(entry.queue, waited),
                        entry.hour));
            }
        }
        if (entry != null) {
            handlings.put(key(e.agentId(), e.interactionId()), new Handling(entry, e.atMillis()));
        }
        agent(e.agentId(), a -> {
            a.inHand.add(e.interactionId());
            if (e.interactionId().equals(a.offered)) {
                a.offered = null;
            }
        });
    }

    private void abandoned(RoutingEvent.InteractionAbandoned e) {
        onQueue(e.queueId(), q -> q.waitingSince.remove(e.interactionId()));
        Entry entry = entries.get(e.interactionId());
        if (entry != null && !entry.answered && !entry.abandoned) {
            entry.abandoned = true;
            long waited = Math.max(0, e.atMillis() - entry.at);
            if (counts(entry)) {
                onQueue(entry.queue, q -> q.abandoned(settings.abandonCountsInServiceLevel(entry.queue, waited),
                        entry.hour));
            }
        }
        entries.remove(e.interactionId()); // gone: nothing more can count it
    }

    /** AHT as the reports add it: talk and hold (the answer to the end) plus wrap-up (its start to its end). */
    private void wrapUpEnded(RoutingEvent.WrapUpEnded e) {
        Handling h = handlings.remove(key(e.agentId(), e.interactionId()));
        boolean counted = h != null && counts(h.entry);
        if (counted) {
            long talkEnd = h.talkEndedAt < 0 ? e.atMillis() : h.talkEndedAt;
            long handle = Math.max(0, talkEnd - h.connectedAt)
                    + (h.wrapStartedAt < 0 ? 0 : Math.max(0, e.atMillis() - h.wrapStartedAt));
            onQueue(h.entry.queue, q -> q.handled(handle));
        }
        agent(e.agentId(), a -> {
            a.inHand.remove(e.interactionId());
            if (counted) {
                a.handledToday++;
            }
        });
    }

    private void stateChanged(RoutingEvent.AgentStateChanged e) {
        agent(e.agentId(), a -> {
            if (e.from() == AgentState.LOGGED_OUT) {
                // A login: nothing in hand or ringing (after a restart, what they had comes back as new offers).
                a.inHand.clear();
                a.offered = null;
                if (a.state != AgentState.LOGGED_OUT) {
                    // Logged in again while logged in: a restart giving the agent back a state (in one or
                    // two steps); the same state as before goes on from when it began.
                    a.priorState = a.state;
                    a.priorReason = a.reason;
                    a.priorSince = a.since;
                    a.priorEvents = 2;
                }
            }
            String reason = e.to() == AgentState.NOT_READY ? e.reason() : null;
            boolean restored = a.priorEvents > 0 && a.priorState == e.to() && Objects.equals(a.priorReason, reason);
            a.priorEvents = restored ? 0 : Math.max(0, a.priorEvents - 1);
            if (restored) {
                a.since = a.priorSince;
            } else if (a.state != e.to() || !Objects.equals(a.reason, reason)) {
                a.since = e.atMillis();
            }
            a.state = e.to();
            a.reason = reason;
        });
    }

    /** An interaction the log closed outside the engine: waiting nowhere, in no one's hands. */
    private void close(String interactionId) {
        queues.values().forEach(q -> q.waitingSince.remove(interactionId));
        agents.values().forEach(a -> {
            a.inHand.remove(interactionId);
            if (interactionId.equals(a.offered)) {
                a.offered = null;
            }
        });
    }

    private boolean counts(Entry entry) {
        return entry.day.equals(day);
    }

    private void onQueue(String queueId, Consumer<QueueTally> change) {
        queue(queueId).ifPresent(q -> {
            change.accept(q);
            changedQueue(q);
        });
    }

    private void rollDay() {
        LocalDate today = today();
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
        // Entries of earlier days count no more; keep those still waiting (their place) and open handlings'.
        java.util.Set<String> waiting = new java.util.HashSet<>();
        queues.values().forEach(q -> waiting.addAll(q.waitingSince.keySet()));
        entries.keySet().removeIf(id -> !waiting.contains(id) && entries.get(id).day.isBefore(today));
        handlings.values().removeIf(h -> h.entry.day.isBefore(today));
    }

    private Optional<QueueTally> queue(String id) {
        return Optional.ofNullable(id == null ? null : queues.get(id));
    }

    private void agent(String id, Consumer<AgentTally> change) {
        AgentTally a = agents.computeIfAbsent(id, k -> new AgentTally(k, null, dayStartMillis()));
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
        AgentTally a = agents.get(id);
        if (a == null) {
            return; // gone with a replay's reset
        }
        AgentRow row = a.row(clock.millis());
        subscribers.forEach(s -> s.agentChanged(row));
    }

    private long dayStartMillis() {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    private LocalDate dayOf(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), zone);
    }

    /** The local hour of day (0-23); in the autumn night the two 02:00 hours share one. */
    private int hourOf(long millis) {
        ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(zone);
        return t.getHour();
    }

    private static String key(String agentId, String interactionId) {
        return agentId + "/" + interactionId;
    }
}
