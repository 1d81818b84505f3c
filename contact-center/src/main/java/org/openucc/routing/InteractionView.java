package org.openucc.routing;

import java.util.List;
import java.util.Map;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.interaction.Tier;

/**
 * An interaction the engine holds, with its place in the queue. Position 0 when not waiting.
 *
 * @param customerId the identified customer (for the screen pop), may be null
 */
public record InteractionView(String id, Channel channel, String queueId, InteractionState state, int priority,
                              Tier tier, int position, long estimatedWaitMillis, long waitedMillis, int overflowStep,
                              List<String> offeredTo, String agentId, String stickyAgentId,
                              Map<String, String> attributes, String customerId) {
}
