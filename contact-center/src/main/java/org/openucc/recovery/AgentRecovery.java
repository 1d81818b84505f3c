package org.openucc.recovery;

import java.time.Instant;
import org.openucc.routing.AgentState;

/**
 * An agent's last state in the log and the state a restart gives back: READY stays READY, NOT_READY
 * keeps its reason; BUSY, RESERVED and WRAP_UP become READY (or NOT_READY with its reason if they went to work
 * from there), so that the work they had (restored with them as preferred agent) is offered to them again, and
 * the wrap-ups they had come back right after ({@link Recovery}); LOGGED_OUT (or nothing logged) stays out.
 *
 * @param target READY, NOT_READY or LOGGED_OUT
 */
public record AgentRecovery(String agentId, AgentState lastState, String lastReason, Instant lastAt,
                            AgentState target, String targetReason) {
    public boolean loggedIn() {
        return target != AgentState.LOGGED_OUT;
    }
}
