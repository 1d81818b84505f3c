package org.openucc.voice;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.CustomerLeftResult;
import org.openucc.routing.RoutingPort;

/**
 * The ACD commands a voice call sends, in one place. The port runs them in the order a call's owner
 * sent them, which is what makes a hang-up that crosses an accept safe: the engine sees them in the
 * order they happened on the call.
 */
final class VoiceAcd {
    private final RoutingPort routing;

    VoiceAcd(RoutingPort routing) {
        this.routing = routing;
    }

    /** The customer is gone (or the conversation is over), whatever the interaction's state. */
    CompletionStage<CustomerLeftResult> customerLeft(String interactionId, String reason) {
        return routing.send(new RoutingCommand.CustomerLeft(interactionId, reason));
    }

    CompletionStage<Void> accept(String interactionId, String agentId) {
        return routing.send(new RoutingCommand.Accept(interactionId, agentId));
    }

    /**
     * The agent's phone did not take the call; {@code unreachable}: it has no registration either, so
     * the engine holds calls back from the agent (chats and emails go on) until the phone registers.
     */
    CompletionStage<Void> decline(String interactionId, String agentId, boolean unreachable) {
        CompletionStage<Void> declined = routing.send(new RoutingCommand.Decline(interactionId, agentId));
        if (!unreachable) {
            return declined;
        }
        CompletionStage<?> noPhone = routing.send(new RoutingCommand.PhoneReachable(agentId, false));
        return declined.thenCombine(noPhone, (a, b) -> null);
    }

    CompletionStage<Optional<InteractionView>> view(String interactionId) {
        return routing.send(new RoutingCommand.GetInteraction(interactionId));
    }
}
