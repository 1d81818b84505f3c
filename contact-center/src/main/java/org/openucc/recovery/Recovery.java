package org.openucc.recovery;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.recovery.InteractionRecovery.Action;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a {@link RecoveryPlan} out: agents get their state back first, each with the wrap-ups it had open
 * (until the end they had, so an agent writing notes is not handed new work; one whose end passed meanwhile
 * ends then), then the interactions go back into the ACD oldest place first, calls whose media died and what
 * cannot be queued are closed in the log with their reason, and wrap-ups no agent can take back (logged out)
 * are closed. Returns once everything it wrote is durable. Blocking: run it off the engine thread.
 */
public final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    /** Who the log names as the author of what recovery writes. */
    public static final String ACTOR = "recovery";

    private final RoutingPort routing;
    private final InteractionLog interactionLog;

    private final CallKeeper keeper;

    public Recovery(RoutingPort routing, InteractionLog interactionLog) {
        this(routing, interactionLog, null);
    }

    /** @param keeper the telephony that may still carry calls (null: every call is ended) */
    public Recovery(RoutingPort routing, InteractionLog interactionLog, CallKeeper keeper) {
        this.routing = routing;
        this.interactionLog = interactionLog;
        this.keeper = keeper;
    }

    public RecoveryReport apply(RecoveryPlan plan) {
        long begin = System.nanoTime();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        int agents = 0;
        int wrapUpsKept = 0;
        int wrapUpsClosed = 0;
        // The wrap-ups still open, by agent; those given back are removed from the closing below.
        Map<String, List<InteractionRecovery>> wrapUpsOf = new java.util.HashMap<>();
        java.util.Set<String> givenBack = new java.util.HashSet<>();
        for (InteractionRecovery r : plan.interactions()) {
            for (InteractionRecovery.OpenWrapUp w : r.wrapUps()) {
                wrapUpsOf.computeIfAbsent(w.agentId(), k -> new ArrayList<>()).add(r);
            }
        }
        for (AgentRecovery a : plan.agents()) {
            if (!a.loggedIn()) {
                continue;
            }
            try {
                routing.send(new RoutingCommand.SetAgentState(a.agentId(), a.target(), a.targetReason()))
                        .toCompletableFuture().join();
                agents++;
                writes.add(interactionLog.append(NewLogEvent.adminChange(null, ACTOR, "agent", a.agentId(), "restore",
                        a.target() + (a.targetReason() == null ? "" : " (" + a.targetReason() + ")") + ", was "
                                + a.lastState() + " before the restart")));
            } catch (CompletionException e) {
                log.warn("Agent {} could not get back its state {}: {}", a.agentId(), a.target(), cause(e));
                continue;
            }
            // Right after its state, before any work comes back that could be offered to the agent.
            for (InteractionRecovery r : wrapUpsOf.getOrDefault(a.agentId(), List.of())) {
                InteractionRecovery.OpenWrapUp w = r.wrapUps().stream().filter(x -> x.agentId().equals(a.agentId()))
                        .findFirst().orElseThrow();
                if (w.endsAt() == null || r.queueId() == null && w.queueId() == null || r.channel() == null) {
                    continue; // the log does not say enough to give it back: closed below
                }
                try {
                    boolean wrapping = routing.send(new RoutingCommand.RestoreWrapUp(r.toWrapUp(w), a.agentId(),
                            w.connectedAt().toEpochMilli(), w.endsAt().toEpochMilli())).toCompletableFuture().join();
                    givenBack.add(r.interactionId() + "/" + a.agentId());
                    if (wrapping) {
                        wrapUpsKept++;
                    } else {
                        wrapUpsClosed++; // its time ran out meanwhile: the engine ended it (WRAP_UP_ENDED)
                    }
                } catch (CompletionException e) {
                    log.warn("Agent {} could not get back the wrap-up of {}: {}", a.agentId(), r.interactionId(),
                            cause(e));
                }
            }
        }
        Map<Channel, List<String>> restored = new EnumMap<>(Channel.class);
        List<String> ended = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        // Calls still bridged go back to their agents first, before restored work can be offered to them.
        List<InteractionRecovery> ordered = new ArrayList<>();
        Map<String, CallKeeper.Decision> decisions = new java.util.HashMap<>();
        for (InteractionRecovery r : plan.interactions()) {
            if (r.action() == InteractionRecovery.Action.KEEP) {
                CallKeeper.Decision d = keeper == null ? CallKeeper.Decision.END : keeper.keep(r);
                decisions.put(r.interactionId(), d);
                if (d == CallKeeper.Decision.REATTACH) {
                    ordered.add(r);
                }
            }
        }
        for (InteractionRecovery r : plan.interactions()) {
            if (decisions.get(r.interactionId()) != CallKeeper.Decision.REATTACH) {
                ordered.add(r);
            }
        }
        for (InteractionRecovery r : ordered) {
            for (InteractionRecovery.OpenWrapUp w : r.wrapUps()) {
                if (givenBack.contains(r.interactionId() + "/" + w.agentId())) {
                    continue;
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("reason", InteractionRecovery.WRAP_UP_CLOSED);
                writes.add(interactionLog.append(new NewLogEvent(null, LogEventType.WRAP_UP_ENDED, r.interactionId(),
                        w.agentId(), null, null, ACTOR, d)));
                wrapUpsClosed++;
            }
            switch (r.action()) {
                case RESTORE -> {
                    try {
                        routing.send(new RoutingCommand.Restore(r.toNewInteraction(), r.enqueuedAt().toEpochMilli(),
                                r.agentId(), r.reason())).toCompletableFuture().join();
                        restored.computeIfAbsent(r.channel(), c -> new ArrayList<>()).add(r.interactionId());
                    } catch (CompletionException e) {
                        failed.add(r.interactionId());
                        writes.add(interactionLog.append(NewLogEvent.failed(null, r.interactionId(),
                                "server restarted: could not be queued again: " + cause(e))));
                    }
                }
                case END -> {
                    ended.add(r.interactionId());
                    writes.add(interactionLog.append(new NewLogEvent(null, r.answered() ? LogEventType.ENDED
                            : LogEventType.FAILED, r.interactionId(), r.agentId(), null, null, ACTOR,
                            Map.of("reason", r.reason()))));
                }
                case FAIL -> {
                    failed.add(r.interactionId());
                    writes.add(interactionLog.append(NewLogEvent.failed(null, r.interactionId(), r.reason())));
                }
                case WRAP_UP -> {
                    // given back with the agents, or closed above
                }
                case KEEP -> {
                    CallKeeper.Decision d = decisions.get(r.interactionId());
                    String refusal = null;
                    try {
                        if (d == CallKeeper.Decision.RESTORE) {
                            routing.send(new RoutingCommand.Restore(r.toNewInteraction(), r.enqueuedAt().toEpochMilli(),
                                    null, InteractionRecovery.RESTORED)).toCompletableFuture().join();
                            restored.computeIfAbsent(r.channel(), c -> new ArrayList<>()).add(r.interactionId());
                        } else if (d == CallKeeper.Decision.REATTACH) {
                            routing.send(new RoutingCommand.Reattach(r.toNewInteraction(), r.enqueuedAt().toEpochMilli(),
                                    r.agentId(), "the call stayed up on its PBX")).toCompletableFuture().join();
                            restored.computeIfAbsent(r.channel(), c -> new ArrayList<>()).add(r.interactionId());
                        }
                    } catch (CompletionException e) {
                        refusal = "server restarted: could not be taken up again: " + cause(e);
                    }
                    if (d == CallKeeper.Decision.END || refusal != null) {
                        String why = refusal != null ? refusal
                                : r.stage() == InteractionRecovery.Stage.IN_IVR || r.stage() == InteractionRecovery.Stage.NEW
                                ? InteractionRecovery.IVR_RESTARTS : InteractionRecovery.MEDIA_LOST;
                        ended.add(r.interactionId());
                        writes.add(interactionLog.append(new NewLogEvent(null, r.answered() ? LogEventType.ENDED
                                : LogEventType.FAILED, r.interactionId(), r.agentId(), null, null, ACTOR,
                                Map.of("reason", why))));
                        if (keeper != null && d != CallKeeper.Decision.END) {
                            keeper.refused(r, why);
                        }
                    } else {
                        keeper.kept(r);
                    }
                }
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        RecoveryReport report = new RecoveryReport(restored, ended, failed, wrapUpsClosed, wrapUpsKept, agents,
                (System.nanoTime() - begin) / 1_000_000);
        log.info("Recovery after restart: {}", report.figures());
        return report;
    }

    private static String cause(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage();
    }
}
