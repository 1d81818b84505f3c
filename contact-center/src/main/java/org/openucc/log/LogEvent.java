package org.openucc.log;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One stored interaction-log event.
 *
 * @param id      monotonic: a later append has a larger id (the order of the log)
 * @param at      when it happened (the clock of whoever observed it)
 * @param actor   who caused it when that is a person (an agent, an admin user), may be null
 * @param details event-specific values (strings, numbers, booleans), stored as a JSON object
 */
public record LogEvent(long id, Instant at, LogEventType type, String interactionId, String agentId, String queueId,
                       String customerId, String actor, Map<String, Object> details) {
    public LogEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        details = Details.copyOf(details);
    }

    public String detail(String key) {
        Object v = details.get(key);
        return v == null ? null : String.valueOf(v);
    }

    public long detailLong(String key, long otherwise) {
        return details.get(key) instanceof Number n ? n.longValue() : otherwise;
    }
}
