package org.openucc.routing;

import java.util.List;
import java.util.Map;
import org.openucc.interaction.Channel;

/**
 * An agent as supervisors and the API see it.
 *
 * @param phoneReachable whether the agent's phone can be rung: when false no VOICE, OUTBOUND_VOICE
 *                       or CALLBACK work is offered (no phone registered), whatever the state
 */
public record AgentView(String id, String name, AgentState state, String reason, long stateSinceMillis,
                        Map<String, Integer> skills, Map<Channel, Integer> capacity, Map<Channel, Integer> load,
                        List<String> interactions, String offeredInteraction, int handled, long busyMillis,
                        int missedInARow, boolean phoneReachable) {
}
