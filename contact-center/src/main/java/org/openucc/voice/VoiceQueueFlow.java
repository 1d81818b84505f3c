package org.openucc.voice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.interaction.Channel;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.OfferOutcome;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingService;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;
import org.openucc.telephony.Playback;
import org.openucc.telephony.Telephony;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Inbound calls to a service number, straight into a queue (until the IVR runtime takes over the
 * front part): answer, greeting, hold music with position / estimated-wait announcements; on an
 * ACD offer ring the agent's phone; on answer accept and bridge (recorded); busy, no answer or
 * rejection declines the offer (the engine re-queues in place); hang-ups end the interaction.
 * Agents whose phones are not registered are set NOT_READY ("phone-unregistered") and not rung.
 * Depends only on the {@link Telephony} port and the {@link RoutingService}. All its state lives
 * on one thread.
 */
public final class VoiceQueueFlow implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VoiceQueueFlow.class);
    public static final String PHONE_UNREGISTERED = "phone-unregistered";

    private final Telephony telephony;
    private final RoutingService routing;
    private final QueueFlowSettings settings;
    private final ScheduledThreadPoolExecutor owner;
    private final Map<String, QueuedCall> byInteraction = new ConcurrentHashMap<>();
    private final List<RecordingListener> recordingListeners = new CopyOnWriteArrayList<>();
    private final RoutingEventSink routingSink = ev -> ownerExecute(() -> onRouting(ev));
    private final AtomicLong sequence = new AtomicLong();
    private final DelayHistogram dialDelay = new DelayHistogram();
    // Written on the flow thread only; volatile so stats() may read them from anywhere.
    private volatile long calls;
    private volatile long connected;
    private volatile long abandoned;

    public VoiceQueueFlow(Telephony telephony, RoutingService routing, QueueFlowSettings settings) {
        this.telephony = telephony;
        this.routing = routing;
        this.settings = settings;
        this.owner = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "voice-flow");
            t.setDaemon(true);
            return t;
        });
        owner.setRemoveOnCancelPolicy(true);
    }

    /** Hooks into the telephony and the routing engine; call before the telephony starts. */
    public void start() {
        telephony.onInboundCall(call -> {
            long at = System.nanoTime();
            ownerExecute(() -> onCall(call, at));
        });
        telephony.onAgentReachability((agentId, reachable) -> ownerExecute(() -> onReachability(agentId, reachable)));
        routing.addListener(routingSink);
    }

    public void stop() {
        routing.removeListener(routingSink);
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
        m.put("connected", connected);
        m.put("abandoned", abandoned);
        m.put("arrivalToDialMicros", dialDelay.percentilesMicros());
        return m;
    }

    private void ownerExecute(Runnable r) {
        try {
            owner.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("voice flow stopped; dropped an event");
        }
    }

    // ------------------------------------------------------------------ inbound call

    private void onCall(CallControl call, long arrivedNanos) {
        calls++;
        String number = call.info().to();
        String queue = settings.queueByNumber().get(number);
        if (queue == null) {
            log.info("call {} to unknown service number {}", call.callId(), number);
            call.hangup("not-found");
            return;
        }
        String id = "voice-" + sequence.incrementAndGet() + "-" + Long.toHexString(arrivedNanos & 0xffffff);
        QueuedCall qc = new QueuedCall(id, call, queue, arrivedNanos);
        byInteraction.put(id, qc);
        call.addListener(ev -> ownerExecute(() -> onCallerEvent(qc, ev)));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("callerNumber", call.info().from());
        attributes.put("dialedNumber", number);
        attributes.put("callId", call.callId());
        if (call.info().displayName() != null) {
            attributes.put("callerName", call.info().displayName());
        }
        routing.run(e -> e.addInteraction(new NewInteraction(id, Channel.VOICE, queue, Map.of(), 0, null, null, null,
                attributes))).whenComplete((v, err) -> {
                    if (err != null) {
                        ownerExecute(() -> {
                            log.warn("{} not queued: {}", qc, cause(err).getMessage());
                            finish(qc);
                            call.hangup("rejected");
                        });
                    }
                });
        call.answer().whenComplete((v, err) -> ownerExecute(() -> {
            if (err == null && qc.stage == QueuedCall.Stage.WAITING) {
                qc.caller.play(Playback.of(settings.greeting())).whenComplete((r, e2) -> ownerExecute(() -> {
                    startMusic(qc);
                    scheduleAnnouncement(qc);
                }));
            }
        }));
    }

    private void startMusic(QueuedCall qc) {
        if (qc.stage == QueuedCall.Stage.WAITING && !qc.musicOn) {
            qc.musicOn = true;
            qc.caller.play(Playback.looping(settings.holdMusic()))
                    .whenComplete((r, e) -> ownerExecute(() -> qc.musicOn = false));
        }
    }

    private void scheduleAnnouncement(QueuedCall qc) {
        long every = settings.announceInterval().toMillis();
        if (every <= 0 || qc.stage != QueuedCall.Stage.WAITING) {
            return;
        }
        qc.announcer = owner.schedule(() -> announce(qc), every, TimeUnit.MILLISECONDS);
    }

    private void announce(QueuedCall qc) {
        if (qc.stage != QueuedCall.Stage.WAITING) {
            return;
        }
        routing.call(e -> e.interactionView(qc.interactionId)).whenComplete((view, err) -> ownerExecute(() -> {
            if (err != null || view.isEmpty() || qc.stage != QueuedCall.Stage.WAITING) {
                return;
            }
            List<Path> parts = Announcement.positionAndWait(settings.promptDir(), view.get().position(),
                    view.get().estimatedWaitMillis());
            if (parts.isEmpty()) {
                scheduleAnnouncement(qc);
                return;
            }
            qc.caller.play(new Playback(parts, false, false)).whenComplete((r, e2) -> ownerExecute(() -> {
                startMusic(qc);
                scheduleAnnouncement(qc);
            }));
        }));
    }

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
            } else {
                abandoned++;
            }
            endInteraction(qc, wasConnected ? "caller hung up" : "caller hung up while waiting");
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

    // ------------------------------------------------------------------ routing decisions

    private void onRouting(RoutingEvent ev) {
        if (ev instanceof RoutingEvent.OfferMade offer) {
            QueuedCall qc = byInteraction.get(offer.interactionId());
            if (qc != null) {
                ringAgent(qc, offer.agentId());
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
        } else if (ev instanceof RoutingEvent.MaxWaitReached max) {
            QueuedCall qc = byInteraction.get(max.interactionId());
            if (qc != null && max.action() != org.openucc.config.MaxWaitAction.QUEUE
                    && qc.stage == QueuedCall.Stage.WAITING) {
                log.info("{}: waited the queue's maximum; disconnecting ({})", qc, max.action());
                finish(qc);
                qc.caller.hangup("max-wait");
                endInteraction(qc, "max wait reached");
            }
        }
    }

    private void ringAgent(QueuedCall qc, String agentId) {
        if (qc.stage != QueuedCall.Stage.WAITING) {
            return;
        }
        if (!telephony.isReachable(agentId)) {
            log.info("{}: agent {} has no registered phone; declining and setting NOT_READY", qc, agentId);
            routing.run(e -> {
                e.decline(qc.interactionId, agentId);
                e.notReady(agentId, PHONE_UNREGISTERED);
            }).exceptionally(err -> logged("decline for unreachable agent " + agentId, err));
            return;
        }
        MDC.put("interaction", qc.interactionId);
        try {
            dialDelay.record(System.nanoTime() - qc.arrivedNanos);
            OutboundCall oc = telephony.dial(new DialRequest("agent:" + agentId, qc.caller.info().from(),
                    settings.ringTimeout()), qc.caller);
            qc.ringing.put(agentId, oc);
            oc.answered().whenComplete((leg, err) -> ownerExecute(() -> {
                if (err != null) {
                    agentFailed(qc, agentId, oc, err);
                } else {
                    agentAnswered(qc, agentId, oc, leg);
                }
            }));
        } finally {
            MDC.remove("interaction");
        }
    }

    private void agentFailed(QueuedCall qc, String agentId, OutboundCall oc, Throwable err) {
        if (qc.ringing.get(agentId) != oc) {
            return; // we cancelled it (rescinded, caller gone, someone else answered)
        }
        qc.ringing.remove(agentId);
        Throwable c = cause(err);
        EndCause why = c instanceof CallEndedException ce ? ce.endCause() : EndCause.FAILED;
        log.info("{}: agent {} did not answer ({}); declining the offer", qc, agentId, why);
        boolean unreachable = !telephony.isReachable(agentId);
        routing.run(e -> {
            e.decline(qc.interactionId, agentId);
            if (unreachable) {
                e.notReady(agentId, PHONE_UNREGISTERED);
            }
        }).exceptionally(x -> logged("decline by " + agentId, x));
    }

    private void agentAnswered(QueuedCall qc, String agentId, OutboundCall oc, CallControl leg) {
        if (qc.stage != QueuedCall.Stage.WAITING || qc.ringing.get(agentId) != oc) {
            leg.hangup("no longer needed");
            return;
        }
        qc.ringing.remove(agentId);
        routing.run(e -> e.accept(qc.interactionId, agentId)).whenComplete((v, err) -> ownerExecute(() -> {
            if (err != null || qc.stage != QueuedCall.Stage.WAITING) {
                log.info("{}: answer by {} came too late: {}", qc, agentId, err == null ? qc.stage : cause(err).getMessage());
                leg.hangup("offer withdrawn");
                return;
            }
            connect(qc, agentId, leg);
        }));
    }

    private void connect(QueuedCall qc, String agentId, CallControl leg) {
        qc.stage = QueuedCall.Stage.CONNECTED;
        qc.agentId = agentId;
        qc.agentLeg = leg;
        connected++;
        if (qc.announcer != null) {
            qc.announcer.cancel(false);
        }
        new ArrayList<>(qc.ringing.values()).forEach(OutboundCall::cancel);
        qc.ringing.clear();
        leg.addListener(ev -> ownerExecute(() -> onAgentEvent(qc, ev)));
        qc.caller.stopPlayback();
        Path file = settings.recordingsDir() == null ? null
                : settings.recordingsDir().resolve(qc.interactionId + ".wav");
        qc.caller.answer()
                .thenCompose(v -> qc.caller.bridge(leg, file))
                .whenComplete((v, err) -> ownerExecute(() -> {
                    if (err != null && qc.stage == QueuedCall.Stage.CONNECTED) {
                        log.warn("{}: bridge with {} failed: {}", qc, agentId, cause(err).getMessage());
                        finish(qc);
                        qc.caller.hangup("bridge failed");
                        leg.hangup("bridge failed");
                        endInteraction(qc, "bridge failed");
                    } else if (err == null) {
                        log.debug("{}: connected to agent {}", qc, agentId);
                    }
                }));
        if (leg.state() == org.openucc.telephony.CallState.ENDED) {
            onAgentEvent(qc, new CallEvent.Ended(leg.callId(), EndCause.REMOTE_HANGUP, "already ended"));
        }
    }

    private void onAgentEvent(QueuedCall qc, CallEvent ev) {
        if (ev instanceof CallEvent.Ended && qc.stage == QueuedCall.Stage.CONNECTED) {
            log.debug("{}: agent {} hung up", qc, qc.agentId);
            finish(qc);
            qc.caller.hangup("agent hung up");
            endInteraction(qc, "agent hung up");
        }
    }

    private void finish(QueuedCall qc) {
        qc.stage = QueuedCall.Stage.ENDED;
        if (qc.announcer != null) {
            qc.announcer.cancel(false);
        }
        new ArrayList<>(qc.ringing.values()).forEach(OutboundCall::cancel);
        qc.ringing.clear();
        byInteraction.remove(qc.interactionId);
    }

    private void endInteraction(QueuedCall qc, String reason) {
        routing.run(e -> e.end(qc.interactionId, reason)).exceptionally(x -> logged("end of " + qc, x));
    }

    // ------------------------------------------------------------------ agent phones

    /** Agent state follows the phone: unregistered means NOT_READY; registering again restores READY. */
    private void onReachability(String agentId, boolean reachable) {
        routing.run(e -> {
            AgentView v;
            try {
                v = e.agentView(agentId);
            } catch (RuntimeException unknown) {
                return; // a phone account without an agent in the engine
            }
            if (v == null || v.state() == AgentState.LOGGED_OUT) {
                return;
            }
            if (!reachable && v.state() != AgentState.NOT_READY) {
                e.notReady(agentId, PHONE_UNREGISTERED);
            } else if (reachable && v.state() == AgentState.NOT_READY && PHONE_UNREGISTERED.equals(v.reason())) {
                e.ready(agentId);
            }
        }).exceptionally(x -> logged("reachability of " + agentId, x));
    }

    private static Void logged(String what, Throwable err) {
        log.info("{}: {}", what, cause(err).getMessage());
        return null;
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
