package org.openucc.log;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which events to read. Every given criterion must hold. Paging is by keyset: pass the previous
 * page's {@link LogPage#nextCursor()} as {@code cursor}; pages stay stable while events are appended.
 *
 * @param customerId events of the customer's interactions (those whose CDR names the customer)
 * @param types      empty means all types
 * @param from       inclusive, by event time; null: no lower bound
 * @param to         exclusive, by event time; null: no upper bound
 * @param cursor     continue after (oldest first) or before (newest first) this event id; null: from the start
 * @param descending newest first (see {@link #newestFirst()}); oldest first otherwise
 */
public record LogQuery(String interactionId, String agentId, String queueId, String customerId, Set<LogEventType> types,
                       Instant from, Instant to, Long cursor, int limit, boolean descending) {
    public static final int MAX_LIMIT = 1000;

    public LogQuery {
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
        }
    }

    public static LogQuery all() {
        return new LogQuery(null, null, null, null, null, null, null, null, 100, false);
    }

    public static LogQuery forInteraction(String interactionId) {
        return all().interaction(interactionId);
    }

    public static LogQuery forAgent(String agentId) {
        return new LogQuery(null, agentId, null, null, null, null, null, null, 100, false);
    }

    public static LogQuery forQueue(String queueId) {
        return new LogQuery(null, null, queueId, null, null, null, null, null, 100, false);
    }

    public static LogQuery forCustomer(String customerId) {
        return new LogQuery(null, null, null, customerId, null, null, null, null, 100, false);
    }

    public LogQuery interaction(String id) {
        return new LogQuery(id, agentId, queueId, customerId, types, from, to, cursor, limit, descending);
    }

    public LogQuery types(Set<LogEventType> newTypes) {
        return new LogQuery(interactionId, agentId, queueId, customerId, newTypes, from, to, cursor, limit, descending);
    }

    public LogQuery between(Instant newFrom, Instant newTo) {
        return new LogQuery(interactionId, agentId, queueId, customerId, types, newFrom, newTo, cursor, limit, descending);
    }

    public LogQuery after(Long newCursor) {
        return new LogQuery(interactionId, agentId, queueId, customerId, types, from, to, newCursor, limit, descending);
    }

    public LogQuery limit(int newLimit) {
        return new LogQuery(interactionId, agentId, queueId, customerId, types, from, to, cursor, newLimit, descending);
    }

    public LogQuery newestFirst() {
        return new LogQuery(interactionId, agentId, queueId, customerId, types, from, to, cursor, limit, true);
    }
}
