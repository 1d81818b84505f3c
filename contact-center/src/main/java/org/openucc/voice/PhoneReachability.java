package org.openucc.voice;

import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the ACD when an agent's phone registers or goes away: the engine then offers or holds back
 * calls (VOICE, OUTBOUND_VOICE, CALLBACK) while the agent's state stays as the agent set it, so an
 * agent without a phone can still be READY for chats and emails.
 */
final class PhoneReachability {
    private static final Logger log = LoggerFactory.getLogger(PhoneReachability.class);

    private final RoutingPort routing;

    PhoneReachability(RoutingPort routing) {
        this.routing = routing;
    }

    void changed(String agentId, boolean reachable) {
        routing.send(new RoutingCommand.PhoneReachable(agentId, reachable)).exceptionally(x -> {
            log.info("reachability of {}: {}", agentId, VoiceQueueFlow.cause(x).getMessage());
            return null;
        });
    }
}
