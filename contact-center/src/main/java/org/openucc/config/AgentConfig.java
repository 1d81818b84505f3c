package org.openucc.config;

import java.util.Map;
import org.openucc.interaction.Channel;

/**
 * An agent: skills with levels 1..10 and how many interactions of each channel they handle at once.
 *
 * @param capacity per channel; a channel missing here is one the agent does not handle
 */
public record AgentConfig(String id, String name, Map<String, Integer> skills, Map<Channel, Integer> capacity) {
    public static final Map<Channel, Integer> DEFAULT_CAPACITY =
            Map.of(Channel.VOICE, 1, Channel.CALLBACK, 1, Channel.OUTBOUND_VOICE, 1, Channel.CHAT, 3, Channel.EMAIL, 5);

    public AgentConfig {
        name = name == null ? id : name;
        skills = skills == null ? Map.of() : Map.copyOf(skills);
        capacity = capacity == null || capacity.isEmpty() ? DEFAULT_CAPACITY : Map.copyOf(capacity);
    }
}
