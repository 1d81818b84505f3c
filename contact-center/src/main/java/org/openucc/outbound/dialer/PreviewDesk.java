package org.openucc.outbound.dialer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openucc.config.QueueConfig;
import org.openucc.crm.Ids;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.StateConflictException;
import org.openucc.interaction.Channel;
import org.openucc.interaction.ContextKeys;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingPort;
import org.openucc.voice.DialOutcome;
import org.openucc.voice.VoiceDialer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preview campaigns: each READY agent who serves a running preview campaign's queue, has a reachable phone,
 * no work in hand and no preview pending is shown one record ({@link PreviewConsoles#show}); the agent dials
 * it (an agent-first OUTBOUND_VOICE call into the campaign's queue, with the campaign's caller ID; the
 * disposition at wrap-up is the record's outcome), skips it (outcome {@code SKIPPED}) or schedules a callback
 * to themselves (the record comes back at that time, to that agent). A preview does not reserve the agent in
 * the ACD: inbound work may still reach them; when it does (the agent leaves READY) the preview is withdrawn
 * and the record goes back to the list uncounted, as it does when the agent lets it sit longer than the
 * preview timeout. Every step is logged ({@code PREVIEW_ACTION}; the call as its interaction and its
 * {@code DIAL_ATTEMPT}). State is guarded by this object's lock; the list and the log are used off it.
 */
public final class PreviewDesk implements RoutingEventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PreviewDesk.class);
    /** Callbacks may be scheduled at most this far ahead. */
    public static final Duration MAX_CALLBACK_AHEAD = Duration.ofDays(90);

    /** Where previews are shown and taken back (the agents' consoles). */
    public interface PreviewConsoles {
        void show(String agentId, Preview preview);

        void withdraw(String agentId, String campaignId, String recordId, String reason);
    }

    /** A record shown to an agent, until {@code expiresAt}. */
    public record Preview(String campaignId, String campaignName, PreviewList.PreviewRecord record, Instant expiresAt) {
    }

    private record Pending(Preview preview, ScheduledFuture<?> expiry) {
    }

    /** A preview's call: the record's outcome waits for its wrap-up (or comes from the failed dial). */
    private static final class Call {
        final String interactionId;
        final String campaignId;
        final String recordId;
        final String agentId;
        final String queueId;
        final int attempt;
        volatile boolean connected;
        volatile Instant callbackAt;

        Call(String interactionId, String campaignId, String recordId, String agentId, String queueId, int attempt) {
            this.interactionId = interactionId;
            this.campaignId = campaignId;
            this.recordId = recordId;
            this.agentId = agentId;
            this.queueId = queueId;
            this.attempt = attempt;
        }
    }

    private final RoutingPort routing;
    private final VoiceDialer voice;
    private final PreviewList list;
    private final PreviewConsoles consoles;
    private final InteractionLog interactionLog;
    private final Function<String, Optional<QueueConfig>> queues;
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private final InstantSource clock;
    private final Duration timeout;
    private final Ids ids;
    private final Map<String, DialerCampaign> campaigns = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    /** Callback records taken from the list for their agent, waiting for them to be READY. */
    private final Map<String, ArrayDeque<Preview>> held = new HashMap<>();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    /** Agents whose preview call is being started. */
    private final java.util.Set<String> starting = new java.util.HashSet<>();
    private final AtomicBoolean looking = new AtomicBoolean();
    private final AtomicBoolean lookAgain = new AtomicBoolean();
    private volatile Consumer<String> onListEmpty = id -> { };
    /** The NOT_READY reason an agent gets when a preview expires on their screen (null: they stay READY). */
    private volatile String expiredReason;
    private ScheduledFuture<?> ticker;
    private volatile boolean closed;

    /**
     * @param timeout how long a preview waits for the agent before its record goes back to the list
     * @param tick    how often due records (callbacks whose time came) are looked for besides on events
     */
    public PreviewDesk(RoutingPort routing, VoiceDialer voice, PreviewList list, PreviewConsoles consoles,
                       InteractionLog interactionLog, Function<String, Optional<QueueConfig>> queues,
                       ScheduledExecutorService timers, ExecutorService workers, InstantSource clock, Duration timeout,
                       Duration tick) {
        this.routing = routing;
        this.voice = voice;
        this.list = list;
        this.consoles = consoles;
        this.interactionLog = interactionLog;
        this.queues = queues;
        this.timers = timers;
        this.workers = workers;
        this.clock = clock;
        this.timeout = timeout;
        this.ids = new Ids(clock);
        routing.addListener(this);
        long t = Math.max(100, tick.toMillis());
        this.ticker = timers.scheduleWithFixedDelay(this::look, t, t, TimeUnit.MILLISECONDS);
    }

    /**
     * An agent who lets a preview expire is not at their desk: like an agent who misses inbound offers, they are
     * put NOT_READY with this reason (the engine's missed reason), so the next record is not shown to nobody.
     */
    public void notReadyWhenExpired(String reason) {
        this.expiredReason = reason;
    }

    /** The record shown to the agent now, if any (for a console that reconnects). */
    public synchronized Optional<Preview> shown(String agentId) {
        Pending p = pending.get(agentId);
        return p == null ? Optional.empty() : Optional.of(p.preview());
    }

    /** Told (with the campaign id) when a running preview campaign has no record due, shown or in a call. */
    public void onListEmpty(Consumer<String> listener) {
        this.onListEmpty = listener;
    }

    /** Shows the campaign's records to its agents (or takes its new settings). */
    public void start(DialerCampaign campaign) {
        synchronized (this) {
            campaigns.put(campaign.id(), campaign);
        }
        log.info("preview campaign {} ({}) shows records to the agents of queue {}", campaign.id(), campaign.name(),
                campaign.queueId());
        look();
    }

    /** No more previews; previews shown are withdrawn and their records go back; calls go on to their end. */
    public void stop(String campaignId) {
        List<Preview> back = new ArrayList<>();
        Map<String, String> agents = new HashMap<>();
        synchronized (this) {
            campaigns.remove(campaignId);
            pending.entrySet().removeIf(e -> {
                if (e.getValue().preview().campaignId().equals(campaignId)) {
                    e.getValue().expiry().cancel(false);
                    back.add(e.getValue().preview());
                    agents.put(e.getValue().preview().record().recordId(), e.getKey());
                    return true;
                }
                return false;
            });
            for (ArrayDeque<Preview> q : held.values()) {
                q.removeIf(p -> p.campaignId().equals(campaignId) && back.add(p));
            }
        }
        for (Preview p : back) {
            String agentId = agents.get(p.record().recordId());
            submit(() -> giveBack(agentId, p, "WITHDRAWN", "the campaign was stopped or paused"));
        }
    }

    public synchronized boolean running(String campaignId) {
        return campaigns.containsKey(campaignId);
    }

    /** The record shown to the agent now, if any. */
    public synchronized Optional<Preview> pendingFor(String agentId) {
        Pending p = pending.get(agentId);
        return Optional.ofNullable(p == null ? null : p.preview());
    }

    @Override
    public void close() {
        closed = true;
        routing.removeListener(this);
        ticker.cancel(false);
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(campaigns.keySet());
        }
        ids.forEach(this::stop);
    }

    // ------------------------------------------------------------------ the agent's commands

    /**
     * The agent dials the record shown to them: an OUTBOUND_VOICE interaction in the campaign's queue, theirs at
     * once (their phone rings, then the customer's). Blocking: run it on a worker.
     *
     * @return the interaction's id
     * @throws StateConflictException if that record is not the one shown to this agent
     */
    public String dial(String agentId, String recordId) {
        Preview p;
        synchronized (this) {
            p = take(agentId, recordId);
            starting.add(agentId); // no preview for them from a snapshot taken before the call is theirs
        }
        try {
            return start(agentId, p);
        } finally {
            synchronized (this) {
                starting.remove(agentId);
            }
        }
    }

    private String start(String agentId, Preview p) {
        DialerCampaign c;
        synchronized (this) {
            c = campaigns.get(p.campaignId());
        }
        if (c == null) {
            giveBack(agentId, p, "WITHDRAWN", "the campaign is no longer running");
            throw new StateConflictException("campaign " + p.campaignId() + " is no longer running");
        }
        PreviewList.PreviewRecord r = p.record();
        String id = ids.next("out");
        Map<String, String> context = new LinkedHashMap<>();
        context.put(ContextKeys.PHONE, r.phone());
        context.put("campaignId", c.id());
        context.put("recordId", r.recordId());
        context.put("dialOut.agent", agentId);
        Call call = new Call(id, c.id(), r.recordId(), agentId, c.queueId(), r.attempt());
        try {
            interactionLog.admit();
            interactionLog.append(NewLogEvent.interactionCreated(null, id, Channel.OUTBOUND_VOICE, "OUTBOUND",
                    c.queueId(), r.customerId(), context).withRouting(null, 0, null, agentId)).join();
            calls.put(id, call);
            routing.send(new RoutingCommand.StartWithAgent(new NewInteraction(id, Channel.OUTBOUND_VOICE, c.queueId(),
                    null, c.priority(), null, r.customerId(), agentId, context), agentId)).toCompletableFuture().join();
        } catch (RuntimeException e) {
            Throwable cause = CampaignDialer.cause(e);
            calls.remove(id);
            giveBack(agentId, p, "WITHDRAWN", "the call could not start: " + cause.getMessage());
            throw cause instanceof RuntimeException re ? re : e;
        }
        log.info("preview campaign {}: agent {} dials record {} ({})", c.id(), agentId, r.recordId(), id);
        voice.dialAgentFirst(id, agentId, r.phone(), c.callerId(), c.ringTimeout())
                .whenComplete((outcome, failure) -> submit(() -> {
                    if (failure != null) {
                        dialFailed(call, "FAILED", CampaignDialer.cause(failure).getMessage());
                    } else if (outcome instanceof DialOutcome.Failed f) {
                        dialFailed(call, f.result(), f.detail());
                    } else {
                        call.connected = true;
                        logDialResult(call, "ANSWERED", null);
                    }
                }));
        return id;
    }

    /** The agent skips the record shown to them: its outcome is {@code SKIPPED} (the campaign's schedule decides). */
    public void skip(String agentId, String recordId, String reason) {
        Preview p = take(agentId, recordId);
        Instant now = clock.instant();
        list.outcome(recordId, "SKIPPED", "skipped by agent " + agentId + (reason == null ? "" : ": " + reason), now,
                null);
        logAction(agentId, p.campaignId(), recordId, "SKIPPED", reason, null);
        look();
    }

    /**
     * The agent will call the record back at {@code at}, themselves: a record shown to them goes back (the
     * attempt not counted) due at that time; a record whose call they have in hand gets that retry time when
     * they wrap up. Either way its next preview goes to them.
     */
    public void callback(String agentId, String recordId, Instant at) {
        Instant now = clock.instant();
        if (at == null || !at.isAfter(now)) {
            throw InvalidInputException.field("at", "must be a time in the future");
        }
        if (at.isAfter(now.plus(MAX_CALLBACK_AHEAD))) {
            throw InvalidInputException.field("at", "must be within " + MAX_CALLBACK_AHEAD.toDays() + " days");
        }
        Call inHand = calls.values().stream().filter(c -> c.recordId.equals(recordId) && c.agentId.equals(agentId))
                .findFirst().orElse(null);
        if (inHand != null) {
            inHand.callbackAt = at;
            list.callbackAgent(recordId, agentId);
            logAction(agentId, inHand.campaignId, recordId, "CALLBACK", null, at);
            return;
        }
        Preview p = take(agentId, recordId);
        list.callbackAgent(recordId, agentId);
        list.release(recordId, "CALLBACK", "agent " + agentId + " calls back at " + at, now, at);
        logAction(agentId, p.campaignId(), recordId, "CALLBACK", null, at);
        look();
    }

    /** Takes the preview away from the agent, or refuses when that record is not the one shown to them. */
    private Preview take(String agentId, String recordId) {
        if (recordId == null || recordId.isBlank()) {
            throw InvalidInputException.field("recordId", "is required");
        }
        synchronized (this) {
            Pending p = pending.get(agentId);
            if (p == null || !p.preview().record().recordId().equals(recordId)) {
                throw new StateConflictException("record " + recordId + " is not previewed to agent " + agentId
                        + (p == null ? " (no preview is shown to them)" : ""));
            }
            pending.remove(agentId);
            p.expiry().cancel(false);
            return p.preview();
        }
    }

    // ------------------------------------------------------------------ the ACD's events

    @Override
    public void accept(RoutingEvent event) {
        if (event instanceof RoutingEvent.AgentStateChanged s) {
            if (s.to() != AgentState.READY) {
                Pending p;
                synchronized (this) {
                    p = pending.remove(s.agentId());
                    if (p != null) {
                        p.expiry().cancel(false);
                    }
                }
                if (p != null) {
                    submit(() -> giveBack(s.agentId(), p.preview(), "WITHDRAWN", "the agent became " + s.to()));
                }
            }
            look();
        } else if (event instanceof RoutingEvent.WrapUpEnded w) {
            Call call = calls.remove(w.interactionId());
            if (call != null) {
                submit(() -> wrappedUp(call));
            }
            look();
        }
    }

    /** The conversation is over and wrapped up: the agent's disposition is the record's outcome. */
    private void wrappedUp(Call call) {
        String code = null;
        for (LogEvent e : interactionLog.timeline(call.interactionId)) {
            if (e.type() == LogEventType.DISPOSITION && e.detail("code") != null) {
                code = String.valueOf(e.detail("code"));
            }
        }
        String outcome = code != null ? code : "CONNECTED";
        try {
            list.outcome(call.recordId, outcome, "talked to agent " + call.agentId, clock.instant(), call.callbackAt);
        } catch (RuntimeException e) {
            log.warn("preview record {}: outcome not stored: {}", call.recordId, e.toString());
        }
        if (call.callbackAt == null) {
            clearCallbackAgent(call.recordId);
        }
        logAttempt(call, "CONNECTED", "talked to agent " + call.agentId);
        look();
    }

    /** The dial did not connect: a customer-side result is the record's outcome; an agent-side one hands it back. */
    private void dialFailed(Call call, String result, String detail) {
        if (calls.remove(call.interactionId) == null) {
            return;
        }
        String r = result == null ? "FAILED" : result;
        Instant now = clock.instant();
        try {
            if (r.startsWith("AGENT_") || r.equals("CANCELLED") || r.equals("ENDED")) {
                list.release(call.recordId, null, "not dialled: " + r + (detail == null ? "" : " (" + detail + ")"),
                        now, null);
            } else {
                String outcome = switch (r) {
                    case "BUSY", "REJECTED" -> "BUSY";
                    case "NO_ANSWER" -> "NO_ANSWER";
                    default -> "FAILED";
                };
                list.outcome(call.recordId, outcome, r + (detail == null ? "" : ": " + detail), now, null);
            }
        } catch (RuntimeException e) {
            log.warn("preview record {}: outcome not stored: {}", call.recordId, e.toString());
        }
        logDialResult(call, r, detail);
        logAttempt(call, r, detail);
        routing.send(new RoutingCommand.End(call.interactionId, "preview dial: " + r, null)).exceptionally(x -> null);
        look();
    }

    // ------------------------------------------------------------------ showing records

    /** Looks for agents to show records to; runs once at a time (a request while it runs makes it run again). */
    public void look() {
        if (closed) {
            return;
        }
        lookAgain.set(true);
        if (looking.compareAndSet(false, true)) {
            submit(() -> {
                try {
                    while (lookAgain.getAndSet(false) && !closed) {
                        lookOnce();
                    }
                } catch (RuntimeException e) {
                    log.warn("preview desk: looking for agents failed: {}", e.toString());
                } finally {
                    looking.set(false);
                    if (lookAgain.get() && !closed) {
                        look();
                    }
                }
            });
        }
    }

    private void lookOnce() {
        List<DialerCampaign> running;
        synchronized (this) {
            running = new ArrayList<>(campaigns.values());
        }
        if (running.isEmpty()) {
            return;
        }
        List<AgentView> agents = routing.send(new RoutingCommand.ListAgents()).toCompletableFuture().join();
        Map<String, Boolean> anyLeft = new HashMap<>();
        for (AgentView a : agents) {
            if (a.state() != AgentState.READY || !a.phoneReachable() || !a.interactions().isEmpty()
                    || a.offeredInteraction() != null) {
                continue;
            }
            synchronized (this) {
                if (pending.containsKey(a.id()) || starting.contains(a.id())
                        || calls.values().stream().anyMatch(c -> c.agentId.equals(a.id()))) {
                    continue;
                }
                ArrayDeque<Preview> mine = held.get(a.id());
                if (mine != null && !mine.isEmpty()) {
                    show(a.id(), mine.poll());
                    continue;
                }
            }
            for (DialerCampaign c : running) {
                Optional<QueueConfig> q = queues.apply(c.queueId());
                if (q.isEmpty() || !CampaignDialer.serves(a, q.get()) || !running(c.id())) {
                    continue;
                }
                if (offerNext(a.id(), c)) {
                    break;
                }
                anyLeft.putIfAbsent(c.id(), false);
            }
        }
        for (DialerCampaign c : running) {
            if (!anyLeft.containsKey(c.id())) {
                continue;
            }
            boolean busy;
            synchronized (this) {
                busy = pending.values().stream().anyMatch(p -> p.preview().campaignId().equals(c.id()))
                        || held.values().stream().flatMap(ArrayDeque::stream).anyMatch(p -> p.campaignId().equals(c.id()))
                        || calls.values().stream().anyMatch(call -> call.campaignId.equals(c.id()));
            }
            if (!busy) {
                try {
                    onListEmpty.accept(c.id());
                } catch (RuntimeException e) {
                    log.warn("preview campaign {}: list-empty listener failed: {}", c.id(), e.toString());
                }
            }
        }
    }

    /** Takes the campaign's next due record for the agent; one that is another agent's callback waits for them. */
    private boolean offerNext(String agentId, DialerCampaign c) {
        for (int i = 0; i < 10; i++) {
            List<PreviewList.PreviewRecord> next = list.next(c.id(), clock.instant(), 1);
            if (next.isEmpty()) {
                return false;
            }
            PreviewList.PreviewRecord r = next.get(0);
            Preview p = new Preview(c.id(), c.name(), r, clock.instant().plus(timeout));
            String owner = callbackAgent(r.recordId());
            synchronized (this) {
                if (owner != null && !owner.equals(agentId)) {
                    held.computeIfAbsent(owner, k -> new ArrayDeque<>()).add(p);
                    continue;
                }
                if (pending.containsKey(agentId) || starting.contains(agentId)) { // busy meanwhile: it goes back
                    submit(() -> giveBack(null, p, null, null));
                    return true;
                }
                show(agentId, p);
            }
            return true;
        }
        return false;
    }

    /** Under the lock. */
    private void show(String agentId, Preview p) {
        Preview fresh = new Preview(p.campaignId(), p.campaignName(), p.record(), clock.instant().plus(timeout));
        ScheduledFuture<?> expiry = timers.schedule(() -> expire(agentId, p.record().recordId()), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        pending.put(agentId, new Pending(fresh, expiry));
        consoles.show(agentId, fresh);
        submit(() -> logAction(agentId, p.campaignId(), p.record().recordId(), "OFFERED", null, null));
    }

    private void expire(String agentId, String recordId) {
        Pending p;
        synchronized (this) {
            p = pending.get(agentId);
            if (p == null || !p.preview().record().recordId().equals(recordId)) {
                return;
            }
            pending.remove(agentId);
        }
        String why = "no answer from the agent within " + timeout.toSeconds() + " s";
        String reason = expiredReason;
        if (reason == null) {
            submit(() -> giveBack(agentId, p.preview(), "EXPIRED", why));
            return;
        }
        // NOT_READY first, so the record given back is not shown to the same absent agent again
        routing.send(new RoutingCommand.NotReady(agentId, reason)).whenComplete((v, err) -> {
            if (err != null) {
                log.warn("preview expired on agent {}: not set NOT_READY: {}", agentId, err.toString());
            }
            submit(() -> giveBack(agentId, p.preview(), "EXPIRED", why));
        });
    }

    /** The record goes back to the list uncounted; the agent's console is told (when {@code agentId} is given). */
    private void giveBack(String agentId, Preview p, String action, String why) {
        String recordId = p.record().recordId();
        try {
            list.release(recordId, null, why, clock.instant(), null);
        } catch (RuntimeException e) {
            log.warn("preview record {}: not handed back: {}", recordId, e.toString());
        }
        if (agentId != null && action != null) {
            log.info("preview campaign {}: record {} taken back from agent {} ({}: {})", p.campaignId(), recordId,
                    agentId, action, why);
            consoles.withdraw(agentId, p.campaignId(), recordId, why);
            logAction(agentId, p.campaignId(), recordId, action, why, null);
        }
        look();
    }

    private void logAction(String agentId, String campaignId, String recordId, String action, String reason,
                           Instant callbackAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("campaignId", campaignId);
        d.put("recordId", recordId);
        d.put("action", action);
        if (reason != null) {
            d.put("reason", reason);
        }
        if (callbackAt != null) {
            d.put("callbackAt", callbackAt.toString());
        }
        interactionLog.append(new NewLogEvent(null, LogEventType.PREVIEW_ACTION, null, agentId, null, null, agentId, d))
                .exceptionally(err -> {
                    log.warn("preview campaign {}: {} of record {} not logged: {}", campaignId, action, recordId,
                            CampaignDialer.cause(err).getMessage());
                    return null;
                });
    }

    /** As an agent's own dial-out: whether the customer was reached (ANSWERED, BUSY, NO_ANSWER, AGENT_…). */
    private void logDialResult(Call call, String result, String detail) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("campaignId", call.campaignId);
        d.put("recordId", call.recordId);
        d.put("result", result);
        d.put("detail", detail);
        interactionLog.append(new NewLogEvent(null, LogEventType.DIAL_OUT_RESULT, call.interactionId, call.agentId,
                call.queueId, null, call.agentId, d)).exceptionally(err -> null);
    }

    private void logAttempt(Call call, String result, String detail) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("campaignId", call.campaignId);
        d.put("recordId", call.recordId);
        d.put("attempt", call.attempt);
        d.put("result", result);
        d.put("mode", "PREVIEW");
        d.put("detail", detail);
        if (call.callbackAt != null) {
            d.put("callbackAt", call.callbackAt.toString());
        }
        interactionLog.append(new NewLogEvent(null, LogEventType.DIAL_ATTEMPT, call.interactionId, call.agentId,
                call.queueId, null, null, d)).exceptionally(err -> null);
    }

    private void submit(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("preview desk stopped; dropped a task");
        }
    }

    /** Whether a record's next preview is kept for the agent who scheduled a callback on it. */
    public String callbackOwner(String recordId) {
        return callbackAgent(recordId);
    }

    private String callbackAgent(String recordId) {
        try {
            return list.callbackAgent(recordId);
        } catch (RuntimeException e) {
            log.warn("preview record {}: callback agent not read (offered to anyone): {}", recordId, e.toString());
            return null;
        }
    }

    private void clearCallbackAgent(String recordId) {
        try {
            list.callbackAgent(recordId, null);
        } catch (RuntimeException e) {
            log.warn("preview record {}: callback agent not cleared: {}", recordId, e.toString());
        }
    }

    /** For the figures: previews shown now. */
    public synchronized int shown() {
        return pending.size();
    }
}
