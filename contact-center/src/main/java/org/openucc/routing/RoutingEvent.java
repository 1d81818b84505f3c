package org.openucc.routing;

import java.util.List;
import org.openucc.config.MaxWaitAction;

/** What the engine decided or observed; past tense, emitted synchronously on the engine thread. */
public sealed interface RoutingEvent {
    long atMillis();

    /**
     * Queued (again, when {@code requeued}: after an offer ended, or restored after a restart).
     *
     * @param reason why it was queued again when that is not the usual (e.g. "recovered after restart"), else null
     */
    record InteractionQueued(long atMillis, String interactionId, String queueId, int position,
                             long estimatedWaitMillis, boolean requeued, String reason) implements RoutingEvent {
        public InteractionQueued(long atMillis, String interactionId, String queueId, int position,
                                 long estimatedWaitMillis, boolean requeued) {
            this(atMillis, interactionId, queueId, position, estimatedWaitMillis, requeued, null);
        }
    }

    record InteractionRejected(long atMillis, String interactionId, String queueId, String reason) implements RoutingEvent {
    }

    record OfferMade(long atMillis, String interactionId, String agentId, String queueId, long expiresAtMillis,
                     RoutingDecision decision) implements RoutingEvent {
    }

    record OfferEnded(long atMillis, String interactionId, String agentId, OfferOutcome outcome, String reason)
            implements RoutingEvent {
    }

    record InteractionConnected(long atMillis, String interactionId, String agentId, String queueId, long waitedMillis)
            implements RoutingEvent {
    }

    /** The conversation ended (either side); wrap-up follows. */
    record InteractionEnded(long atMillis, String interactionId, String agentId, String queueId, String reason,
                            long talkMillis) implements RoutingEvent {
    }

    /** The customer left before being answered. */
    record InteractionAbandoned(long atMillis, String interactionId, String queueId, long waitedMillis, String reason)
            implements RoutingEvent {
    }

    record WrapUpStarted(long atMillis, String interactionId, String agentId, long endsAtMillis) implements RoutingEvent {
    }

    record WrapUpEnded(long atMillis, String interactionId, String agentId) implements RoutingEvent {
    }

    record InteractionOverflowed(long atMillis, String interactionId, String queueId, int step, String requirement)
            implements RoutingEvent {
    }

    /** Waited the queue's maximum; the action is carried out by the channel (or the engine, for QUEUE). */
    record MaxWaitReached(long atMillis, String interactionId, String queueId, MaxWaitAction action,
                          String targetQueueId, long waitedMillis) implements RoutingEvent {
    }

    record InteractionTransferred(long atMillis, String interactionId, String fromQueueId, String toQueueId,
                                  String byAgentId) implements RoutingEvent {
    }

    /**
     * @param priority         the priority it ranks by now (explicit plus its tier's)
     * @param explicitPriority the explicit part that was set (what a restore gives back)
     */
    record PriorityChanged(long atMillis, String interactionId, int priority, int position, int explicitPriority)
            implements RoutingEvent {
    }

    /**
     * The agent's voice device became reachable or not (e.g. a SIP phone registered or expired):
     * while unreachable no VOICE, OUTBOUND_VOICE or CALLBACK work is offered; the agent state stays.
     */
    record AgentPhoneChanged(long atMillis, String agentId, boolean reachable) implements RoutingEvent {
    }

    record AgentStateChanged(long atMillis, String agentId, AgentState from, AgentState to, String reason)
            implements RoutingEvent {
    }

    /**
     * What an agent has now, asked for by {@link RoutingCommand.SnapshotAgent} and emitted in order with
     * the other events (to greet a console that connects).
     *
     * @param offered the interaction ringing for the agent, or null
     * @param work    the interactions in the agent's hands (connected or wrapping up)
     */
    record AgentSnapshotTaken(long atMillis, String agentId, String requestId, AgentView agent,
                              InteractionView offered, List<InteractionView> work) implements RoutingEvent {
        public AgentSnapshotTaken {
            work = List.copyOf(work);
        }
    }

    /** A channel's message for an agent's consoles ({@link RoutingCommand.RelayToAgent}); agentId null: every agent. */
    record AgentMessageRelayed(long atMillis, String agentId, String message) implements RoutingEvent {
    }
}
