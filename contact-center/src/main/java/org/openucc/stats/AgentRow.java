package org.openucc.stats;

import java.time.Instant;
import java.util.List;
import org.openucc.routing.AgentState;

/**
 * One line of the supervisor's agent grid.
 *
 * @param timeInStateMillis  at {@code at}; clients count on from {@code stateSince}
 * @param interactions       the interactions in hand (connected or in wrap-up)
 * @param offeredInteraction the interaction ringing now, or null
 * @param handledToday       handlings finished (wrap-up done) of interactions that entered a queue today
 */
public record AgentRow(String agentId, String name, AgentState state, String reason, Instant stateSince,
                       long timeInStateMillis, List<String> interactions, String offeredInteraction, int handledToday,
                       Instant at) {
}
