package org.openucc.routing;

import static org.openucc.routing.AgentState.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.openucc.interaction.IllegalTransitionException;

/**
 * The legal moves of an agent's displayed state. Agents with capacity above one (chats, emails)
 * can be offered more work while busy or wrapping up, hence BUSY → RESERVED and WRAP_UP → RESERVED.
 * READY → WRAP_UP only when a recovery gives an agent back the wrap-up it had.
 */
public final class AgentStateMachine {
    private static final Map<AgentState, Set<AgentState>> LEGAL = new EnumMap<>(AgentState.class);

    static {
        LEGAL.put(LOGGED_OUT, EnumSet.of(NOT_READY, READY));
        LEGAL.put(NOT_READY, EnumSet.of(READY, LOGGED_OUT, BUSY, WRAP_UP));
        // READY -> WRAP_UP: a wrap-up given back after a restart or a failover (the agent's availability comes back first).
        LEGAL.put(READY, EnumSet.of(NOT_READY, RESERVED, LOGGED_OUT, BUSY, WRAP_UP));
        LEGAL.put(RESERVED, EnumSet.of(READY, NOT_READY, BUSY, WRAP_UP, LOGGED_OUT));
        LEGAL.put(BUSY, EnumSet.of(WRAP_UP, READY, NOT_READY, RESERVED, LOGGED_OUT));
        LEGAL.put(WRAP_UP, EnumSet.of(READY, NOT_READY, RESERVED, BUSY, LOGGED_OUT));
    }

    private AgentStateMachine() {
    }

    public static boolean isLegal(AgentState from, AgentState to) {
        return LEGAL.get(from).contains(to);
    }

    public static AgentState move(String agentId, AgentState from, AgentState to, String cause) {
        if (from != to && !isLegal(from, to)) {
            throw new IllegalTransitionException("agent " + agentId, from, to, cause);
        }
        return to;
    }
}
