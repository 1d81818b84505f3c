package org.openucc.log;

import java.time.Instant;

/**
 * Which CDRs to read, newest arrival first. Every given criterion must hold.
 *
 * @param agentId the agent who answered
 * @param queueId the queue it was answered from or last waited in
 * @param from    inclusive arrival time; null: no lower bound
 * @param to      exclusive arrival time; null: no upper bound
 */
public record SummaryQuery(String customerId, String agentId, String queueId, Instant from, Instant to, int offset,
                           int limit) {
    public static final int MAX_LIMIT = 1000;

    public SummaryQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, not " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
        }
    }

    public static SummaryQuery forCustomer(String customerId, int limit) {
        return new SummaryQuery(customerId, null, null, null, null, 0, limit);
    }

    public static SummaryQuery forAgent(String agentId, int limit) {
        return new SummaryQuery(null, agentId, null, null, null, 0, limit);
    }

    public static SummaryQuery forQueue(String queueId, int limit) {
        return new SummaryQuery(null, null, queueId, null, null, 0, limit);
    }

    public static SummaryQuery between(Instant from, Instant to, int limit) {
        return new SummaryQuery(null, null, null, from, to, 0, limit);
    }

    public SummaryQuery page(int newOffset, int newLimit) {
        return new SummaryQuery(customerId, agentId, queueId, from, to, newOffset, newLimit);
    }
}
