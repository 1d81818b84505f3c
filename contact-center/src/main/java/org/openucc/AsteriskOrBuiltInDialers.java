package org.openucc;

import java.util.function.Supplier;
import org.openucc.voice.AgentDialers;
import org.openucc.voice.VoiceDialer;

/**
 * Agent-first calls on the telephony that carries the agent's phone: Asterisk's voice flow for agents whose
 * devices are on Asterisk (the customer reached over {@code asterisk.outbound}), the built-in stack for the rest.
 * An Asterisk agent is never handed to the built-in stack, which could not ring their phone: without
 * {@code asterisk.outbound}, or while the adapter is not running, their calls are refused with the reason.
 */
final class AsteriskOrBuiltInDialers implements AgentDialers {
    private final AgentDialers builtIn;
    private final AsteriskComponent asterisk;

    AsteriskOrBuiltInDialers(Supplier<VoiceDialer> builtIn, AsteriskComponent asterisk) {
        this.builtIn = AgentDialers.builtIn(builtIn);
        this.asterisk = asterisk;
    }

    @Override
    public Route forAgent(String agentId) {
        if (asterisk == null || !asterisk.carriesAgent(agentId)) {
            return builtIn.forAgent(agentId);
        }
        VoiceDialer flow = asterisk.flow();
        if (flow == null) {
            return Route.refused("agent " + agentId + "'s phone is on Asterisk, and the Asterisk adapter is not running");
        }
        if (!asterisk.dialsNumbers()) {
            return Route.refused("agent " + agentId + "'s phone is on Asterisk, which has no outbound trunk configured"
                    + " (asterisk.outbound.channel): calls to numbers cannot be placed for this agent");
        }
        return Route.numbers(flow);
    }
}
