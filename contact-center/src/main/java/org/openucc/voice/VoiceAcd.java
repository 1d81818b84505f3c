package org.openucc.voice;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingEngine;
import org.openucc.routing.RoutingService;

/**
 * The ACD commands a voice call sends, in one place. Every command runs on the engine's thread in
 * the order a call's owner sent them, which is what makes a hang-up that crosses an accept safe: the
 * engine sees them in the order they happened on the call.
 */
final class VoiceAcd {
    private final RoutingService routing;

    VoiceAcd(RoutingService routing) {
        this.routing = routing;
    }

    /** The customer is gone (or the conversation is over), whatever the interaction's state. */
    CompletionStage<RoutingEngine.CustomerLeftResult> customerLeft(String interactionId, String reason) {
        return routing.call(e -> e.customerLeft(interactionId, reason));
    }

    CompletionStage<Void> accept(String interactionId, String agentId) {
        return routing.run(e -> e.accept(interactionId, agentId));
    }

    /** The agent's phone did not take the call; {@code unreachable}: it has no registration either. */
    CompletionStage<Void> decline(String interactionId, String agentId, boolean unreachable) {
        return routing.run(e -> {
            e.decline(interactionId, agentId);
            if (unreachable) {
                e.notReady(agentId, VoiceQueueFlow.PHONE_UNREGISTERED);
            }
        });
    }

    CompletionStage<Optional<InteractionView>> view(String interactionId) {
        return routing.call(e -> e.interactionView(interactionId));
    }
}
