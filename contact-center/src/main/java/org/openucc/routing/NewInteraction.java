package org.openucc.routing;

import java.util.Map;
import java.util.Objects;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;

/**
 * An interaction handed to the engine to be queued.
 *
 * @param skills           skills needed beyond the queue's own (e.g. a language), name to minimum level
 * @param priority         explicit priority, added to the tier's priority in this queue
 * @param customerId       the identified customer (sticky routing), may be null
 * @param preferredAgentId an agent to try first for the queue's sticky window (overrides the
 *                         engine's memory of the customer's last agent), may be null
 * @param attributes       context collected on the way (IVR digits, web page), passed through
 */
public record NewInteraction(String id, Channel channel, String queueId, Map<String, Integer> skills, int priority,
                             Tier tier, String customerId, String preferredAgentId, Map<String, String> attributes) {
    public NewInteraction {
        Objects.requireNonNull(id, "interaction id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(queueId, "queue id");
        skills = skills == null ? Map.of() : Map.copyOf(skills);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static NewInteraction of(String id, Channel channel, String queueId) {
        return new NewInteraction(id, channel, queueId, Map.of(), 0, null, null, null, Map.of());
    }
}
