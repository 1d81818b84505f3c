package org.openucc.config;

import java.util.Map;

/**
 * One choice of the chat widget's pre-chat form.
 *
 * @param skills skills the chat needs beyond its queue's (e.g. a language), may be empty
 */
public record ChatTopic(String id, String label, String queue, Map<String, Integer> skills) {
    public ChatTopic {
        label = label == null ? id : label;
        skills = skills == null ? Map.of() : Map.copyOf(skills);
    }
}
