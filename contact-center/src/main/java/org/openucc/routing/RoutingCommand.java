package org.openucc.routing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;

/**
 * What the rest of the server asks of the ACD through the {@link RoutingPort}: imperative commands and
 * queries, each a record of ids and values (no references into the engine, no code), so it can cross a
 * thread, a process or a cluster alike. {@code R} is the type of the answer.
 *
 * <p>Commands that act on an interaction on behalf of someone carry {@code holder}: the agent who must
 * have the interaction in hand for the command to go ahead (else it fails with
 * {@link RoutingException.Kind#NOT_HOLDER}), or null when anyone may (a supervisor, a channel).
 */
public sealed interface RoutingCommand<R> {

    // ------------------------------------------------------------------ interactions

    /** An interaction arrives to be queued. Answers where it is now, or why its queue refused it. */
    record Arrive(NewInteraction interaction) implements RoutingCommand<Arrival> {
        public Arrive {
            Objects.requireNonNull(interaction, "interaction");
        }
    }

    /**
     * Where an arrival is: {@code view} once queued (or already offered); null with {@code refusal}
     * (e.g. "closed: outside business hours of …", "queue full") when its queue refused it.
     */
    record Arrival(InteractionView view, String refusal) {
        public Optional<InteractionView> placed() {
            return Optional.ofNullable(view);
        }
    }

    /**
     * Puts an interaction that was waiting, ringing or in hand before a restart back in its queue at its
     * original place: as if queued at {@code enqueuedAtMillis} (waited time, service level, overflow and
     * aging count from then), ahead of new arrivals of the same rank. Logged as QUEUED, requeued, with
     * {@code reason}. Answers where it is now.
     *
     * @param preferredAgentId the agent who had it in hand, offered it first (queue's sticky window); may be null
     */
    record Restore(NewInteraction interaction, long enqueuedAtMillis, String preferredAgentId, String reason)
            implements RoutingCommand<InteractionView> {
        public Restore {
            Objects.requireNonNull(interaction, "interaction");
            reason = reason == null ? "recovered after restart" : reason;
        }

        public Restore(NewInteraction interaction, long enqueuedAtMillis, String preferredAgentId) {
            this(interaction, enqueuedAtMillis, preferredAgentId, null);
        }
    }

    /**
     * A conversation that outlived a restart goes back into its agent's hands (a call the PBX kept
     * bridged): restored at its place, offered to and accepted by that agent at once.
     */
    record Reattach(NewInteraction interaction, long enqueuedAtMillis, String agentId, String reason)
            implements RoutingCommand<InteractionView> {
        public Reattach {
            Objects.requireNonNull(interaction, "interaction");
            Objects.requireNonNull(agentId, "agentId");
            reason = reason == null ? "reattached after restart" : reason;
        }
    }

    /**
     * Gives an agent back a wrap-up that was open before a restart (or on an engine owner that died): the agent, logged
     * in with its availability already restored, wraps the interaction up again until {@code endsAtMillis}, holding a
     * slot of the channel as any wrap-up does; one whose end passed meanwhile ends at once, as its timer would have.
     * Answers whether the agent is wrapping up now. Fails with CONFLICT when the agent is logged out, already has the
     * interaction, or has no room for the channel.
     *
     * @param connectedAtMillis when the agent took the interaction (its handle time counts from then)
     */
    record RestoreWrapUp(NewInteraction interaction, String agentId, long connectedAtMillis, long endsAtMillis)
            implements RoutingCommand<Boolean> {
        public RestoreWrapUp {
            Objects.requireNonNull(interaction, "interaction");
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /**
     * An interaction the agent starts (a dial-out): in its queue for the reports, the agent's at once
     * (READY or NOT_READY, with room for the channel), offered to no one else. Answers it, CONNECTED;
     * fails with CONFLICT when the agent cannot take it now, saying why.
     */
    record StartWithAgent(NewInteraction interaction, String agentId) implements RoutingCommand<InteractionView> {
        public StartWithAgent {
            Objects.requireNonNull(interaction, "interaction");
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /** The channel takes a waiting or ringing interaction back (abandoned); one that was answered or is gone is left alone. */
    record Withdraw(String interactionId, String reason) implements RoutingCommand<Void> {
    }

    /** The customer is gone, whatever the interaction's state; safe to send more than once. */
    record CustomerLeft(String interactionId, String reason) implements RoutingCommand<CustomerLeftResult> {
    }

    record Accept(String interactionId, String agentId) implements RoutingCommand<Void> {
    }

    record Decline(String interactionId, String agentId) implements RoutingCommand<Void> {
    }

    /** The conversation is over (a waiting or ringing one is abandoned). */
    record End(String interactionId, String reason, String holder) implements RoutingCommand<Void> {
        /** Ends it whoever holds it. */
        public End(String interactionId, String reason) {
            this(interactionId, reason, null);
        }
    }

    /** The agent finished after-contact work early. */
    record CompleteWrapUp(String interactionId, String agentId) implements RoutingCommand<Void> {
    }

    /** Moves the interaction to another queue, on behalf of the agent who holds it (if any). */
    record Transfer(String interactionId, String toQueueId, String holder) implements RoutingCommand<Void> {
    }

    /** Changes the explicit priority; answers the interaction as it is afterwards. */
    record ChangePriority(String interactionId, int priority) implements RoutingCommand<InteractionView> {
    }

    // ------------------------------------------------------------------ agents

    record Login(String agentId, boolean ready) implements RoutingCommand<AgentView> {
    }

    record Logout(String agentId) implements RoutingCommand<AgentView> {
    }

    record Ready(String agentId) implements RoutingCommand<AgentView> {
    }

    record NotReady(String agentId, String reason) implements RoutingCommand<AgentView> {
    }

    /**
     * The agent's phone registered or went away: while unreachable the agent keeps its state but is
     * offered no calls. Answers the agent, or null for a phone account without an agent.
     */
    record PhoneReachable(String agentId, boolean reachable) implements RoutingCommand<AgentView> {
    }

    /** Whether agents need a registered phone to be offered calls (the telephony knows registrations). */
    record RequirePhoneRegistration(boolean required) implements RoutingCommand<Void> {
    }

    /**
     * Brings the agent to READY, NOT_READY (with a reason) or LOGGED_OUT in one step, logging in first
     * when needed (a logged-out agent set NOT_READY logs in not ready); answers the agent afterwards.
     */
    record SetAgentState(String agentId, AgentState target, String reason) implements RoutingCommand<AgentView> {
        public SetAgentState {
            if (target != AgentState.READY && target != AgentState.NOT_READY && target != AgentState.LOGGED_OUT) {
                throw new IllegalArgumentException("an agent can be set READY, NOT_READY or LOGGED_OUT, not " + target);
            }
        }
    }

    record SetSkills(String agentId, Map<String, Integer> skillLevels) implements RoutingCommand<AgentView> {
        public SetSkills {
            skillLevels = Map.copyOf(skillLevels);
        }
    }

    /** Adds or changes an agent (admin). */
    record UpsertAgent(AgentConfig agent) implements RoutingCommand<AgentUpserted> {
    }

    /** An agent after {@link UpsertAgent}, and whether it was new. */
    record AgentUpserted(boolean created, AgentView agent) {
    }

    record RemoveAgent(String agentId) implements RoutingCommand<Void> {
    }

    /** Adds or changes a queue (admin); answers its figures. */
    record UpsertQueue(QueueConfig queue) implements RoutingCommand<QueueView> {
    }

    record RemoveQueue(String queueId) implements RoutingCommand<Void> {
    }

    // ------------------------------------------------------------------ agent streams

    /**
     * Emits {@link RoutingEvent.AgentSnapshotTaken} with the agent's state, ringing offer and work in
     * hand, in order with the other events: a console greeted from it misses and repeats nothing.
     *
     * @param requestId chosen by the sender to recognise its snapshot
     */
    record SnapshotAgent(String agentId, String requestId) implements RoutingCommand<Void> {
    }

    /**
     * Emits {@link RoutingEvent.AgentMessageRelayed}: a channel's message for an agent's consoles (a chat
     * line, a bulletin), carried in order with the routing events to wherever those consoles are.
     *
     * @param agentId null for every agent
     */
    record RelayToAgent(String agentId, String message) implements RoutingCommand<Void> {
        public RelayToAgent {
            Objects.requireNonNull(message, "message");
        }
    }

    // ------------------------------------------------------------------ queries

    /** The interaction while the engine holds it (waiting, ringing, connected or wrapping up). */
    record GetInteraction(String interactionId) implements RoutingCommand<Optional<InteractionView>> {
    }

    /** Those of these interactions the engine still holds, in the order asked. */
    record GetInteractions(List<String> interactionIds) implements RoutingCommand<List<InteractionView>> {
        public GetInteractions {
            interactionIds = List.copyOf(interactionIds);
        }
    }

    record GetAgent(String agentId) implements RoutingCommand<AgentView> {
    }

    record ListAgents() implements RoutingCommand<List<AgentView>> {
    }

    record GetQueue(String queueId) implements RoutingCommand<QueueView> {
    }

    record ListQueues() implements RoutingCommand<List<QueueView>> {
    }

    /** The interactions waiting or ringing in the queue, in queue order. */
    record ListWaiting(String queueId) implements RoutingCommand<List<InteractionView>> {
    }

    /** What an interaction arriving in the queue now would wait, in milliseconds. */
    record EstimateWait(String queueId) implements RoutingCommand<Long> {
    }

    /** How many wait in the queue and what one arriving now would wait, read in one step. */
    record GetArrivalFigures(String queueId) implements RoutingCommand<ArrivalFigures> {
    }

    /** The answer to {@link GetArrivalFigures}. */
    record ArrivalFigures(int waiting, long estimatedWaitMillis) {
    }

    /** Every agent and why it can or cannot take the interaction (scans all agents: on request only). */
    record Explain(String interactionId) implements RoutingCommand<Explanation> {
    }

    record GetStats() implements RoutingCommand<RoutingEngine.EngineStats> {
    }
}
