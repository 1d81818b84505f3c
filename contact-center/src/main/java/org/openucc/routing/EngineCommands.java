package org.openucc.routing;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.openucc.interaction.InteractionState;
import org.openucc.routing.RoutingCommand.Accept;
import org.openucc.routing.RoutingCommand.AgentUpserted;
import org.openucc.routing.RoutingCommand.ArrivalFigures;
import org.openucc.routing.RoutingCommand.Arrive;
import org.openucc.routing.RoutingCommand.ChangePriority;
import org.openucc.routing.RoutingCommand.CompleteWrapUp;
import org.openucc.routing.RoutingCommand.CustomerLeft;
import org.openucc.routing.RoutingCommand.Decline;
import org.openucc.routing.RoutingCommand.End;
import org.openucc.routing.RoutingCommand.EstimateWait;
import org.openucc.routing.RoutingCommand.Explain;
import org.openucc.routing.RoutingCommand.GetAgent;
import org.openucc.routing.RoutingCommand.GetArrivalFigures;
import org.openucc.routing.RoutingCommand.GetInteraction;
import org.openucc.routing.RoutingCommand.GetInteractions;
import org.openucc.routing.RoutingCommand.GetQueue;
import org.openucc.routing.RoutingCommand.GetStats;
import org.openucc.routing.RoutingCommand.ListAgents;
import org.openucc.routing.RoutingCommand.ListQueues;
import org.openucc.routing.RoutingCommand.ListWaiting;
import org.openucc.routing.RoutingCommand.Login;
import org.openucc.routing.RoutingCommand.Logout;
import org.openucc.routing.RoutingCommand.NotReady;
import org.openucc.routing.RoutingCommand.Ready;
import org.openucc.routing.RoutingCommand.RelayToAgent;
import org.openucc.routing.RoutingCommand.RemoveAgent;
import org.openucc.routing.RoutingCommand.RemoveQueue;
import org.openucc.routing.RoutingCommand.SetAgentState;
import org.openucc.routing.RoutingCommand.SetSkills;
import org.openucc.routing.RoutingCommand.SnapshotAgent;
import org.openucc.routing.RoutingCommand.Transfer;
import org.openucc.routing.RoutingCommand.UpsertAgent;
import org.openucc.routing.RoutingCommand.UpsertQueue;
import org.openucc.routing.RoutingCommand.Withdraw;

/**
 * Carries out one {@link RoutingCommand} on the engine, on the engine thread. Java 17 has no pattern
 * switch, so this is one {@code instanceof} branch per command; {@code EngineCommandsTest} checks that
 * every permitted command has its branch.
 */
final class EngineCommands {
    private final RoutingEngine engine;
    /** Where events the service itself emits (snapshots, relayed messages) join the engine's. */
    private final Consumer<RoutingEvent> emit;
    private final InstantSource clock;

    EngineCommands(RoutingEngine engine, Consumer<RoutingEvent> emit, InstantSource clock) {
        this.engine = engine;
        this.emit = emit;
        this.clock = clock;
    }

    Object execute(RoutingCommand<?> command) {
        RoutingEngine e = engine;
        // interactions
        if (command instanceof Arrive c) {
            Optional<RoutingEvent.InteractionRejected> refused = e.addInteraction(c.interaction());
            return new RoutingCommand.Arrival(e.interactionView(c.interaction().id()).orElse(null),
                    refused.map(RoutingEvent.InteractionRejected::reason).orElse(null));
        }
        if (command instanceof RoutingCommand.Restore c) {
            e.restoreInteraction(c.interaction(), c.enqueuedAtMillis(), c.preferredAgentId(), c.reason());
            return e.interactionView(c.interaction().id()).orElseThrow(() -> RoutingException.notFound(
                    "interaction " + c.interaction().id() + " left the engine while it was restored"));
        }
        if (command instanceof RoutingCommand.Reattach c) {
            e.reattachInteraction(c.interaction(), c.enqueuedAtMillis(), c.agentId(), c.reason());
            return e.interactionView(c.interaction().id()).orElseThrow(() -> RoutingException.notFound(
                    "interaction " + c.interaction().id() + " left the engine while it was reattached"));
        }
        if (command instanceof RoutingCommand.RestoreWrapUp c) {
            return e.restoreWrapUp(c.interaction(), c.agentId(), c.connectedAtMillis(), c.endsAtMillis());
        }
        if (command instanceof RoutingCommand.StartWithAgent c) {
            e.startWithAgent(c.interaction(), c.agentId());
            return e.interactionView(c.interaction().id()).orElseThrow(() -> RoutingException.notFound(
                    "interaction " + c.interaction().id() + " left the engine while it started"));
        }
        if (command instanceof Withdraw c) {
            Optional<InteractionView> v = e.interactionView(c.interactionId());
            if (v.isPresent() && (v.get().state() == InteractionState.QUEUED || v.get().state() == InteractionState.OFFERED)) {
                e.end(c.interactionId(), c.reason());
            }
            return null;
        }
        if (command instanceof CustomerLeft c) {
            return e.customerLeft(c.interactionId(), c.reason());
        }
        if (command instanceof Accept c) {
            e.accept(c.interactionId(), c.agentId());
            return null;
        }
        if (command instanceof Decline c) {
            e.decline(c.interactionId(), c.agentId());
            return null;
        }
        if (command instanceof End c) {
            held(c.interactionId(), c.holder());
            e.end(c.interactionId(), c.reason());
            return null;
        }
        if (command instanceof CompleteWrapUp c) {
            e.completeWrapUp(c.interactionId(), c.agentId());
            return null;
        }
        if (command instanceof Transfer c) {
            InteractionView v = held(c.interactionId(), c.holder());
            e.transfer(c.interactionId(), c.toQueueId(), v.agentId());
            return null;
        }
        if (command instanceof ChangePriority c) {
            e.changePriority(c.interactionId(), c.priority());
            return e.interactionView(c.interactionId()).orElseThrow(() -> RoutingException.notFound(
                    "interaction " + c.interactionId() + " left the engine while its priority changed"));
        }
        // agents
        if (command instanceof Login c) {
            e.login(c.agentId(), c.ready());
            return e.agentView(c.agentId());
        }
        if (command instanceof Logout c) {
            e.logout(c.agentId());
            return e.agentView(c.agentId());
        }
        if (command instanceof Ready c) {
            e.ready(c.agentId());
            return e.agentView(c.agentId());
        }
        if (command instanceof NotReady c) {
            e.notReady(c.agentId(), c.reason());
            return e.agentView(c.agentId());
        }
        if (command instanceof RoutingCommand.PhoneReachable c) {
            if (!e.hasAgent(c.agentId())) {
                return null; // a phone account without an agent in the engine
            }
            e.phoneReachable(c.agentId(), c.reachable());
            return e.agentView(c.agentId());
        }
        if (command instanceof RoutingCommand.RequirePhoneRegistration c) {
            e.requirePhoneRegistration(c.required());
            return null;
        }
        if (command instanceof SetAgentState c) {
            return setState(c);
        }
        if (command instanceof SetSkills c) {
            e.setAgentSkills(c.agentId(), c.skillLevels());
            return e.agentView(c.agentId());
        }
        if (command instanceof UpsertAgent c) {
            String id = c.agent().id();
            boolean known = e.agentViews().stream().anyMatch(a -> a.id().equals(id));
            e.upsertAgent(c.agent());
            return new AgentUpserted(!known, e.agentView(id));
        }
        if (command instanceof RemoveAgent c) {
            e.removeAgent(c.agentId());
            return null;
        }
        if (command instanceof UpsertQueue c) {
            e.upsertQueue(c.queue());
            return e.queueView(c.queue().id());
        }
        if (command instanceof RemoveQueue c) {
            e.removeQueue(c.queueId());
            return null;
        }
        // agent streams
        if (command instanceof SnapshotAgent c) {
            emit.accept(snapshot(c));
            return null;
        }
        if (command instanceof RelayToAgent c) {
            emit.accept(new RoutingEvent.AgentMessageRelayed(Math.max(e.now, clock.millis()), c.agentId(), c.message()));
            return null;
        }
        // queries
        if (command instanceof GetInteraction c) {
            return e.interactionView(c.interactionId());
        }
        if (command instanceof GetInteractions c) {
            List<InteractionView> out = new ArrayList<>();
            c.interactionIds().forEach(id -> e.interactionView(id).ifPresent(out::add));
            return out;
        }
        if (command instanceof GetAgent c) {
            return e.agentView(c.agentId());
        }
        if (command instanceof ListAgents) {
            return e.agentViews();
        }
        if (command instanceof GetQueue c) {
            return e.queueView(c.queueId());
        }
        if (command instanceof ListQueues) {
            return e.queueViews();
        }
        if (command instanceof ListWaiting c) {
            return e.waitingInteractions(c.queueId());
        }
        if (command instanceof EstimateWait c) {
            return e.estimatedWaitForArrival(c.queueId());
        }
        if (command instanceof GetArrivalFigures c) {
            return new ArrivalFigures(e.queueView(c.queueId()).waiting(), e.estimatedWaitForArrival(c.queueId()));
        }
        if (command instanceof Explain c) {
            return e.explain(c.interactionId());
        }
        if (command instanceof GetStats) {
            return e.stats();
        }
        throw new IllegalArgumentException("no engine step for " + command.getClass().getSimpleName());
    }

    private AgentView setState(SetAgentState c) {
        RoutingEngine e = engine;
        String agentId = c.agentId();
        boolean loggedOut = e.agentView(agentId).state() == AgentState.LOGGED_OUT;
        switch (c.target()) {
            case READY -> {
                if (loggedOut) {
                    e.login(agentId, true);
                } else {
                    e.ready(agentId);
                }
            }
            case NOT_READY -> {
                if (loggedOut) {
                    e.login(agentId, false);
                }
                e.notReady(agentId, c.reason());
            }
            default -> {
                if (!loggedOut) {
                    e.logout(agentId);
                }
            }
        }
        return e.agentView(agentId);
    }

    private RoutingEvent.AgentSnapshotTaken snapshot(SnapshotAgent c) {
        RoutingEngine e = engine;
        AgentView agent = e.agentView(c.agentId());
        InteractionView offered = agent.offeredInteraction() == null ? null
                : e.interactionView(agent.offeredInteraction()).orElse(null);
        List<InteractionView> work = new ArrayList<>();
        agent.interactions().forEach(id -> e.interactionView(id).ifPresent(work::add));
        return new RoutingEvent.AgentSnapshotTaken(Math.max(e.now, clock.millis()), c.agentId(), c.requestId(), agent, offered, work);
    }

    /** The interaction, if {@code holder} (when given) has it in hand. */
    private InteractionView held(String interactionId, String holder) {
        InteractionView v = engine.interactionView(interactionId).orElseThrow(() -> RoutingException.notFound(
                "interaction " + interactionId + " is not being handled"));
        if (holder != null && !holder.equals(v.agentId())) {
            throw new RoutingException(RoutingException.Kind.NOT_HOLDER, "interaction " + interactionId
                    + " is not in agent " + holder + "'s hands");
        }
        return v;
    }
}
