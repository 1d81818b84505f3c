package org.openucc.config;

import java.util.List;
import java.util.Map;
import org.openucc.interaction.Tier;

/**
 * Routes a new mail thread: every condition given must hold (to-address, any subject keyword, the
 * sender's customer tier); the first rule that matches sets queue, skills and priority.
 */
public record EmailRule(String to, List<String> subjectKeywords, Tier tier, String queue, Map<String, Integer> skills,
                        int priority) {
    public EmailRule {
        subjectKeywords = subjectKeywords == null ? List.of() : List.copyOf(subjectKeywords);
        skills = skills == null ? Map.of() : Map.copyOf(skills);
    }
}
