package org.openucc.voice;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.openucc.config.ServiceNumber;
import org.openucc.routing.OfferOutcome;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingException;
import org.openucc.routing.RoutingPort;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.Playback;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.concurrent.ThreadPools;
import org.openucc.telephony.Telephony;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice calls of the contact center, each a {@link VoiceCall} with its own serial owner. Takes
 * inbound calls to service numbers (through the number's IVR flow, or the built-in {@value #DIRECT_FLOW}
 * flow into its queue: a greeting, hold music and position / wait announcements; a failed flow falls
 * back on it, and a call an agent transfers to a queue waits in it again), agent-first dial-outs (web
 * callbacks), and hands every ACD event and console command to the call it concerns. Whatever the
 * front, the back is one: ring the agent's phone on an offer, accept and bridge (recorded) on answer,
 * decline on busy or no answer, and end the interaction when either side hangs up. An agent whose
 * phone turns out unregistered when rung is not rung: the ACD is told, and offers that agent no calls
 * until the phone registers (chats and emails go on).
 */
public final class VoiceQueueFlow implements VoiceDialer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VoiceQueueFlow.class);
    /** The built-in flow that holds callers in a queue: {@link ServiceNumber#DIRECT_FLOW}. */
    public static final String DIRECT_FLOW = ServiceNumber.DIRECT_FLOW;

    private final Telephony telephony;
    private final RoutingPort routing;
    private final VoicePorts ports;
    private final QueueFlowSettings settings;
    private final VoiceAcd acd;
    private final ExecutorService pool;
    private final PhoneReachability phones;
    private final Map<String, VoiceCall> calls = new ConcurrentHashMap<>();
    private final List<RecordingListener> recordingListeners = new CopyOnWriteArrayList<>();
    private final RoutingEventSink routingSink = this::onRouting;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final DelayHistogram dialDelay = new DelayHistogram();
    private volatile boolean stopped;
    /** Whose phones this flow's telephony speaks for (another telephony may carry some agents' calls). */
    private volatile java.util.function.Predicate<String> reachabilityOf = agent -> true;

    /** @param ports the IVR in {@code ports.ivr()} runs every inbound call: it needs the {@value #DIRECT_FLOW} flow */
    public VoiceQueueFlow(Telephony telephony, RoutingPort routing, VoicePorts ports, QueueFlowSettings settings) {
        this(telephony, routing, ports, settings, new ThreadPools());
    }

    /** @param pools where the calls' owners run: the named pool {@code voice-call} */
    public VoiceQueueFlow(Telephony telephony, RoutingPort routing, VoicePorts ports, QueueFlowSettings settings,
                          ThreadPools pools) {
        this(telephony, routing, ports, settings, pools, "voice-call");
    }

    /** @param poolName the name of the calls' owners' pool (one flow per telephony, each its own pool) */
    public VoiceQueueFlow(Telephony telephony, RoutingPort routing, VoicePorts ports, QueueFlowSettings settings,
                          ThreadPools pools, String poolName) {
        this.telephony = telephony;
        this.routing = routing;
        this.ports = ports;
        this.settings = settings;
        this.acd = new VoiceAcd(routing);
        this.pool = pools.fixed(poolName, Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.phones = new PhoneReachability(routing);
    }

    /** Passes on the telephony's reachability only of these agents (call before start). */
    public void reachabilityOnlyOf(java.util.function.Predicate<String> agents) {
        this.reachabilityOf = agents;
    }

    /** Hooks into the telephony and the routing engine; call before the telephony starts. */
    public void start() {
        telephony.onInboundCall(this::onCall);
        telephony.onAgentReachability((agent, reachable) -> {
            if (reachabilityOf.test(agent)) {
                phones.changed(agent, reachable);
            }
        });
        routing.addListener(routingSink);
    }

    public void stop() {
        stopped = true;
        routing.removeListener(routingSink);
        ThreadPools.shutDown(pool, java.time.Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        stop();
    }

    public void onRecordingAvailable(RecordingListener listener) {
        recordingListeners.add(listener);
    }

    /** Indexes every bridge recording in the interaction log (RECORDING_AVAILABLE). */
    public void indexRecordingsIn(org.openucc.log.InteractionLog log) {
        onRecordingAvailable((interactionId, location, millis) -> log.append(org.openucc.log.NewLogEvent
                .recordingAvailable(java.time.Instant.now(), interactionId, location, millis)));
    }

    /** Starting the telephony this flow runs on. */
    @FunctionalInterface
    public interface TelephonyStart {
        void start() throws Exception;
    }

    /** Hooks in ({@link #start()}), then starts the telephony; unhooks again if it cannot start. */
    public void startWith(TelephonyStart telephonyStart) throws Exception {
        start();
        try {
            telephonyStart.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    /** Calls live now and since start, connected, abandoned; and the caller-arrival to agent-dial delay percentiles. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("voiceCalls", calls.size());
        m.put("calls", handled.get());
        m.put("connected", connected.get());
        m.put("abandoned", abandoned.get());
        m.put("arrivalToDialMicros", dialDelay.percentilesMicros());
        return m;
    }

    /** Whether this flow owns the call of the interaction. */
    public boolean has(String interactionId) {
        return calls.containsKey(interactionId);
    }

    /** Calls this flow still owns (not ended), by stage: what a test or a debugging operator counts. */
    public Map<CallStage, Integer> liveCalls() {
        Map<CallStage, Integer> m = new java.util.EnumMap<>(CallStage.class);
        calls.values().forEach(c -> m.merge(c.stage(), 1, Integer::sum));
        return m;
    }

    // ------------------------------------------------------------------ ways in

    private void onCall(CallControl call) {
        handled.incrementAndGet();
        String number = call.info().to();
        var service = settings.services().get(number);
        if (service == null) {
            log.info("call {} to unknown service number {}", call.callId(), number);
            call.hangup("not-found");
            return;
        }
        long at = System.nanoTime();
        String id = "voice-" + sequence.incrementAndGet() + "-" + Long.toHexString(at & 0xffffff);
        VoiceCall vc = VoiceCall.inbound(this, id, call, service, owner(id));
        calls.put(id, vc);
        vc.execute(vc::arrived);
    }

    /**
     * Web callbacks (and agent-first dialling): the interaction is already connected to {@code agentId}
     * in the ACD; ring the agent's phone, then the customer, and bridge them (recorded). From then on
     * the call is held, transferred and hung up from the console like any other; either side hanging up
     * ends the interaction. On failure both legs are gone and the interaction is left to the caller.
     */
    @Override
    public CompletionStage<DialOutcome> dialAgentFirst(String interactionId, String agentId, String customerUri,
                                                       String callerId, Duration ringTimeout) {
        if (stopped) {
            return CompletableFuture.completedFuture(new DialOutcome.Failed("FAILED", "the voice flow is stopped"));
        }
        VoiceCall vc = VoiceCall.agentFirst(this, interactionId, owner(interactionId));
        if (calls.putIfAbsent(interactionId, vc) != null) {
            return CompletableFuture.completedFuture(new DialOutcome.Failed("FAILED",
                    "interaction " + interactionId + " already has a call"));
        }
        handled.incrementAndGet();
        CompletableFuture<DialOutcome> result = new CompletableFuture<>();
        vc.execute(() -> vc.dialAgentFirst(agentId, customerUri, callerId, ringTimeout).whenComplete((o, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
            } else {
                result.complete(o);
            }
        }));
        return result;
    }

    // ------------------------------------------------------------------ campaign calls a person answered

    /**
     * A campaign's customer-first call that a person answered (the dialer logged its
     * INTERACTION_CREATED when it dialled): the call becomes this flow's, waits in {@code queueId} as an
     * OUTBOUND_VOICE interaction and is bridged like any inbound call. The customer hears nothing while
     * waiting: the abandon rule lets a person wait two seconds at most (the dialer calls
     * {@link #abandonAnswered} then), so no flow runs that could outlast it. Completes with the ACD's
     * arrival: a refusal hangs the customer up and is the stage's failure.
     */
    public CompletionStage<Void> queueAnswered(String interactionId, CallControl customer, String queueId, int priority,
                                               String customerId, Map<String, String> context) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (stopped) {
            customer.hangup("the voice flow is stopped");
            result.completeExceptionally(new IllegalStateException("the voice flow is stopped"));
            return result;
        }
        ServiceNumber service = new ServiceNumber(customer.info().to(), queueId, null);
        VoiceCall vc = VoiceCall.adoptedWaiting(this, interactionId, customer, service, owner(interactionId), context,
                customerId, null);
        if (calls.putIfAbsent(interactionId, vc) != null) {
            result.completeExceptionally(new IllegalStateException("interaction " + interactionId + " already has a call"));
            return result;
        }
        handled.incrementAndGet();
        vc.execute(vc::adopted);
        routing.send(new org.openucc.routing.RoutingCommand.Arrive(new org.openucc.routing.NewInteraction(interactionId,
                org.openucc.interaction.Channel.OUTBOUND_VOICE, queueId, Map.of(), priority, null, customerId, null,
                context))).whenComplete((arrival, err) -> vc.execute(() -> {
                    String refusal = err != null ? cause(err).getMessage() : arrival.refusal();
                    if (refusal != null) {
                        vc.refused(refusal);
                        result.completeExceptionally(new IllegalStateException(refusal));
                    } else {
                        result.complete(null);
                    }
                }));
        return result;
    }

    /**
     * No agent joined a campaign call in time (the abandon rule): the ACD lets the interaction go as
     * abandoned with {@code reason}, agents' phones stop ringing, and the customer hears
     * {@code farewell} (the campaign's identification message) before the call is hung up. Completes
     * true when the call was abandoned, false when an agent had it already (or it had ended).
     */
    public CompletionStage<Boolean> abandonAnswered(String interactionId, Playback farewell, String reason) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        VoiceCall c = calls.get(interactionId);
        if (c == null) {
            result.complete(false);
            return result;
        }
        c.execute(() -> result.complete(c.abandonWaiting(farewell, reason)));
        return result;
    }

    // ------------------------------------------------------------------ calls a PBX kept while this server restarted

    /**
     * A caller who was waiting when this server stopped and whose PBX kept the call: the call is this
     * flow's again before the ACD gets the interaction back (so its offers find the call);
     * {@link #followAdopted} then lets the caller wait in the direct flow.
     */
    public void adoptWaiting(String interactionId, CallControl caller, String queueId, Map<String, String> context,
                             String customerId, org.openucc.interaction.Tier tier) {
        ServiceNumber service = new ServiceNumber(caller.info().to(), queueId, null);
        VoiceCall vc = VoiceCall.adoptedWaiting(this, interactionId, caller, service, owner(interactionId), context,
                customerId, tier);
        calls.put(interactionId, vc);
        handled.incrementAndGet();
        vc.execute(vc::adopted);
    }

    /** The ACD has the adopted caller waiting again: it hears the queue's music and announcements. */
    public void followAdopted(String interactionId) {
        to(interactionId, VoiceCall::followQueue);
    }

    /** A conversation its PBX kept bridged while this server was down: connected to {@code agentId} again. */
    public void adoptConnected(String interactionId, CallControl caller, CallControl agentLeg, String agentId) {
        VoiceCall vc = VoiceCall.adoptedConnected(this, interactionId, caller, agentLeg, agentId, owner(interactionId));
        calls.put(interactionId, vc);
        handled.incrementAndGet();
        vc.execute(vc::adopted);
    }

    /** An interaction of a call that did not survive: the ACD ends it (its agent, if any, goes to wrap-up). */
    public CompletionStage<Void> lost(String interactionId, String reason) {
        return acd.customerLeft(interactionId, reason).thenApply(r -> null);
    }

    // ------------------------------------------------------------------ the ACD's events, to the call they concern

    private void onRouting(RoutingEvent ev) {
        if (ev instanceof RoutingEvent.InteractionQueued q) {
            to(q.interactionId(), VoiceCall::queued);
        } else if (ev instanceof RoutingEvent.OfferMade offer) {
            to(offer.interactionId(), c -> c.offerMade(offer.agentId()));
        } else if (ev instanceof RoutingEvent.OfferEnded ended) {
            to(ended.interactionId(), c -> c.offerEnded(ended.agentId()));
        } else if (ev instanceof RoutingEvent.InteractionTransferred t) {
            to(t.interactionId(), c -> c.transferredToQueue(t.toQueueId()));
        } else if (ev instanceof RoutingEvent.InteractionEnded e && !"transferred".equals(e.reason())) {
            to(e.interactionId(), c -> c.endedInAcd(e.reason()));
        } else if (ev instanceof RoutingEvent.InteractionAbandoned a) {
            to(a.interactionId(), c -> c.endedInAcd(a.reason()));
        }
    }

    private void to(String interactionId, java.util.function.Consumer<VoiceCall> input) {
        VoiceCall c = calls.get(interactionId);
        if (c != null) {
            c.execute(() -> input.accept(c));
        }
    }

    // ------------------------------------------------------------------ the agent's console (CTI)

    /**
     * Runs a console command on the call's owner against the call the agent talks on (waiting for an
     * accept in flight); fails with a CONFLICT if the interaction has no call here in CONNECTED or HELD
     * (or, with {@code whileDialling}, still dialling), or another agent has it.
     */
    <T> CompletableFuture<T> command(String interactionId, String agentId, boolean whileDialling,
                                     Function<VoiceCall, CompletionStage<T>> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        VoiceCall c = calls.get(interactionId);
        if (c == null || stopped) {
            result.completeExceptionally(conflict("interaction " + interactionId + " has no connected call on this"
                    + " server"));
            return result;
        }
        c.execute(() -> c.whenAnswered(agentId, () -> {
            try {
                if (!c.stage().talking() && !(whileDialling && c.dialling())) {
                    throw conflict("interaction " + interactionId + " has no connected call on this server (it is "
                            + c.stage() + ")");
                }
                if (agentId != null && !agentId.equals(c.agentId)) {
                    throw conflict("the call of interaction " + interactionId + " is connected to agent " + c.agentId
                            + ", not " + agentId);
                }
                body.apply(c).whenComplete((v, err) -> {
                    if (err != null) {
                        result.completeExceptionally(cause(err));
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    private static RoutingException conflict(String message) {
        return new RoutingException(RoutingException.Kind.CONFLICT, message);
    }

    // ------------------------------------------------------------------ what the calls share

    /** A call's serial owner on the shared pool; its tasks log with the interaction id in the MDC. */
    private SerialExecutor owner(String interactionId) {
        return new SerialExecutor(pool, "voice " + interactionId, Map.of("interaction", interactionId));
    }

    void submit(Executor owner, Runnable task) {
        try {
            owner.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("voice flow stopped; dropped an event");
        }
    }

    void forget(VoiceCall c) {
        calls.remove(c.interactionId, c);
    }

    void recordingAvailable(String interactionId, String location, long millis) {
        for (RecordingListener l : recordingListeners) {
            try {
                l.recordingAvailable(interactionId, location, millis);
            } catch (RuntimeException e) {
                log.error("recording listener failed for {}", interactionId, e);
            }
        }
    }

    void connectedOne() {
        connected.incrementAndGet();
    }

    void abandonedOne() {
        abandoned.incrementAndGet();
    }

    DelayHistogram dialDelay() {
        return dialDelay;
    }

    Telephony telephony() {
        return telephony;
    }

    VoiceAcd acd() {
        return acd;
    }

    VoicePorts ports() {
        return ports;
    }

    QueueFlowSettings settings() {
        return settings;
    }

    VoiceJournal journal() {
        return ports.journal();
    }

    static Void logged(String what, Throwable err) {
        log.info("{}: {}", what, cause(err).getMessage());
        return null;
    }

    static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
