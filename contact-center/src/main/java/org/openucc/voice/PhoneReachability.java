package org.openucc.voice;

import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.RoutingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Agent state follows the phone: unregistered means NOT_READY ("phone-unregistered"); registering again restores READY. */
final class PhoneReachability {
    private static final Logger log = LoggerFactory.getLogger(PhoneReachability.class);

    private final RoutingService routing;

    PhoneReachability(RoutingService routing) {
        this.routing = routing;
    }

    void changed(String agentId, boolean reachable) {
        routing.run(e -> {
            AgentView v;
            try {
                v = e.agentView(agentId);
            } catch (RuntimeException unknown) {
                return; // a phone account without an agent in the engine
            }
            if (v == null || v.state() == AgentState.LOGGED_OUT) {
                return;
            }
            if (!reachable && v.state() != AgentState.NOT_READY) {
                e.notReady(agentId, VoiceQueueFlow.PHONE_UNREGISTERED);
            } else if (reachable && v.state() == AgentState.NOT_READY
                    && VoiceQueueFlow.PHONE_UNREGISTERED.equals(v.reason())) {
                e.ready(agentId);
            }
        }).exceptionally(x -> {
            log.info("reachability of {}: {}", agentId, VoiceQueueFlow.cause(x).getMessage());
            return null;
        });
    }
}
