package org.openucc.callback;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openucc.config.PhoneNumberType;
import org.openucc.limits.RateLimiter;
import org.openucc.limits.Rejections;
import org.openucc.config.CallbackConfig;
import org.openucc.crm.FieldError;
import org.openucc.crm.Ids;
import org.openucc.crm.PhoneNormalizer;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.LimitExceededException;
import org.openucc.fault.StateConflictException;
import org.openucc.fault.UnavailableException;
import org.openucc.intake.InteractionIntake;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.openucc.voice.AgentDialers;
import org.openucc.voice.DialOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web callbacks: a request ("call me back now", or at a time) becomes a CALLBACK interaction waiting
 * in its queue; when an agent accepts it, the voice flow rings the agent's phone, then the customer's
 * number, and bridges the two as one of its calls (recorded, controlled from the console). No answer, busy or a failed call ends that
 * attempt (the agent wraps up) and a new one is queued after {@code retryDelay}, at most
 * {@code maxAttempts} times; every attempt and the outcome go into the interaction log. Requests are
 * stored, so scheduled and retrying ones survive a restart.
 */
public final class CallbackService implements RoutingEventSink {
    private static final Logger log = LoggerFactory.getLogger(CallbackService.class);

    /** What the web site is told. */
    public record Accepted(String callbackId, String state, Instant dueAt, String interactionId, Integer position) {
    }

    private final CallbackConfig config;
    private final PhoneNormalizer phones;
    private final InteractionIntake intake;
    private final CallbackStore store;
    private final InteractionLog interactionLog;
    private final RoutingPort routing;
    /** Why a restored callback interaction with no stored request ends. */
    static final String REQUEST_MISSING = "server restarted: no callback request is stored for it, so it cannot be dialled";

    private final AgentDialers dialers;
    private final ScheduledExecutorService timers;
    private final Executor workers;
    private final InstantSource clock;
    private final Ids ids;
    private final RateLimiter perAddress;
    private final Rejections rejections;
    /** Requests with an interaction in the ACD now, by interaction id. */
    private final Map<String, CallbackRequest> active = new ConcurrentHashMap<>();
    /** Interactions of requests that were queued before a restart, until the recovery says what became of them. */
    private final Set<String> awaitingRecovery = ConcurrentHashMap.newKeySet();
    /** Requests waiting for their time (or their retry) on this node's timers. */
    private final Set<java.util.concurrent.ScheduledFuture<?>> pending = ConcurrentHashMap.newKeySet();
    /** Closed: another node schedules and dials the callbacks now (a cluster's engine moved), or the server stops. */
    private volatile boolean closed;

    public CallbackService(CallbackConfig config, PhoneNormalizer phones, InteractionIntake intake, CallbackStore store,
                           InteractionLog interactionLog, RoutingPort routing, AgentDialers dialers,
                           ScheduledExecutorService timers, Executor workers, InstantSource clock,
                           Rejections rejections) {
        this.rejections = rejections;
        this.config = config;
        this.phones = phones;
        this.intake = intake;
        this.store = store;
        this.interactionLog = interactionLog;
        this.routing = routing;
        this.dialers = dialers;
        this.timers = timers;
        this.workers = workers;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.perAddress = new RateLimiter(config.maxRequestsPerHourPerAddress(), Duration.ofHours(1), clock);
    }

    /** "premium rate" for PREMIUM_RATE: how a number type reads in an error message. */
    private static String describe(PhoneNumberType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** Takes a request (blocking). {@code at} null: now. */
    public Accepted request(String name, String phone, String queueId, Instant at, String note, String address) {
        if (closed) {
            throw UnavailableException.here("callbacks are moving to another node of the cluster; try again in a few"
                    + " seconds", Duration.ofSeconds(2));
        }
        String queue = queueId == null ? config.queues().get(0) : queueId;
        List<FieldError> invalid = new ArrayList<>();
        if (!config.queues().contains(queue)) {
            invalid.add(new FieldError("queueId", "'" + queue + "' takes no callbacks; use one of "
                    + config.queues()));
        }
        PhoneNumberType type = phones.typeOf(phone);
        Optional<String> e164 = phone == null || type == PhoneNumberType.EMERGENCY ? Optional.empty()
                : phones.toE164(phone);
        if (type == PhoneNumberType.EMERGENCY) {
            invalid.add(new FieldError("phone", "is an emergency number; we never call those back"));
            rejections.count("callback", "number-type");
        } else if (e164.isEmpty()) {
            invalid.add(new FieldError("phone", "is not a phone number we can call"));
        } else if (!config.numberTypes().contains(type)) {
            invalid.add(new FieldError("phone", "is a " + describe(type) + " number; we call back only "
                    + String.join(", ", config.numberTypes().stream().map(CallbackService::describe).toList())
                    + " numbers"));
            rejections.count("callback", "number-type");
        }
        Instant now = clock.instant();
        if (at != null && at.isAfter(now.plus(config.maxScheduleAhead()))) {
            invalid.add(new FieldError("at", "is more than " + config.maxScheduleAhead().toDays()
                    + " days ahead"));
        }
        if (!invalid.isEmpty()) {
            throw new InvalidInputException(invalid);
        }
        if (!perAddress.tryAcquire(address)) {
            rejections.count("callback", "requests-per-address");
            throw new LimitExceededException("too many callback requests from your address; try again in "
                    + perAddress.retryAfterSeconds(address) + " s", Duration.ofSeconds(perAddress.retryAfterSeconds(address)));
        }
        interactionLog.admit(); // refused before anything is stored while the log is behind or cannot write
        Instant due = at == null || at.isBefore(now) ? now : at;
        CallbackRequest r = new CallbackRequest(ids.next("cbk"), name, e164.get(), queue, null, note, due, 0,
                CallbackRequest.State.SCHEDULED, null, null, now);
        store.save(r);
        if (due.equals(now)) {
            CallbackRequest queued = queue(r);
            return new Accepted(r.id(), queued.state().name(), due, queued.interactionId(), position(queued));
        }
        schedule(r);
        return new Accepted(r.id(), r.state().name(), due, null, null);
    }

    /**
     * After a restart: a scheduled request waits for its time again; a queued one keeps its interaction,
     * which the start-up recovery puts back in the ACD at its place (see {@link #recovered}).
     */
    public void resume() {
        for (CallbackRequest r : store.open()) {
            if (r.state() == CallbackRequest.State.QUEUED && r.interactionId() != null) {
                active.put(r.interactionId(), r);
                awaitingRecovery.add(r.interactionId());
            } else {
                schedule(r);
            }
        }
    }

    /**
     * After the ACD's recovery, with the CALLBACK interactions it put back: each keeps its request (one
     * whose call was under way goes back to QUEUED for another attempt); a queued request whose
     * interaction did not come back (it ended just before the restart) gets a new attempt, so no request is lost.
     */
    public void recovered(Collection<String> liveCallbacks) {
        Set<String> live = Set.copyOf(liveCallbacks);
        for (String id : live) {
            if (!active.containsKey(id)) {
                Optional<CallbackRequest> request = store.byInteraction(id);
                if (request.isPresent()) {
                    CallbackRequest r = request.get();
                    CallbackRequest again = r.with(CallbackRequest.State.QUEUED, r.attempts(), r.dueAt(), id, null);
                    store.save(again);
                    active.put(id, again);
                } else {
                    // Without its request nothing would dial it: an agent who accepts it would hold it for good.
                    log.warn("Callback interaction {} came back without a stored request; it ends", id);
                    routing.send(new RoutingCommand.End(id, REQUEST_MISSING)).exceptionally(x -> null);
                }
            }
        }
        for (String id : List.copyOf(awaitingRecovery)) {
            awaitingRecovery.remove(id);
            CallbackRequest r = live.contains(id) ? null : active.remove(id);
            if (r != null) {
                CallbackRequest again = r.with(CallbackRequest.State.SCHEDULED, r.attempts(), clock.instant(), null, null);
                store.save(again);
                schedule(again);
            }
        }
    }

    private void schedule(CallbackRequest r) {
        if (closed) {
            return; // stored: whoever schedules the callbacks now (or after a restart) takes it from the store
        }
        long delay = Math.max(0, Duration.between(clock.instant(), r.dueAt()).toMillis());
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> self =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.ScheduledFuture<?> f = timers.schedule(() -> workers.execute(() -> {
            java.util.concurrent.ScheduledFuture<?> mine = self.get();
            if (mine != null) {
                pending.remove(mine);
            }
            if (closed) {
                return;
            }
            try {
                queue(r);
            } catch (RuntimeException e) {
                log.error("Callback {} could not be queued", r.id(), e);
            }
        }), delay, TimeUnit.MILLISECONDS);
        self.set(f);
        pending.add(f);
        if (f.isDone()) {
            pending.remove(f);
        }
    }

    /**
     * Stops scheduling and dialling here (the requests stay stored, so whoever runs the callbacks next resumes them):
     * in a cluster, when this node gives the engine up. A call already under way finishes.
     */
    public void close() {
        closed = true;
        for (java.util.concurrent.ScheduledFuture<?> f : List.copyOf(pending)) {
            f.cancel(false);
        }
        pending.clear();
        active.clear();
        awaitingRecovery.clear();
    }

    /** Requests waiting here for their time or their retry (for {@code /health}). */
    public int scheduled() {
        return pending.size();
    }

    /** A new attempt: a CALLBACK interaction in the ACD. */
    private CallbackRequest queue(CallbackRequest r) {
        String id = intake.newId();
        Map<String, String> context = new LinkedHashMap<>();
        context.put("callback.id", r.id());
        context.put("callback.name", r.name());
        context.put("callback.attempt", String.valueOf(r.attempts() + 1));
        if (r.note() != null) {
            context.put("callback.note", r.note());
        }
        CallbackRequest queued = r.with(CallbackRequest.State.QUEUED, r.attempts(), r.dueAt(), id, null);
        active.put(id, queued);
        store.save(queued);
        try {
            InteractionIntake.Created c = intake.create(new InteractionIntake.Request(Channel.CALLBACK, r.queueId(),
                    "OUTBOUND", null, r.phone(), null, null, null, null, 0, null, context), id);
            if ("REJECTED".equals(c.state())) {
                active.remove(id);
                boolean closed = c.reason() != null && c.reason().startsWith("closed");
                giveUp(queued, id, closed ? c.reason() : "the queue was full");
                if (closed) {
                    // Not a fault of the server: the customer is told why, and when to come back.
                    throw new StateConflictException("we are closed now (outside our business hours); please ask"
                            + " for your callback during our opening hours");
                }
                throw UnavailableException.here("all our agents are busy and the callback queue is full; please try"
                        + " again later");
            }
            return queued;
        } catch (RuntimeException e) {
            active.remove(id);
            throw e;
        }
    }

    private Integer position(CallbackRequest r) {
        return routing.send(new RoutingCommand.GetInteraction(r.interactionId())).toCompletableFuture().join()
                .map(v -> v.position()).orElse(null);
    }

    // ------------------------------------------------------------------ the call

    @Override
    public void accept(RoutingEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof RoutingEvent.InteractionConnected e) {
            CallbackRequest r = active.get(e.interactionId());
            if (r != null) {
                workers.execute(() -> call(r, e.interactionId(), e.agentId()));
            }
        } else if (event instanceof RoutingEvent.InteractionAbandoned e) {
            CallbackRequest r = active.remove(e.interactionId());
            if (r != null) {
                workers.execute(() -> giveUp(r, e.interactionId(), "withdrawn: " + e.reason()));
            }
        }
    }

    /**
     * The agent accepted: the voice flow rings their phone, then the customer, and bridges them as one
     * of its calls (recorded; hold, transfer and hang-up from the console; either side hanging up ends
     * the interaction). Here only the attempt's outcome is kept.
     */
    private void call(CallbackRequest r, String interactionId, String agentId) {
        AgentDialers.Route voice = dialers.forAgent(agentId);
        if (voice.dialer() == null) {
            attemptFailed(r, interactionId, agentId, "FAILED", voice.refusal());
            return;
        }
        int attempt = r.attempts() + 1;
        // The built-in stack gets the dialUri's SIP URI; Asterisk the number, for its outbound trunk.
        voice.dialer().dialAgentFirst(interactionId, agentId, voice.customer(r.phone(), config.uriFor(r.phone())),
                        voice.callerId(config.callerId()), config.ringTimeout())
                .whenComplete((outcome, failure) -> workers.execute(() -> {
                    if (failure != null) {
                        attemptFailed(r, interactionId, agentId, "FAILED", message(failure));
                    } else if (outcome instanceof DialOutcome.Failed f) {
                        attemptFailed(r, interactionId, agentId, f.result(), f.detail());
                    } else {
                        connected(r, interactionId, agentId, attempt);
                    }
                }));
    }

    private void connected(CallbackRequest r, String interactionId, String agentId, int attempt) {
        logAttempt(r, interactionId, agentId, attempt, "ANSWERED", null, true);
        store.save(r.with(CallbackRequest.State.DONE, attempt, r.dueAt(), interactionId, "ANSWERED"));
        active.remove(interactionId);
    }

    private void attemptFailed(CallbackRequest r, String interactionId, String agentId, String result, String detail) {
        int attempt = r.attempts() + 1;
        active.remove(interactionId);
        boolean last = attempt >= config.maxAttempts();
        logAttempt(r, interactionId, agentId, attempt, result, detail, last);
        routing.send(new RoutingCommand.End(interactionId, "callback attempt " + attempt + ": " + result, null))
                .exceptionally(x -> null);
        if (last) {
            store.save(r.with(CallbackRequest.State.FAILED, attempt, r.dueAt(), interactionId, "GAVE_UP after " + attempt
                    + " attempts, last " + result));
            return;
        }
        CallbackRequest again = r.with(CallbackRequest.State.SCHEDULED, attempt, clock.instant().plus(config.retryDelay()),
                interactionId, result);
        store.save(again);
        schedule(again);
    }

    private void giveUp(CallbackRequest r, String interactionId, String why) {
        store.save(r.with(CallbackRequest.State.FAILED, r.attempts(), r.dueAt(), interactionId, why));
        interactionLog.append(NewLogEvent.failed(null, interactionId, "callback " + r.id() + ": " + why));
    }

    private void logAttempt(CallbackRequest r, String interactionId, String agentId, int attempt, String result,
                            String detail, boolean last) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callbackId", r.id());
        d.put("attempt", attempt);
        d.put("maxAttempts", config.maxAttempts());
        d.put("number", r.phone());
        d.put("result", result);
        d.put("detail", detail);
        d.put("final", last);
        interactionLog.append(new NewLogEvent(null, LogEventType.CALLBACK_ATTEMPT, interactionId, agentId, r.queueId(),
                null, agentId, d));
        try (org.slf4j.MDC.MDCCloseable mdc = org.slf4j.MDC.putCloseable("interaction", interactionId)) {
            log.info("Callback {} attempt {}/{} by {}: {}{}", r.id(), attempt, config.maxAttempts(), agentId, result,
                    detail == null ? "" : " (" + detail + ")");
        }
    }

    private static String message(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t.getMessage();
    }
}
