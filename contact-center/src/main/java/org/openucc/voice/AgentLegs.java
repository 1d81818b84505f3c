package org.openucc.voice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.routing.RoutingService;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;
import org.openucc.telephony.Telephony;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The agent's side of a call, whatever front it came through: on an offer ring the agent's phone; on
 * answer accept and bridge (recorded); busy, no answer or rejection declines the offer (the engine
 * re-queues in place); the agent hanging up ends the call; a transfer to a queue releases the agent's
 * leg and the caller waits again. Runs on the voice flow's thread.
 */
final class AgentLegs {
    private static final Logger log = LoggerFactory.getLogger(AgentLegs.class);

    private final VoiceQueueFlow flow;
    private final Telephony telephony;
    private final RoutingService routing;
    private final QueueFlowSettings settings;
    private final WaitingMusic music;
    private final DelayHistogram dialDelay = new DelayHistogram();
    // Written on the flow thread only; volatile so stats may read it from anywhere.
    private volatile long connected;

    AgentLegs(VoiceQueueFlow flow, Telephony telephony, RoutingService routing, QueueFlowSettings settings,
              WaitingMusic music) {
        this.flow = flow;
        this.telephony = telephony;
        this.routing = routing;
        this.settings = settings;
        this.music = music;
    }

    long connected() {
        return connected;
    }

    /** Caller arrival to the agent's INVITE, percentiles in microseconds. */
    Map<String, Long> arrivalToDialMicros() {
        return dialDelay.percentilesMicros();
    }

    /** The agent passed the call to another queue: their leg goes, the caller waits again with music. */
    void backToQueue(QueuedCall qc, String queueId) {
        log.info("{}: agent {} transferred the call to queue {}", qc, qc.agentId, queueId);
        CallControl old = qc.agentLeg;
        qc.stage = QueuedCall.Stage.WAITING;
        qc.front = QueuedCall.Front.DIRECT;
        qc.ticket = null;
        qc.agentLeg = null;
        qc.agentId = null;
        old.hangup("transferred to queue " + queueId);
        CompletionStage<Void> resumed = qc.held ? qc.caller.resume() : CompletableFuture.completedFuture(null);
        qc.held = false;
        qc.musicOn = false;
        resumed.whenComplete((v, err) -> flow.ownerExecute(() -> music.waitWithMusic(qc)));
    }

    void ring(QueuedCall qc, String agentId) {
        if (qc.stage != QueuedCall.Stage.WAITING) {
            return;
        }
        if (!telephony.isReachable(agentId)) {
            log.info("{}: agent {} has no registered phone; declining and setting NOT_READY", qc, agentId);
            routing.run(e -> {
                e.decline(qc.interactionId, agentId);
                e.notReady(agentId, VoiceQueueFlow.PHONE_UNREGISTERED);
            }).exceptionally(err -> VoiceQueueFlow.logged("decline for unreachable agent " + agentId, err));
            return;
        }
        MDC.put("interaction", qc.interactionId);
        try {
            dialDelay.record(System.nanoTime() - qc.arrivedNanos);
            OutboundCall oc = telephony.dial(new DialRequest("agent:" + agentId, qc.caller.info().from(),
                    settings.ringTimeout()), qc.caller);
            qc.ringing.put(agentId, oc);
            oc.answered().whenComplete((leg, err) -> flow.ownerExecute(() -> {
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
        Throwable c = VoiceQueueFlow.cause(err);
        EndCause why = c instanceof CallEndedException ce ? ce.endCause() : EndCause.FAILED;
        log.info("{}: agent {} did not answer ({}); declining the offer", qc, agentId, why);
        boolean unreachable = !telephony.isReachable(agentId);
        routing.run(e -> {
            e.decline(qc.interactionId, agentId);
            if (unreachable) {
                e.notReady(agentId, VoiceQueueFlow.PHONE_UNREGISTERED);
            }
        }).exceptionally(x -> VoiceQueueFlow.logged("decline by " + agentId, x));
    }

    private void agentAnswered(QueuedCall qc, String agentId, OutboundCall oc, CallControl leg) {
        if (qc.stage != QueuedCall.Stage.WAITING || qc.ringing.get(agentId) != oc) {
            leg.hangup("no longer needed");
            return;
        }
        qc.ringing.remove(agentId);
        routing.run(e -> e.accept(qc.interactionId, agentId)).whenComplete((v, err) -> flow.ownerExecute(() -> {
            if (err != null || qc.stage != QueuedCall.Stage.WAITING) {
                log.info("{}: answer by {} came too late: {}", qc, agentId, err == null ? qc.stage : VoiceQueueFlow.cause(err).getMessage());
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
        qc.bridges++;
        connected++;
        if (qc.announcer != null) {
            qc.announcer.cancel(false);
        }
        new ArrayList<>(qc.ringing.values()).forEach(OutboundCall::cancel);
        qc.ringing.clear();
        leg.addListener(ev -> flow.ownerExecute(() -> onAgentEvent(qc, leg, ev)));
        qc.caller.stopPlayback();
        Path file = settings.recordingsDir() == null ? null : settings.recordingsDir()
                .resolve(qc.interactionId + (qc.bridges > 1 ? "-" + qc.bridges : "") + ".wav");
        qc.caller.answer()
                .thenCompose(v -> qc.caller.bridge(leg, file))
                .whenComplete((v, err) -> flow.ownerExecute(() -> {
                    if (err != null && qc.stage == QueuedCall.Stage.CONNECTED && qc.agentLeg == leg) {
                        log.warn("{}: bridge with {} failed: {}", qc, agentId, VoiceQueueFlow.cause(err).getMessage());
                        flow.finish(qc);
                        qc.caller.hangup("bridge failed");
                        leg.hangup("bridge failed");
                        flow.endInteraction(qc, "bridge failed");
                    } else if (err == null) {
                        log.debug("{}: connected to agent {}", qc, agentId);
                    }
                }));
        if (leg.state() == CallState.ENDED) {
            onAgentEvent(qc, leg, new CallEvent.Ended(leg.callId(), EndCause.REMOTE_HANGUP, "already ended"));
        }
    }

    private void onAgentEvent(QueuedCall qc, CallControl leg, CallEvent ev) {
        if (ev instanceof CallEvent.Ended && qc.stage == QueuedCall.Stage.CONNECTED && qc.agentLeg == leg) {
            log.debug("{}: agent {} hung up", qc, qc.agentId);
            flow.finish(qc);
            qc.caller.hangup("agent hung up");
            flow.endInteraction(qc, "agent hung up");
        }
    }
}
