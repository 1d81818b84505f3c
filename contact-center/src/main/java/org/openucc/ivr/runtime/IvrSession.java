package org.openucc.ivr.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.interaction.Channel;
import org.openucc.interaction.IllegalTransitionException;
import org.openucc.interaction.Tier;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.FlowSet;
import org.openucc.ivr.flow.IvrFlow;
import org.openucc.ivr.flow.Variables;
import org.openucc.routing.NewInteraction;
import org.openucc.telephony.CallControl;

/**
 * One call in the IVR: where it is, its variables, what the interaction will carry and the trail.
 * Touched only on its {@link SerialExecutor}; the flows are the version the call started with.
 */
final class IvrSession {
    /** RUNNING: walking nodes. QUEUED: waiting in a queue node. FINISHED: the outcome is known. */
    enum State { RUNNING, QUEUED, FINISHED }

    private static final Map<State, Set<State>> LEGAL = new EnumMap<>(State.class);

    static {
        LEGAL.put(State.RUNNING, EnumSet.of(State.QUEUED, State.FINISHED));
        LEGAL.put(State.QUEUED, EnumSet.of(State.RUNNING, State.FINISHED));
        LEGAL.put(State.FINISHED, EnumSet.noneOf(State.class));
    }

    final CallControl call;
    final String interactionId;
    final FlowSet flows;
    final SerialExecutor executor;
    final CompletableFuture<IvrOutcome> outcome = new CompletableFuture<>();
    final Map<String, Object> variables = new HashMap<>();
    final Map<String, Integer> skills = new LinkedHashMap<>();
    final Map<String, String> attributes = new LinkedHashMap<>();
    final Map<String, IvrRouting.QueueFigures> figures = new HashMap<>();
    private final Map<String, String> callAttributes;
    private final Deque<String> path = new ArrayDeque<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<Runnable> onLeave = new ArrayList<>();
    private State state = State.RUNNING;
    final String startFlow;
    IvrFlow flow;
    FlowNode node;
    String language;
    String queue;
    int priority;
    Tier tier;
    String customerId;
    String account;
    String identifiedBy;
    /** A callback or voicemail the flow registered: what the call's outcome is, whatever ends it. */
    IvrOutcome disposition;
    /** Set before the IVR itself ends the call (hangup, transfer): its end event is then no caller hang-up. */
    IvrOutcome ending;
    long generation;
    int stepsWithoutInput;
    boolean handlingError;
    private int created;
    /** The caller went through a step besides waiting in a queue: the agent gets the IVR's context. */
    private boolean guided;
    /** The queue the ACD already has the interaction waiting in (a transferred call), until a queue node follows it. */
    private String queuedIn;

    IvrSession(CallControl call, IvrCall ivrCall, FlowSet flows, String startFlow, SerialExecutor executor) {
        this.call = call;
        this.interactionId = ivrCall.interactionId();
        this.flows = flows;
        this.startFlow = startFlow;
        this.executor = executor;
        this.callAttributes = ivrCall.attributes();
        this.language = ivrCall.language();
        this.customerId = ivrCall.customerId();
        this.tier = ivrCall.tier();
        this.queue = ivrCall.queue();
        this.queuedIn = ivrCall.alreadyQueued() ? ivrCall.queue() : null;
    }

    /**
     * Whether a queue node placing the call in {@code queueId} follows the ACD's waiting entry
     * rather than adding the interaction again: only the first queue node, for the queue the call
     * came with.
     */
    boolean followsWaitingEntry(String queueId) {
        boolean follow = queueId.equals(queuedIn);
        queuedIn = null;
        return follow;
    }

    State state() {
        return state;
    }

    void move(State to, String why) {
        if (!LEGAL.get(state).contains(to)) {
            throw new IllegalTransitionException("IVR session " + interactionId, state, to, why);
        }
        state = to;
    }

    boolean finished() {
        return state == State.FINISHED;
    }

    void entered(IvrFlow f, FlowNode n) {
        generation++;
        runLeaveHooks();
        flow = f;
        node = n;
        guided |= !(n instanceof FlowNode.EnterQueue);
        path.addLast(f.name() + ":" + n.id());
        while (path.size() > IvrTrail.MAX_STEPS) {
            path.removeFirst();
        }
    }

    /** Runs when the call leaves the current node or the session finishes (timers, a queue ticket). */
    void onLeave(Runnable hook) {
        onLeave.add(hook);
    }

    void runLeaveHooks() {
        List<Runnable> hooks = new ArrayList<>(onLeave);
        onLeave.clear();
        hooks.forEach(Runnable::run);
    }

    /** Records what the caller typed here ({@code note}: "", "invalid", "no input"), as the agent will read it. */
    void input(String digits, String note) {
        inputs.add(flow.name() + ":" + node.id() + "=" + digits + (note.isEmpty() ? "" : " (" + note + ")"));
        if (inputs.size() > IvrTrail.MAX_STEPS) {
            inputs.remove(0);
        }
        variables.put(Variables.LAST_DIGITS, digits);
    }

    IvrTrail trail() {
        return new IvrTrail(new ArrayList<>(path), inputs);
    }

    String where() {
        return node == null ? startFlow : node.source() + " (" + flow.name() + ":" + node.id() + ")";
    }

    /** The voice interaction as the queue should get it: skills, priority, customer and the IVR context. */
    NewInteraction interaction(String queueId) {
        return new NewInteraction(interactionId, Channel.VOICE, queueId, skills, priority, tier, customerId, null,
                agentAttributes());
    }

    /** A new CALLBACK interaction for agents (callback request, voicemail), carrying this call's context. */
    NewInteraction callbackInteraction(String kind, String queueId, Map<String, String> extra) {
        Map<String, String> attrs = agentAttributes();
        attrs.putAll(extra);
        attrs.put("ivr.interaction", interactionId);
        created++;
        return new NewInteraction(interactionId + "-" + kind + (created > 1 ? "-" + created : ""), Channel.CALLBACK,
                queueId, skills, priority, tier, customerId, null, attrs);
    }

    /**
     * What reaches the agent's screen pop: the call's context and the IVR's (ivr.path, ivr.digits,
     * ivr.account…); a call that only waited in a queue (the direct flow) has no IVR context to give.
     */
    Map<String, String> agentAttributes() {
        Map<String, String> a = new LinkedHashMap<>(callAttributes);
        a.putIfAbsent("callerNumber", call.info().from());
        a.putIfAbsent("dialedNumber", call.info().to());
        a.putIfAbsent("callId", call.callId());
        if (!guided) {
            a.values().removeIf(java.util.Objects::isNull);
            return a;
        }
        a.putAll(attributes);
        IvrTrail t = trail();
        a.put("ivr.flow", startFlow);
        a.put("ivr.path", t.pathText());
        if (!t.inputs().isEmpty()) {
            a.put("ivr.digits", t.inputsText());
        }
        if (language != null) {
            a.put("ivr.language", language);
        }
        if (account != null) {
            a.put("ivr.account", account);
        }
        if (identifiedBy != null) {
            a.put("ivr.identifiedBy", identifiedBy);
        }
        a.values().removeIf(java.util.Objects::isNull);
        return a;
    }
}
