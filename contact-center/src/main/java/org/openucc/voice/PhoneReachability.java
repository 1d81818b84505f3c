package org.openucc.voice;

import org.openucc.routing.RoutingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the ACD when an agent's phone registers or goes away: the engine then offers or holds back
 * calls (VOICE, OUTBOUND_VOICE, CALLBACK) while the agent's state stays as the agent set it, so an
 * agent without a phone can still be READY for chats and emails.
 */
final class PhoneReachability {
    private static final Logger log = LoggerFactory.getLogger(PhoneReachability.class);

    private final RoutingService routing;

    PhoneReachability(RoutingService routing) {
        this.routing = routing;
    }

    void changed(String agentId, boolean reachable) {
        routing.run(e -> {
            try {
                e.agentView(agentId);
            } catch (RuntimeException unknown) {
                return; // a phone account without an agent in the engine
            }
            e.phoneReachable(agentId, reachable);
        }).exceptionally(x -> {
            log.info("reachability of {}: {}", agentId, VoiceQueueFlow.cause(x).getMessage());
            return null;
        });
    }
}
