package org.openucc.ivr.runtime;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.ivr.expr.Expression;
import org.openucc.ivr.expr.Scope;
import org.openucc.ivr.expr.Values;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.FlowSet;
import org.openucc.ivr.flow.IvrFlow;
import org.openucc.ivr.flow.Variables;
import org.openucc.ivr.prompt.PromptCatalog;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs flows over {@link CallControl}: enters nodes one after the other, records each one (the IVR
 * path) and each input, and completes with the call's {@link IvrOutcome}. Knows no telephony,
 * database or HTTP library: everything outside goes through {@link IvrPorts}.
 */
public final class FlowRunner {
    private static final Logger log = LoggerFactory.getLogger(FlowRunner.class);

    private final IvrPorts ports;
    private final RuntimeSettings settings;
    private final PromptSteps prompts;
    private final InputSteps inputs;
    private final ServiceSteps services;
    private final AtomicInteger active = new AtomicInteger();

    public FlowRunner(IvrPorts ports, RuntimeSettings settings) {
        this.ports = ports;
        this.settings = settings;
        this.prompts = new PromptSteps(new PromptCatalog(settings.promptsDir()));
        this.inputs = new InputSteps(prompts, ports);
        this.services = new ServiceSteps(ports, prompts);
    }

    /** Calls in the IVR right now. */
    public int activeCalls() {
        return active.get();
    }

    /**
     * Runs {@code flowName} of {@code flows} on the call (answering it first if needed). The call
     * keeps this version of the flows to the end, also across {@code goto}.
     */
    public CompletionStage<IvrOutcome> run(CallControl call, FlowSet flows, String flowName, IvrCall ivrCall) {
        SerialExecutor executor = new SerialExecutor(ports.pool(), "ivr call " + call.callId(),
                Map.of("call", call.callId(), "interaction", ivrCall.interactionId()));
        IvrSession s = new IvrSession(call, ivrCall, flows, flowName, executor);
        active.incrementAndGet();
        s.outcome.whenComplete((o, e) -> active.decrementAndGet());
        call.addListener(ev -> {
            if (ev instanceof CallEvent.Ended) {
                executor.execute(() -> callerGone(s));
            }
        });
        executor.execute(() -> begin(s));
        return s.outcome.minimalCompletionStage();
    }

    private void begin(IvrSession s) {
        IvrFlow flow = s.flows.flow(s.startFlow).orElse(null);
        if (flow == null) {
            finish(s, new IvrOutcome.Failed(s.interactionId, "there is no IVR flow '" + s.startFlow + "' (flows: "
                    + String.join(", ", s.flows.flows().keySet()) + ")", IvrTrail.EMPTY));
            return;
        }
        Map<String, Object> v = s.variables;
        v.put(Variables.CALLER, s.call.info().from());
        v.put(Variables.CALLER_NAME, s.call.info().displayName());
        v.put(Variables.DIALED, s.call.info().to());
        v.put(Variables.CALL_ID, s.call.callId());
        v.put(Variables.INTERACTION_ID, s.interactionId);
        v.put(Variables.PRIORITY, BigDecimal.ZERO);
        v.put(Variables.CUSTOMER_FOUND, false);
        ports.journal().started(s.interactionId, s.call.info(), flow.name(), s.flows.version());
        log.info("IVR flow {} (version {}) for call from {} to {}", flow.name(), s.flows.version(),
                s.call.info().from(), s.call.info().to());
        if (s.call.state() == CallState.RINGING) {
            Async.on(s, s.call.answer()).whenComplete((x, err) -> {
                if (err != null) {
                    proceed(s, null, err);
                } else {
                    enterFlow(s, flow);
                }
            });
        } else if (s.call.state() == CallState.ENDED) {
            callerGone(s);
        } else {
            enterFlow(s, flow);
        }
    }

    private void enterFlow(IvrSession s, IvrFlow flow) {
        if (s.finished()) {
            return;
        }
        s.flow = flow;
        if (s.language == null || !flow.languages().contains(s.language)) {
            s.language = flow.language();
        }
        s.variables.put(Variables.LANGUAGE, s.language);
        s.variables.put(Variables.FLOW, flow.name());
        Scope scope = new SessionScope(s, ports, settings);
        try {
            for (Map.Entry<String, Expression> e : flow.variables().entrySet()) {
                s.variables.putIfAbsent(e.getKey(), e.getValue().evaluate(scope));
            }
        } catch (RuntimeException e) {
            error(s, e);
            return;
        }
        enter(s, flow.start().node());
    }

    private void enter(IvrSession s, String nodeId) {
        if (s.finished()) {
            return;
        }
        FlowNode n = s.flow.nodes().get(nodeId);
        if (n == null) {
            error(s, new IllegalStateException("flow " + s.flow.name() + " has no node '" + nodeId + "'"));
            return;
        }
        s.entered(s.flow, n);
        ports.journal().step(s.interactionId, s.flow.name(), n.id(), n.type());
        log.debug("{} {}", n.type(), s.where());
        if (n.takesInput()) {
            s.stepsWithoutInput = 0;
        } else if (++s.stepsWithoutInput > settings.maxStepsWithoutInput()) {
            error(s, new IllegalStateException("passed " + settings.maxStepsWithoutInput()
                    + " nodes without waiting for the caller; the flow loops"));
            return;
        }
        long generation = s.generation;
        CompletionStage<Step> step;
        try {
            step = execute(s, n);
        } catch (RuntimeException e) {
            step = CompletableFuture.failedFuture(e);
        }
        step.whenComplete((next, err) -> s.executor.execute(() -> {
            if (generation == s.generation && !s.finished()) {
                proceed(s, next, err);
            }
        }));
    }

    private CompletionStage<Step> execute(IvrSession s, FlowNode n) {
        Scope scope = new SessionScope(s, ports, settings);
        if (n instanceof FlowNode.Play p) {
            return prompts.play(s, p);
        } else if (n instanceof FlowNode.Say say) {
            return prompts.say(s, say, scope);
        } else if (n instanceof FlowNode.Menu m) {
            return inputs.menu(s, m);
        } else if (n instanceof FlowNode.Collect c) {
            return inputs.collect(s, c);
        } else if (n instanceof FlowNode.Lookup l) {
            return services.lookup(s, l, scope);
        } else if (n instanceof FlowNode.Branch b) {
            return withFigures(s, List.of(b.condition()))
                    .thenApply(x -> new Step.Next((b.condition().test(scope) ? b.then() : b.otherwise()).node()));
        } else if (n instanceof FlowNode.Switch sw) {
            return withFigures(s, sw.cases().stream().map(FlowNode.Case::when).toList()).thenApply(x -> {
                for (FlowNode.Case c : sw.cases()) {
                    if (c.when().test(scope)) {
                        return new Step.Next(c.next().node());
                    }
                }
                return new Step.Next(sw.otherwise().node());
            });
        } else if (n instanceof FlowNode.SetValues set) {
            return withFigures(s, expressions(set)).thenApply(x -> set(s, set, scope));
        } else if (n instanceof FlowNode.EnterQueue q) {
            return new QueueWait(s, q, ports, prompts).start();
        } else if (n instanceof FlowNode.Callback cb) {
            return services.callback(s, cb, scope);
        } else if (n instanceof FlowNode.Voicemail vm) {
            return services.voicemail(s, vm);
        } else if (n instanceof FlowNode.Http h) {
            return services.http(s, h, scope);
        } else if (n instanceof FlowNode.Transfer t) {
            return services.transfer(s, t, scope);
        } else if (n instanceof FlowNode.Goto g) {
            return Async.done(new Step.Jump(g.flow()));
        } else {
            return services.hangup(s, (FlowNode.Hangup) n);
        }
    }

    private Step set(IvrSession s, FlowNode.SetValues n, Scope scope) {
        n.variables().forEach((name, e) -> s.variables.put(name, e.evaluate(scope)));
        if (n.language() != null) {
            s.language = n.language();
            s.variables.put(Variables.LANGUAGE, s.language);
        }
        if (n.queue() != null) {
            s.queue = n.queue();
            s.variables.put(Variables.QUEUE, s.queue);
        }
        n.skills().forEach((skill, level) -> {
            if (level == 0) {
                s.skills.remove(skill); // e.g. the caller switched back from Chinese
            } else {
                s.skills.put(skill, level);
            }
        });
        if (n.priority() != null) {
            BigDecimal p = Values.number(n.priority().evaluate(scope));
            if (p == null) {
                throw new IllegalArgumentException("priority '" + n.priority().text() + "' is not a number");
            }
            s.priority = p.intValue();
            s.variables.put(Variables.PRIORITY, BigDecimal.valueOf(s.priority));
        }
        n.attributes().forEach((name, t) -> s.attributes.put(name, t.render(scope)));
        return new Step.Next(n.next().node());
    }

    private static List<Expression> expressions(FlowNode.SetValues n) {
        List<Expression> out = new ArrayList<>(n.variables().values());
        if (n.priority() != null) {
            out.add(n.priority());
        }
        return out;
    }

    /** Fetches the figures of the queues the expressions ask about, before they are evaluated. */
    private CompletableFuture<Void> withFigures(IvrSession s, List<Expression> expressions) {
        Set<String> queues = new LinkedHashSet<>();
        expressions.forEach(e -> queues.addAll(e.queuesRead()));
        CompletableFuture<Void> all = Async.done(null);
        for (String q : queues) {
            all = all.thenCompose(x -> Async.on(s, ports.routing().figures(q)).thenAccept(f -> s.figures.put(q, f)));
        }
        return all;
    }

    private void proceed(IvrSession s, Step step, Throwable err) {
        if (err != null) {
            Throwable cause = Async.unwrap(err);
            if (cause instanceof CallEndedException || s.call.state() == CallState.ENDED) {
                callerGone(s);
            } else {
                error(s, cause);
            }
        } else if (step instanceof Step.Next next) {
            enter(s, next.node());
        } else if (step instanceof Step.Jump jump) {
            IvrFlow target = s.flows.flow(jump.flow()).orElse(null);
            if (target == null) {
                error(s, new IllegalStateException("there is no flow '" + jump.flow() + "'"));
            } else {
                enterFlow(s, target);
            }
        } else {
            finish(s, ((Step.End) step).outcome());
        }
    }

    private void error(IvrSession s, Throwable e) {
        log.warn("IVR step {} failed: {}", s.where(), e.toString());
        log.debug("IVR step failure", e);
        if (s.flow != null && s.flow.onError() != null && !s.handlingError && !s.finished()) {
            s.handlingError = true;
            s.runLeaveHooks();
            if (s.state() == IvrSession.State.QUEUED) {
                s.move(IvrSession.State.RUNNING, "error handling");
            }
            enter(s, s.flow.onError().node());
        } else {
            finish(s, new IvrOutcome.Failed(s.interactionId, s.where() + ": " + e.getMessage(), s.trail()));
        }
    }

    private void callerGone(IvrSession s) {
        if (!s.finished()) {
            finish(s, s.ending != null ? s.ending
                    : new IvrOutcome.CallerHungUp(s.interactionId, s.node == null ? null : s.node.id(), s.trail()));
        }
    }

    private void finish(IvrSession s, IvrOutcome outcome) {
        if (s.finished()) {
            return;
        }
        IvrOutcome o = outcome;
        if (s.disposition != null && (o instanceof IvrOutcome.HungUp || o instanceof IvrOutcome.CallerHungUp)) {
            o = withTrail(s.disposition, s.trail());
        }
        s.move(IvrSession.State.FINISHED, o.kind());
        s.runLeaveHooks();
        ports.journal().finished(s.interactionId, o);
        log.info("IVR {}: {} ({})", s.startFlow, o.kind(), o.trail().pathText());
        s.outcome.complete(o);
    }

    private static IvrOutcome withTrail(IvrOutcome o, IvrTrail t) {
        if (o instanceof IvrOutcome.CallbackRequested c) {
            return new IvrOutcome.CallbackRequested(c.interactionId(), c.callback(), t);
        }
        if (o instanceof IvrOutcome.VoicemailLeft v) {
            return new IvrOutcome.VoicemailLeft(v.interactionId(), v.voicemail(), v.recording(), v.durationMillis(), t);
        }
        return o;
    }
}
