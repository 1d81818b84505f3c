package org.openucc.voice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.cti.ContextKeys;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.ivr.adapter.RoutingIvrRouting;
import org.openucc.ivr.runtime.CallerRecord;
import org.openucc.ivr.runtime.IvrCall;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.IvrTrail;
import org.openucc.ivr.runtime.QueueExit;
import org.openucc.ivr.runtime.QueueTicket;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.OfferOutcome;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingService;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallState;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;
import org.openucc.telephony.Telephony;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every inbound call to a service number, from arrival to hang-up. On arrival the caller's number is
 * looked up in the CRM and INTERACTION_CREATED is logged with the customer. Then the front part:
 * either the number's IVR flow (which queues the call through {@link VoicePorts#queues()} in its
 * queue node, with its own music and announcements), or straight into the number's queue through the
 * same port with the greeting, hold music and position / estimated-wait announcements. Whichever
 * front, the back part is one: on an ACD offer ring the agent's phone; on answer accept and bridge
 * (recorded); busy, no answer or rejection declines the offer (the engine re-queues in place);
 * hang-ups end the interaction; the agent's console holds, resumes, transfers and hangs up (see
 * {@link VoiceCallCommands}). Agents whose phones are not registered are set NOT_READY
 * ("phone-unregistered") and not rung. All its state lives on one thread.
 */
public final class VoiceQueueFlow implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VoiceQueueFlow.class);
    public static final String PHONE_UNREGISTERED = "phone-unregistered";

    private final Telephony telephony;
    private final RoutingService routing;
    private final VoicePorts ports;
    private final QueueFlowSettings settings;
    /** The ACD port this flow made itself (no IVR given): it follows the engine's events while we run. */
    private final RoutingIvrRouting ownQueues;
    private final ScheduledThreadPoolExecutor owner;
    private final WaitingMusic music;
    private final PhoneReachability phones;
    private final AgentLegs agents;
    private final Map<String, QueuedCall> byInteraction = new ConcurrentHashMap<>();
    private final List<RecordingListener> recordingListeners = new CopyOnWriteArrayList<>();
    private final RoutingEventSink routingSink = ev -> ownerExecute(() -> onRouting(ev));
    private final AtomicLong sequence = new AtomicLong();
    // Written on the flow thread only; volatile so stats() may read them from anywhere.
    private volatile long calls;
    private volatile long abandoned;

    /** Without IVR, CRM or log: service numbers go straight to their queues (tests, benchmarks). */
    public VoiceQueueFlow(Telephony telephony, RoutingService routing, QueueFlowSettings settings) {
        this(telephony, routing, new RoutingIvrRouting(routing), settings);
    }

    public VoiceQueueFlow(Telephony telephony, RoutingService routing, VoicePorts ports, QueueFlowSettings settings) {
        this(telephony, routing, ports, settings, null);
    }

    private VoiceQueueFlow(Telephony telephony, RoutingService routing, RoutingIvrRouting own, QueueFlowSettings settings) {
        this(telephony, routing, new VoicePorts(own, null, null, null), settings, own);
    }

    private VoiceQueueFlow(Telephony telephony, RoutingService routing, VoicePorts ports, QueueFlowSettings settings,
                           RoutingIvrRouting ownQueues) {
        this.telephony = telephony;
        this.routing = routing;
        this.ports = ports;
        this.settings = settings;
        this.ownQueues = ownQueues;
        this.owner = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "voice-flow");
            t.setDaemon(true);
            return t;
        });
        owner.setRemoveOnCancelPolicy(true);
        this.music = new WaitingMusic(settings, routing, owner, this::ownerExecute);
        this.phones = new PhoneReachability(routing);
        this.agents = new AgentLegs(this, telephony, routing, settings, music);
    }

    /** Hooks into the telephony and the routing engine; call before the telephony starts. */
    public void start() {
        telephony.onInboundCall(call -> {
            long at = System.nanoTime();
            ownerExecute(() -> onCall(call, at));
        });
        telephony.onAgentReachability((agentId, reachable) -> ownerExecute(() -> phones.changed(agentId, reachable)));
        if (ownQueues != null) {
            routing.addListener(ownQueues);
        }
        routing.addListener(routingSink);
    }

    public void stop() {
        routing.removeListener(routingSink);
        if (ownQueues != null) {
            routing.removeListener(ownQueues);
        }
        owner.shutdown();
        try {
            owner.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public void onRecordingAvailable(RecordingListener listener) {
        recordingListeners.add(listener);
    }

    /** Calls handled, connected, abandoned; and the caller-arrival to agent-dial delay percentiles. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("waiting", byInteraction.size());
        m.put("calls", calls);
        m.put("connected", agents.connected());
        m.put("abandoned", abandoned);
        m.put("arrivalToDialMicros", agents.arrivalToDialMicros());
        return m;
    }

    void ownerExecute(Runnable r) {
        try {
            owner.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("voice flow stopped; dropped an event");
        }
    }

    // ------------------------------------------------------------------ inbound call: who calls, which front

    private void onCall(CallControl call, long arrivedNanos) {
        calls++;
        String number = call.info().to();
        var service = settings.services().get(number);
        if (service == null) {
            log.info("call {} to unknown service number {}", call.callId(), number);
            call.hangup("not-found");
            return;
        }
        String id = "voice-" + sequence.incrementAndGet() + "-" + Long.toHexString(arrivedNanos & 0xffffff);
        QueuedCall qc = new QueuedCall(id, call, service, arrivedNanos);
        qc.context = context(call);
        byInteraction.put(id, qc);
        call.addListener(ev -> ownerExecute(() -> onCallerEvent(qc, ev)));
        if (service.flow() == null) {
            music.greetThenWait(qc); // the greeting plays while the CRM is asked
        }
        CompletionStage<Optional<CallerRecord>> who;
        try {
            who = ports.customers().byPhone(call.info().from());
        } catch (RuntimeException e) {
            who = CompletableFuture.failedFuture(e);
        }
        who.whenComplete((found, err) -> ownerExecute(() -> identified(qc, found, err)));
    }

    /** What every interaction of a call carries for the agent; {@code phone} is what the screen pop looks up. */
    private static Map<String, String> context(CallControl call) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("callerNumber", call.info().from());
        attributes.put("dialedNumber", call.info().to());
        attributes.put("callId", call.callId());
        if (call.info().displayName() != null) {
            attributes.put("callerName", call.info().displayName());
        }
        if (call.info().from() != null && !call.info().from().isBlank()) {
            attributes.put(ContextKeys.PHONE, call.info().from());
        }
        return attributes;
    }

    private void identified(QueuedCall qc, Optional<CallerRecord> found, Throwable err) {
        if (err != null) {
            log.debug("{}: caller {} not looked up: {}", qc, qc.caller.info().from(), cause(err).toString());
        } else if (found.isPresent()) {
            qc.customerId = found.get().customerId();
            qc.tier = found.get().tier();
        }
        ports.journal().created(qc.interactionId, qc.service.flow() == null ? qc.service.queue() : null, qc.customerId,
                qc.context);
        if (qc.stage == QueuedCall.Stage.ENDED) {
            ports.journal().ended(qc.interactionId, EndCause.REMOTE_HANGUP.name(), "caller hung up at once");
            return;
        }
        if (qc.service.flow() != null) {
            startIvr(qc);
        } else {
            enqueue(qc);
        }
    }

    private void startIvr(QueuedCall qc) {
        qc.front = QueuedCall.Front.IVR;
        IvrCall ivrCall = new IvrCall(qc.interactionId, null, qc.context, qc.customerId, qc.tier);
        CompletionStage<IvrOutcome> outcome;
        try {
            outcome = ports.ivr().run(qc.caller, qc.service.flow(), ivrCall);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((o, err) -> ownerExecute(() -> ivrFinished(qc, err != null
                ? new IvrOutcome.Failed(qc.interactionId, cause(err).toString(), IvrTrail.EMPTY) : o)));
    }

    /** The IVR is done with the call: queued and taken (ours now), ended there, or failed (the number's queue takes it). */
    private void ivrFinished(QueuedCall qc, IvrOutcome outcome) {
        if (outcome instanceof IvrOutcome.Queued || qc.stage != QueuedCall.Stage.WAITING
                || qc.front != QueuedCall.Front.IVR) {
            return; // connect() has the call (or has had it)
        }
        if (!(outcome instanceof IvrOutcome.Failed failed)) {
            finish(qc); // hung up, callback, voicemail, transferred: the IVR logged how it ended
            return;
        }
        if (qc.caller.state() == CallState.ENDED) {
            finish(qc);
        } else if (qc.service.queue() != null) {
            log.warn("{}: IVR flow {} failed ({}); the call goes to queue {}", qc, qc.service.flow(), failed.reason(),
                    qc.service.queue());
            qc.front = QueuedCall.Front.DIRECT;
            qc.caller.answer().whenComplete((v, err) -> ownerExecute(() -> music.waitWithMusic(qc)));
            enqueue(qc);
        } else {
            log.warn("{}: IVR flow {} failed ({}) and service number {} has no queue to fall back on", qc,
                    qc.service.flow(), failed.reason(), qc.service.number());
            finish(qc);
            qc.caller.hangup("failed");
            ports.journal().failed(qc.interactionId, "IVR flow " + qc.service.flow() + " failed: " + failed.reason());
        }
    }

    // ------------------------------------------------------------------ the direct front: greeting, music, queue

    /** Into the ACD through the same port as the IVR's queue nodes; the ticket says when the call leaves the queue. */
    private void enqueue(QueuedCall qc) {
        NewInteraction in = new NewInteraction(qc.interactionId, Channel.VOICE, qc.service.queue(), Map.of(), 0,
                qc.tier, qc.customerId, null, qc.context);
        CompletionStage<QueueTicket> placing;
        try {
            placing = ports.queues().enqueue(in);
        } catch (RuntimeException e) {
            placing = CompletableFuture.failedFuture(e);
        }
        qc.placing = true;
        placing.whenComplete((ticket, err) -> ownerExecute(() -> placed(qc, ticket, err)));
    }

    private void placed(QueuedCall qc, QueueTicket ticket, Throwable err) {
        qc.placing = false;
        if (err != null) {
            if (qc.stage == QueuedCall.Stage.WAITING) {
                log.warn("{} not queued: {}", qc, cause(err).getMessage());
                finish(qc);
                qc.caller.hangup("rejected");
                ports.journal().failed(qc.interactionId, "queue " + qc.service.queue() + " refused it: "
                        + cause(err).getMessage());
            }
            return;
        }
        qc.ticket = ticket;
        if (qc.leftBeforePlaced != null) {
            ticket.withdraw(qc.leftBeforePlaced);
            return;
        }
        ticket.exit().whenComplete((exit, e2) -> ownerExecute(() -> leftQueue(qc, ticket, exit)));
    }

    private void leftQueue(QueuedCall qc, QueueTicket ticket, QueueExit exit) {
        if (qc.ticket != ticket || qc.stage != QueuedCall.Stage.WAITING || exit == null
                || exit instanceof QueueExit.Connected) {
            return;
        }
        log.info("{}: left queue {} ({}); disconnecting", qc, qc.service.queue(), exit);
        finish(qc);
        if (exit instanceof QueueExit.MaxWait) {
            qc.caller.hangup("max-wait");
            ticket.withdraw("max wait reached");
        } else {
            qc.caller.hangup(exit instanceof QueueExit.Rejected ? "rejected" : "ended");
        }
    }

    // ------------------------------------------------------------------ the caller's leg

    private void onCallerEvent(QueuedCall qc, CallEvent ev) {
        if (ev instanceof CallEvent.Ended ended) {
            if (qc.stage == QueuedCall.Stage.ENDED) {
                return;
            }
            boolean wasConnected = qc.stage == QueuedCall.Stage.CONNECTED;
            log.debug("{}: caller hung up ({})", qc, ended.cause());
            finish(qc);
            if (wasConnected) {
                qc.agentLeg.hangup("caller hung up");
                endInteraction(qc, "caller hung up");
            } else {
                abandoned++;
                if (qc.front == QueuedCall.Front.DIRECT) {
                    leaveQueue(qc, "caller hung up while waiting");
                } // in the IVR, the flow withdraws what it queued
            }
        } else if (ev instanceof CallEvent.RecordingAvailable rec) {
            for (RecordingListener l : recordingListeners) {
                try {
                    l.recordingAvailable(qc.interactionId, rec.file(), rec.durationMillis());
                } catch (RuntimeException e) {
                    log.error("recording listener failed for {}", qc, e);
                }
            }
        }
    }

    /** The caller leaves while waiting: the ACD forgets the interaction (logged ABANDONED). */
    private void leaveQueue(QueuedCall qc, String reason) {
        if (qc.placing) {
            qc.leftBeforePlaced = reason; // withdrawn as soon as the ACD has placed it
        } else if (qc.ticket != null) {
            qc.ticket.withdraw(reason);
        } else { // back in a queue after a transfer: no ticket follows it
            routing.run(e -> e.interactionView(qc.interactionId)
                    .filter(v -> v.state() == InteractionState.QUEUED || v.state() == InteractionState.OFFERED)
                    .ifPresent(v -> e.end(qc.interactionId, reason))).exceptionally(x -> logged("end of " + qc, x));
        }
    }

    // ------------------------------------------------------------------ routing decisions

    private void onRouting(RoutingEvent ev) {
        if (ev instanceof RoutingEvent.OfferMade offer) {
            QueuedCall qc = byInteraction.get(offer.interactionId());
            if (qc != null) {
                agents.ring(qc, offer.agentId());
            }
        } else if (ev instanceof RoutingEvent.OfferEnded ended && ended.outcome() != OfferOutcome.DECLINED) {
            QueuedCall qc = byInteraction.get(ended.interactionId());
            if (qc != null) {
                OutboundCall ringing = qc.ringing.remove(ended.agentId());
                if (ringing != null) {
                    log.info("{}: offer to {} {}; stop ringing", qc, ended.agentId(), ended.outcome());
                    ringing.cancel();
                }
            }
        } else if (ev instanceof RoutingEvent.InteractionTransferred t) {
            QueuedCall qc = byInteraction.get(t.interactionId());
            if (qc != null && qc.stage == QueuedCall.Stage.CONNECTED) {
                agents.backToQueue(qc, t.toQueueId());
            }
        }
    }

    void finish(QueuedCall qc) {
        qc.stage = QueuedCall.Stage.ENDED;
        if (qc.announcer != null) {
            qc.announcer.cancel(false);
        }
        new ArrayList<>(qc.ringing.values()).forEach(OutboundCall::cancel);
        qc.ringing.clear();
        byInteraction.remove(qc.interactionId);
    }

    void endInteraction(QueuedCall qc, String reason) {
        routing.run(e -> e.end(qc.interactionId, reason)).exceptionally(x -> logged("end of " + qc, x));
    }

    // ------------------------------------------------------------------ the agent's console (CTI)

    /** Runs a console command on the flow thread against the connected call the agent holds. */
    <T> CompletableFuture<T> command(String interactionId, String agentId,
                                     java.util.function.Function<QueuedCall, CompletionStage<T>> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ownerExecute(() -> {
            try {
                QueuedCall qc = byInteraction.get(interactionId);
                if (qc == null || qc.stage != QueuedCall.Stage.CONNECTED) {
                    throw new org.openucc.routing.RoutingException(org.openucc.routing.RoutingException.Kind.CONFLICT,
                            "interaction " + interactionId + " has no connected call on this server");
                }
                if (agentId != null && !agentId.equals(qc.agentId)) {
                    throw new org.openucc.routing.RoutingException(org.openucc.routing.RoutingException.Kind.CONFLICT,
                            "the call of interaction " + interactionId + " is connected to agent " + qc.agentId
                                    + ", not " + agentId);
                }
                body.apply(qc).whenComplete((v, err) -> {
                    if (err != null) {
                        result.completeExceptionally(cause(err));
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (owner.isShutdown()) {
            result.completeExceptionally(new IllegalStateException("the voice flow is stopped"));
        }
        return result;
    }

    /** Runs on the flow thread once {@code stage} completes (so call state is only touched there). */
    <T> CompletionStage<T> then(CompletionStage<T> stage) {
        CompletableFuture<T> f = new CompletableFuture<>();
        stage.whenComplete((v, err) -> ownerExecute(() -> {
            if (err != null) {
                f.completeExceptionally(cause(err));
            } else {
                f.complete(v);
            }
        }));
        return f;
    }

    /** The flow thread: ends the call on both legs and the interaction (the agent goes to wrap-up). */
    void hangUpBoth(QueuedCall qc, String reason) {
        finish(qc);
        qc.caller.hangup(reason);
        qc.agentLeg.hangup(reason);
        endInteraction(qc, reason);
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
