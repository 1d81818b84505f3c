package org.openucc.voice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.openucc.config.ServiceNumber;
import org.openucc.interaction.IllegalTransitionException;
import org.openucc.interaction.Tier;
import org.openucc.ivr.runtime.CallerRecord;
import org.openucc.ivr.runtime.IvrCall;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.IvrTrail;
import org.openucc.routing.CustomerLeftResult;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.Playback;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallState;
import org.openucc.telephony.OutboundCall;
import org.openucc.telephony.RecordingHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One voice call, from arrival (or dial-out) to its end: its {@link CallStage}, the customer's leg,
 * the agents' phones ringing for it and the agent's leg once connected. Owned by one serial executor:
 * every input (the customer's and the agent's leg events, the CRM's answer, the IVR's outcome, the
 * ACD's events and command results, the console's commands, timers) arrives there as a task, so two
 * inputs never interleave and each finds the stage the previous one left. A customer who leaves in
 * any stage ends the interaction through the ACD's {@code customerLeft}, which the engine runs after
 * every command this call sent before it (an accept in flight included).
 */
final class VoiceCall {
    private static final Logger log = LoggerFactory.getLogger(VoiceCall.class);

    final String interactionId;
    final ServiceNumber service;
    final long arrivedNanos;
    private final Executor owner;
    private final VoiceQueueFlow flow;
    private CallStage stage;
    /** The ACD holds the interaction waiting in a queue (it said so with InteractionQueued). */
    private boolean inQueue;
    CallControl customer;
    Map<String, String> context = Map.of();
    String customerId;
    Tier tier;
    /** IVR flows this call has run (a failed flow, a transfer run another): only the last one's outcome counts. */
    private int ivrRuns;
    /** The ACD may know this interaction: a hang-up must tell it. */
    private boolean routed;
    private final Map<String, OutboundCall> ringing = new LinkedHashMap<>();
    /** An agent's phone answered and the ACD is asked to accept; at most one at a time. */
    private CallControl answering;
    private String answeringAgent;
    /** Console commands that came while the accept was in flight: run once it is answered. */
    private final List<Runnable> afterAccept = new ArrayList<>();
    String agentId;
    CallControl agentLeg;
    private int bridges;
    /** Agent-first dialling: the customer's leg being dialled, and what the dial-out's requester is told. */
    private OutboundCall customerDial;
    private final CompletableFuture<DialOutcome> dialed = new CompletableFuture<>();
    /** A supervisor listening in, whispering or barging (or their phone ringing for it); one at a time. */
    private CallMonitor monitor;

    private VoiceCall(VoiceQueueFlow flow, String interactionId, ServiceNumber service, CallStage first,
                      Executor owner) {
        this.flow = flow;
        this.interactionId = interactionId;
        this.service = service;
        this.stage = first;
        this.owner = owner;
        this.arrivedNanos = System.nanoTime();
    }

    static VoiceCall inbound(VoiceQueueFlow flow, String interactionId, CallControl caller, ServiceNumber service,
                             Executor owner) {
        VoiceCall c = new VoiceCall(flow, interactionId, service, CallStage.ARRIVING, owner);
        c.customer = caller;
        return c;
    }

    static VoiceCall agentFirst(VoiceQueueFlow flow, String interactionId, Executor owner) {
        VoiceCall c = new VoiceCall(flow, interactionId, null, CallStage.DIALING_AGENT, owner);
        c.routed = true; // the agent accepted it: the ACD has it connected
        return c;
    }

    /**
     * A caller who was waiting when this server stopped, whose PBX kept the call (Asterisk): the ACD
     * gets the interaction back at its place; {@link #followQueue} then takes the caller through the
     * direct flow again, following that entry.
     */
    static VoiceCall adoptedWaiting(VoiceQueueFlow flow, String interactionId, CallControl caller, ServiceNumber service,
                                    Executor owner, Map<String, String> context, String customerId, Tier tier) {
        VoiceCall c = new VoiceCall(flow, interactionId, service, CallStage.IN_IVR, owner);
        c.customer = caller;
        c.context = Map.copyOf(context);
        c.customerId = customerId;
        c.tier = tier;
        c.routed = true;
        return c;
    }

    /** A conversation its PBX kept bridged while this server was down (Asterisk): connected to the agent again. */
    static VoiceCall adoptedConnected(VoiceQueueFlow flow, String interactionId, CallControl caller, CallControl agentLeg,
                                      String agentId, Executor owner) {
        VoiceCall c = new VoiceCall(flow, interactionId, null, CallStage.CONNECTED, owner);
        c.customer = caller;
        c.agentLeg = agentLeg;
        c.agentId = agentId;
        c.routed = true;
        return c;
    }

    /** On the owner, for {@link #adoptedWaiting}: hears the caller's leg again. */
    void adopted() {
        customer.addListener(ev -> execute(() -> onCustomerEvent(ev)));
        customer.belongsTo(interactionId);
        if (agentLeg != null) {
            CallControl leg = agentLeg;
            leg.addListener(ev -> execute(() -> onAgentEvent(leg, ev)));
        }
    }

    /** On the owner: the ACD has the adopted interaction waiting again; the caller waits in the direct flow. */
    void followQueue() {
        if (stage == CallStage.IN_IVR || stage == CallStage.QUEUED) {
            runIvr(VoiceQueueFlow.DIRECT_FLOW, service.queue(), true);
        }
    }

    CallStage stage() {
        return stage;
    }

    /** Runs a task on this call's owner (its executor puts the interaction in the logging context). */
    void execute(Runnable task) {
        flow.submit(owner, task);
    }

    /** Continues on this call's owner once {@code stage} completes. */
    <T> CompletionStage<T> then(CompletionStage<T> s) {
        CompletableFuture<T> f = new CompletableFuture<>();
        s.whenComplete((v, err) -> execute(() -> {
            if (err != null) {
                f.completeExceptionally(VoiceQueueFlow.cause(err));
            } else {
                f.complete(v);
            }
        }));
        return f;
    }

    void move(CallStage to, String why) {
        if (!stage.canMoveTo(to)) {
            throw new IllegalTransitionException("voice call " + interactionId, stage, to, why);
        }
        log.debug("{}: {} -> {} ({})", this, stage, to, why);
        stage = to;
        if (to == CallStage.ENDED) {
            cleanUp();
        }
    }

    // ------------------------------------------------------------------ inbound: who calls, which flow

    void arrived() {
        customer.addListener(ev -> execute(() -> onCustomerEvent(ev)));
        customer.belongsTo(interactionId);
        context = context(customer);
        move(CallStage.IDENTIFYING, "caller lookup");
        if (service.flow() == null) {
            // A direct number answers at once (no ringing while the CRM is asked); the flow greets.
            customer.answer().exceptionally(err -> VoiceQueueFlow.logged(this + ": answer", err));
        }
        CompletionStage<Optional<CallerRecord>> who;
        try {
            who = flow.ports().customers().byPhone(customer.info().from());
        } catch (RuntimeException e) {
            who = CompletableFuture.failedFuture(e);
        }
        who.whenComplete((found, err) -> execute(() -> identified(found, err)));
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
        // Which telephony carries it, and where (Asterisk: server and channel): what a restart needs.
        call.info().headers().forEach((k, v) -> {
            if (k.equals("telephony") || k.startsWith("asterisk.")) {
                attributes.put(k, v);
            }
        });
        if (call.info().from() != null && !call.info().from().isBlank()) {
            attributes.put(org.openucc.interaction.ContextKeys.PHONE, call.info().from());
        }
        return attributes;
    }

    private void identified(Optional<CallerRecord> found, Throwable err) {
        if (err != null) {
            log.debug("{}: caller {} not looked up: {}", this, customer.info().from(), VoiceQueueFlow.cause(err).toString());
        } else if (found.isPresent()) {
            customerId = found.get().customerId();
            tier = found.get().tier();
        }
        flow.journal().created(interactionId, service.flow() == null ? service.queue() : null, customerId, context);
        if (stage == CallStage.ENDED) {
            flow.journal().ended(interactionId, "REMOTE_HANGUP", "the caller hung up while being identified");
            return;
        }
        String flowName = service.flow() == null ? VoiceQueueFlow.DIRECT_FLOW : service.flow();
        move(CallStage.IN_IVR, "flow " + flowName);
        runIvr(flowName, service.flow() == null ? service.queue() : null, false);
    }

    /**
     * Hands the caller to an IVR flow (in IN_IVR): its queue nodes put the call in the ACD under this
     * interaction's id, or follow it there when {@code alreadyQueued}.
     */
    private void runIvr(String flowName, String queue, boolean alreadyQueued) {
        routed = true;
        int run = ++ivrRuns;
        IvrCall ivrCall = new IvrCall(interactionId, null, context, customerId, tier, queue, alreadyQueued);
        CompletionStage<IvrOutcome> outcome;
        try {
            outcome = flow.ports().ivr().run(customer, flowName, ivrCall);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((o, err) -> execute(() -> ivrFinished(run, flowName, err != null
                ? new IvrOutcome.Failed(interactionId, VoiceQueueFlow.cause(err).toString(), IvrTrail.EMPTY) : o)));
    }

    /**
     * The IVR is done with the call: queued and taken, ended there, or failed (a flow of the number's
     * falls back on the direct flow with the number's queue).
     */
    private void ivrFinished(int run, String flowName, IvrOutcome outcome) {
        if (stage == CallStage.ENDED || run != ivrRuns || outcome instanceof IvrOutcome.Queued) {
            return; // ended already, another flow has the call, or the accept path has it
        }
        if (!(outcome instanceof IvrOutcome.Failed failed)) {
            end("ivr: " + outcome.kind()); // hung up, callback, voicemail, transferred: the IVR logged how it ended
            customer.hangup("ivr " + outcome.kind());
            return;
        }
        if (customer.state() == CallState.ENDED) {
            end("ivr failed and the caller is gone");
        } else if (!VoiceQueueFlow.DIRECT_FLOW.equals(flowName) && service != null && service.queue() != null
                && (stage == CallStage.IN_IVR || stage == CallStage.QUEUED)) {
            log.warn("{}: IVR flow {} failed ({}); the call goes to queue {}", this, flowName, failed.reason(),
                    service.queue());
            if (stage == CallStage.QUEUED) {
                move(CallStage.IN_IVR, "the flow failed in its queue node");
            }
            runIvr(VoiceQueueFlow.DIRECT_FLOW, service.queue(), false);
        } else {
            if (VoiceQueueFlow.DIRECT_FLOW.equals(flowName)) {
                log.warn("{}: the direct flow failed ({})", this, failed.reason());
            } else {
                log.warn("{}: IVR flow {} failed ({}) and service number {} has no queue to fall back on", this,
                        flowName, failed.reason(), service == null ? null : service.number());
            }
            end("ivr failed");
            customer.hangup(VoiceQueueFlow.DIRECT_FLOW.equals(flowName) ? "rejected" : "failed");
            flow.journal().failed(interactionId, "IVR flow " + flowName + " failed: " + failed.reason());
        }
    }

    // ------------------------------------------------------------------ the customer's leg

    private void onCustomerEvent(CallEvent ev) {
        if (ev instanceof CallEvent.Ended ended) {
            customerLeft(ended);
        } else if (ev instanceof CallEvent.RecordingAvailable rec) {
            flow.recordingAvailable(interactionId, rec.location(), rec.durationMillis());
        }
    }

    private void customerLeft(CallEvent.Ended ended) {
        switch (stage) {
            case ENDED, DIALING_AGENT, DIALING_CUSTOMER -> {
                // Ended already, or the customer's dial fails through its own answered() stage.
            }
            case ARRIVING, IDENTIFYING -> move(CallStage.ENDED, "caller hung up (" + ended.cause() + ")");
            default -> {
                boolean talking = stage.talking();
                log.debug("{}: caller hung up ({})", this, ended.cause());
                move(CallStage.ENDED, "caller hung up (" + ended.cause() + ")");
                if (agentLeg != null) {
                    agentLeg.hangup("caller hung up");
                }
                tellAcd(ended.cause() == org.openucc.telephony.EndCause.FAILED
                        ? "the call was lost: " + ended.detail()
                        : talking ? "caller hung up" : "caller hung up while waiting");
            }
        }
    }

    // ------------------------------------------------------------------ the ACD's decisions

    /** The ACD placed the interaction in a queue (or put it back after a declined offer). */
    void queued() {
        inQueue = true;
        if (stage == CallStage.IN_IVR) {
            move(CallStage.QUEUED, "in the ACD's queue");
        }
    }

    /** The ACD no longer holds it waiting (withdrawn by the flow, max wait, abandoned). */
    void leftQueue(String reason) {
        inQueue = false;
        if (stage == CallStage.QUEUED) {
            move(CallStage.IN_IVR, "left the queue: " + reason);
        }
    }

    void offerMade(String agentId) {
        if (stage != CallStage.IN_IVR && stage != CallStage.QUEUED && stage != CallStage.RINGING_AGENT) {
            return;
        }
        if (!flow.telephony().isReachable(agentId)) {
            log.info("{}: agent {} has no registered phone; declining, and the ACD holds calls back from them", this,
                    agentId);
            flow.acd().decline(interactionId, agentId, true)
                    .exceptionally(err -> VoiceQueueFlow.logged("decline for unreachable agent " + agentId, err));
            return;
        }
        flow.dialDelay().record(System.nanoTime() - arrivedNanos);
        OutboundCall oc = flow.telephony().dial(new org.openucc.telephony.DialRequest("agent:" + agentId,
                customer.info().from(), flow.settings().ringTimeout()), customer);
        ringing.put(agentId, oc);
        if (stage != CallStage.RINGING_AGENT) {
            move(CallStage.RINGING_AGENT, "offered to " + agentId);
        }
        oc.answered().whenComplete((leg, err) -> execute(() -> {
            if (err != null) {
                agentFailed(agentId, oc, err);
            } else {
                agentAnswered(agentId, oc, leg);
            }
        }));
    }

    /** The offer to an agent is over (timed out, rescinded, declined): stop their phone. */
    void offerEnded(String agentId) {
        OutboundCall oc = ringing.remove(agentId);
        if (oc != null) {
            log.info("{}: offer to {} ended; stop ringing", this, agentId);
            oc.cancel();
        }
        backToWaiting();
    }

    private void backToWaiting() {
        if (stage == CallStage.RINGING_AGENT && ringing.isEmpty() && answering == null) {
            move(inQueue ? CallStage.QUEUED : CallStage.IN_IVR, "no phone rings any more");
        }
    }

    private void agentFailed(String agentId, OutboundCall oc, Throwable err) {
        if (ringing.get(agentId) != oc) {
            return; // we cancelled it (rescinded, caller gone, someone else answered)
        }
        ringing.remove(agentId);
        Throwable c = VoiceQueueFlow.cause(err);
        log.info("{}: agent {} did not answer ({}); declining the offer", this, agentId, c.getMessage());
        flow.acd().decline(interactionId, agentId, !flow.telephony().isReachable(agentId))
                .exceptionally(x -> VoiceQueueFlow.logged("decline by " + agentId, x));
        backToWaiting();
    }

    private void agentAnswered(String agentId, OutboundCall oc, CallControl leg) {
        if (stage != CallStage.RINGING_AGENT || ringing.get(agentId) != oc || answering != null) {
            leg.hangup("no longer needed");
            return;
        }
        ringing.remove(agentId);
        answering = leg;
        answeringAgent = agentId;
        flow.acd().accept(interactionId, agentId).whenComplete((v, err) -> execute(() -> accepted(agentId, leg, err)));
    }

    private void accepted(String agentId, CallControl leg, Throwable err) {
        if (answering == leg) {
            answering = null;
            answeringAgent = null;
        }
        if (err == null) {
            // The ACD gave the call to the agent, even if the caller has just left (then it ends at once).
            flow.journal().accepted(interactionId, agentId);
        }
        if (err != null || stage != CallStage.RINGING_AGENT) {
            log.info("{}: answer by {} came too late: {}", this, agentId,
                    err == null ? stage : VoiceQueueFlow.cause(err).getMessage());
            leg.hangup("offer withdrawn");
            backToWaiting();
        } else {
            connect(agentId, leg);
        }
        List<Runnable> waiting = new ArrayList<>(afterAccept);
        afterAccept.clear();
        waiting.forEach(Runnable::run);
    }

    /**
     * Runs a console command now, or once the agent's answer is accepted when it is in flight (the
     * console hears "connected" from the ACD before the call here has bridged).
     */
    void whenAnswered(String agent, Runnable command) {
        if (answering != null && agent != null && agent.equals(answeringAgent)) {
            afterAccept.add(command);
        } else {
            command.run();
        }
    }

    boolean dialling() {
        return stage == CallStage.DIALING_AGENT || stage == CallStage.DIALING_CUSTOMER;
    }

    /** The agent gave up a dial-out from the console before the customer answered. */
    void cancelDial(String reason) {
        if (agentLeg != null) {
            agentLeg.hangup(reason);
        }
        failDial("AGENT_HANGUP", reason);
    }

    private void connect(String agent, CallControl leg) {
        inQueue = false;
        move(CallStage.CONNECTED, "accepted by " + agent);
        agentId = agent;
        agentLeg = leg;
        flow.connectedOne();
        cancelRinging();
        leg.addListener(ev -> execute(() -> onAgentEvent(leg, ev)));
        customer.stopPlayback();
        bridge("connected to agent " + agent);
    }

    /** Bridges the customer with the agent's leg, recorded when the settings say so. */
    private void bridge(String what) {
        CallControl leg = agentLeg;
        bridges++;
        RecordingHandle recording = flow.settings().recordingsDir() == null ? null
                : new RecordingHandle(interactionId + (bridges > 1 ? "-" + bridges : ""));
        customer.answer()
                .thenCompose(v -> customer.bridge(leg, recording))
                .whenComplete((v, err) -> execute(() -> {
                    if (err != null && stage.talking() && agentLeg == leg) {
                        log.warn("{}: bridge with {} failed: {}", this, agentId, VoiceQueueFlow.cause(err).getMessage());
                        hangUpBoth("bridge failed");
                    } else if (err == null) {
                        log.debug("{}: {}", this, what);
                    }
                }));
    }

    private void onAgentEvent(CallControl leg, CallEvent ev) {
        if (!(ev instanceof CallEvent.Ended) || agentLeg != leg) {
            return;
        }
        if (stage.talking()) {
            String why = ((CallEvent.Ended) ev).cause() == org.openucc.telephony.EndCause.FAILED
                    ? "the agent's call was lost: " + ((CallEvent.Ended) ev).detail() : "agent hung up";
            log.debug("{}: {}", this, why);
            move(CallStage.ENDED, why);
            customer.hangup(why);
            tellAcd(why);
        } else if (stage == CallStage.DIALING_CUSTOMER) {
            failDial("AGENT_HANGUP", "the agent hung up before the customer answered");
        }
    }

    /**
     * The agent passed the call to another queue (the ACD has it waiting there already): their leg
     * goes, and the caller waits again in the direct flow, which follows the ACD's entry.
     */
    void transferredToQueue(String queueId) {
        if (!stage.talking()) {
            return;
        }
        log.info("{}: agent {} transferred the call to queue {}", this, agentId, queueId);
        endMonitor("the call was transferred to queue " + queueId);
        boolean wasHeld = stage == CallStage.HELD;
        CallControl old = agentLeg;
        move(CallStage.IN_IVR, "transferred to queue " + queueId);
        agentLeg = null;
        agentId = null;
        old.hangup("transferred to queue " + queueId);
        customer.stopPlayback();
        CompletionStage<Void> resumed = wasHeld ? customer.resume() : CompletableFuture.completedFuture(null);
        resumed.whenComplete((v, err) -> execute(() -> {
            if (stage != CallStage.ENDED) { // gone meanwhile: customerLeft told the ACD
                runIvr(VoiceQueueFlow.DIRECT_FLOW, queueId, true);
            }
        }));
    }

    /** The ACD refused the interaction (a campaign call's queue is gone or full): the customer is hung up. */
    void refused(String refusal) {
        if (stage == CallStage.ENDED) {
            return;
        }
        log.info("{}: the ACD refused it: {}", this, refusal);
        ivrRuns++; // whatever a flow would still say is not heard
        move(CallStage.ENDED, "refused: " + refusal);
        customer.hangup("rejected");
    }

    /**
     * The abandon rule of a campaign call: still waiting for an agent (in the queue, or agents' phones
     * ringing) means abandoned: the ACD is told with {@code reason}, the phones stop, the customer hears
     * {@code farewell} and is hung up. False when an agent has the call already, or it is over.
     */
    boolean abandonWaiting(Playback farewell, String reason) {
        if (stage != CallStage.IN_IVR && stage != CallStage.QUEUED
                && !(stage == CallStage.RINGING_AGENT && answering == null)) {
            return false;
        }
        ivrRuns++; // the direct flow's music and announcements stop here
        move(CallStage.ENDED, "abandoned: " + reason);
        tellAcd(reason);
        CallControl leg = customer;
        leg.stopPlayback();
        leg.play(farewell).whenComplete((r, err) -> leg.hangup("abandoned"));
        return true;
    }

    /** The ACD ended the interaction on its own (the agent's "end" in the console, an operator): the call goes. */
    void endedInAcd(String reason) {
        inQueue = false;
        if (stage == CallStage.QUEUED) {
            leftQueue(reason);
        } else if (stage.talking()) {
            move(CallStage.ENDED, "ended in the ACD: " + reason);
            customer.hangup(reason);
            agentLeg.hangup(reason);
        } else if (stage == CallStage.DIALING_AGENT || stage == CallStage.DIALING_CUSTOMER) {
            if (agentLeg != null) {
                agentLeg.hangup(reason);
            }
            failDial("ENDED", "the interaction ended: " + reason);
        }
        // Waiting in a flow's queue node: its ticket follows the interaction and lets the caller go.
    }

    // ------------------------------------------------------------------ agent-first dialling (web callbacks)

    CompletionStage<DialOutcome> dialAgentFirst(String agent, String customerUri, String callerId,
                                                java.time.Duration ringTimeout) {
        agentId = agent;
        OutboundCall oc = flow.telephony().dial(new org.openucc.telephony.DialRequest("agent:" + agent, callerId,
                ringTimeout));
        oc.answered().whenComplete((leg, err) -> execute(() -> {
            if (err != null) {
                if (stage == CallStage.DIALING_AGENT) {
                    failDial("AGENT_" + DialOutcome.causeName(err), "the agent's phone: "
                            + VoiceQueueFlow.cause(err).getMessage());
                }
            } else if (stage != CallStage.DIALING_AGENT) {
                leg.hangup("no longer needed");
            } else {
                agentLeg = leg;
                leg.addListener(ev -> execute(() -> onAgentEvent(leg, ev)));
                move(CallStage.DIALING_CUSTOMER, "agent answered");
                dialCustomer(customerUri, callerId, ringTimeout);
            }
        }));
        return dialed;
    }

    private void dialCustomer(String customerUri, String callerId, java.time.Duration ringTimeout) {
        OutboundCall oc = flow.telephony().dial(new org.openucc.telephony.DialRequest(customerUri, callerId,
                ringTimeout), agentLeg);
        customerDial = oc;
        oc.answered().whenComplete((leg, err) -> execute(() -> {
            if (stage != CallStage.DIALING_CUSTOMER) {
                if (leg != null) {
                    leg.hangup("no longer needed");
                }
            } else if (err != null) {
                agentLeg.hangup("the customer did not answer");
                failDial(DialOutcome.causeName(err), VoiceQueueFlow.cause(err).getMessage());
            } else {
                customer = leg;
                context = Map.of("callId", leg.callId());
                leg.addListener(ev -> execute(() -> onCustomerEvent(ev)));
                move(CallStage.CONNECTED, "the customer answered");
                flow.connectedOne();
                bridge("callback connected");
                dialed.complete(new DialOutcome.Connected(leg.callId()));
            }
        }));
    }

    /** The dial-out is over without a conversation: its requester learns why, then the call ends. */
    private void failDial(String result, String detail) {
        dialed.complete(new DialOutcome.Failed(result, detail));
        move(CallStage.ENDED, "dial-out failed: " + result);
    }

    // ------------------------------------------------------------------ the agent's console

    /** Hangs up both legs and ends the interaction (the agent goes to wrap-up). */
    void hangUpBoth(String reason) {
        move(CallStage.ENDED, reason);
        customer.hangup(reason);
        if (agentLeg != null) {
            agentLeg.hangup(reason);
        }
        tellAcd(reason);
    }

    /** Held or back from hold (the console's hold / resume). */
    void held(boolean on) {
        move(on ? CallStage.HELD : CallStage.CONNECTED, on ? "hold" : "resume");
    }

    // ------------------------------------------------------------------ a supervisor's monitoring

    /** Rings the supervisor's phone and joins it in {@code mode}; a CONFLICT if someone monitors already or it is not registered. */
    CompletionStage<org.openucc.cti.MonitorSession> startMonitor(String supervisor, String phone,
                                                               org.openucc.telephony.MonitorMode mode) {
        if (monitor != null) {
            throw CallMonitor.conflict("interaction " + interactionId + " is monitored by " + monitor.supervisor
                    + " already");
        }
        if (!flow.telephony().monitorsCalls()) {
            throw CallMonitor.conflict("interaction " + interactionId + " cannot be monitored: listen, whisper and"
                    + " barge are not available on the telephony that carries it");
        }
        if (!flow.telephony().phoneRegistered(phone)) {
            throw CallMonitor.conflict("supervisor " + supervisor + "'s phone " + phone + " is not registered;"
                    + " register it (users[].phone in the configuration) and try again");
        }
        monitor = new CallMonitor(this, flow, supervisor, phone, mode);
        return monitor.start();
    }

    /** The session running now (its phone may still ring), or a CONFLICT when there is none. */
    CallMonitor monitor() {
        if (monitor == null) {
            throw CallMonitor.conflict("nobody monitors interaction " + interactionId);
        }
        return monitor;
    }

    void monitorOver(CallMonitor m) {
        if (monitor == m) {
            monitor = null;
        }
    }

    private void endMonitor(String reason) {
        if (monitor != null) {
            monitor.end(reason);
        }
    }

    // ------------------------------------------------------------------ the end

    /** Ends the call here without telling the ACD anything new beyond "the customer left" (idempotent). */
    private void end(String why) {
        move(CallStage.ENDED, why);
        tellAcd(why);
    }

    private void tellAcd(String reason) {
        if (!routed) {
            return;
        }
        flow.acd().customerLeft(interactionId, reason).whenComplete((r, err) -> {
            if (err != null) {
                VoiceQueueFlow.logged("customer left " + this, err);
            } else if (r == CustomerLeftResult.ABANDONED) {
                flow.abandonedOne();
            }
        });
    }

    private void cleanUp() {
        endMonitor("the call ended");
        cancelRinging();
        if (answering != null) {
            answering.hangup("the caller left");
            answering = null;
        }
        List<Runnable> waiting = new ArrayList<>(afterAccept);
        afterAccept.clear();
        waiting.forEach(Runnable::run); // they find the call ended and say so
        if (customerDial != null) {
            customerDial.cancel();
        }
        if (!dialed.isDone()) {
            dialed.complete(new DialOutcome.Failed("ENDED", "the call ended"));
        }
        flow.forget(this);
    }

    private void cancelRinging() {
        new ArrayList<>(ringing.values()).forEach(OutboundCall::cancel);
        ringing.clear();
    }

    @Override
    public String toString() {
        return "interaction " + interactionId + " (" + (customer == null ? "dialling" : "call " + customer.callId())
                + ", " + stage + ")";
    }
}
