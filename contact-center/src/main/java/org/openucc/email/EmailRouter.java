package org.openucc.email;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openucc.config.EmailConfig;
import org.openucc.config.EmailRule;
import org.openucc.interaction.Tier;

/** Picks queue, skills and priority of a new mail thread: the first matching rule, else the default queue. */
final class EmailRouter {
    /** Where a new thread goes, and which rule sent it there (-1: none matched). */
    record Route(String queue, Map<String, Integer> skills, int priority, int rule) {
    }

    private final EmailConfig config;

    EmailRouter(EmailConfig config) {
        this.config = config;
    }

    Route route(InboundMail mail, Tier tier) {
        List<EmailRule> rules = config.rules();
        for (int i = 0; i < rules.size(); i++) {
            EmailRule r = rules.get(i);
            if (matches(r, mail, tier)) {
                return new Route(r.queue() != null ? r.queue() : config.queue(), r.skills(), r.priority(), i);
            }
        }
        return new Route(config.queue(), Map.of(), 0, -1);
    }

    private static boolean matches(EmailRule r, InboundMail mail, Tier tier) {
        if (r.to() != null && mail.to().stream().noneMatch(a -> a.equalsIgnoreCase(r.to()))) {
            return false;
        }
        if (!r.subjectKeywords().isEmpty()) {
            String subject = mail.subject().toLowerCase(Locale.ROOT);
            if (r.subjectKeywords().stream().noneMatch(k -> subject.contains(k.toLowerCase(Locale.ROOT)))) {
                return false;
            }
        }
        return r.tier() == null || r.tier() == tier;
    }
}
