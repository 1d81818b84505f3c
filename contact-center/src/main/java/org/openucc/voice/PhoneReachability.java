package org.openucc.voice;

import org.openucc.routing.AgentState;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Agent state follows the phone: unregistered means NOT_READY ("phone-unregistered"); registering again restores READY. */
final class PhoneReachability {
    private static final Logger log = LoggerFactory.getLogger(PhoneReachability.class);

    private final RoutingPort routing;

    PhoneReachability(RoutingPort routing) {
        this.routing = routing;
    }

    void changed(String agentId, boolean reachable) {
        routing.send(new RoutingCommand.GetAgent(agentId)).thenCompose(v -> {
            if (v == null || v.state() == AgentState.LOGGED_OUT) {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
            if (!reachable && v.state() != AgentState.NOT_READY) {
                return routing.send(new RoutingCommand.NotReady(agentId, VoiceQueueFlow.PHONE_UNREGISTERED));
            } else if (reachable && v.state() == AgentState.NOT_READY
                    && VoiceQueueFlow.PHONE_UNREGISTERED.equals(v.reason())) {
                return routing.send(new RoutingCommand.Ready(agentId));
            }
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }).exceptionally(x -> {
            log.info("reachability of {}: {}", agentId, VoiceQueueFlow.cause(x).getMessage());
            return null;
        });
    }
}
