package org.openucc.outbound.dialer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A preview campaign's stored list as the {@link PreviewDesk} sees it (blocking: called off the desk's lock,
 * on workers): the next record to show an agent, its outcome after the agent dialled or skipped it, and a
 * record handed back with no call placed (not counted as an attempt).
 */
public interface PreviewList {
    /** One record taken (DIALING) for an agent to look at. */
    record PreviewRecord(String recordId, String phone, String name, String customerId, Map<String, String> fields,
                         int attempt) {
        public PreviewRecord {
            fields = fields == null ? Map.of() : Map.copyOf(fields);
        }
    }

    /** Up to {@code max} records due now, each taken so no other agent gets it. */
    List<PreviewRecord> next(String campaignId, Instant now, int max);

    /** The attempt's outcome (a dialer outcome, SKIPPED or the agent's disposition); {@code retryAt}: a callback. */
    void outcome(String recordId, String outcome, String detail, Instant now, Instant retryAt);

    /** Back to the list without counting the attempt, due at {@code dueAt} (now when null). */
    void release(String recordId, String outcome, String detail, Instant now, Instant dueAt);

    /** The agent who scheduled a callback on the record, stored with it (null: none). */
    String callbackAgent(String recordId);

    /** Stores (null: clears) the agent a record's callback belongs to, so it outlives a restart. */
    void callbackAgent(String recordId, String agentId);
}
