package org.openucc.reports;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openucc.log.LogEvent;

/**
 * Where the reports' sums are kept and the log is read for them: the port the store implements.
 * {@link #commit} writes a set of changes to the sums, the contacts and the progress in one
 * transaction, so the sums always match the log up to {@link Progress#lastEventId()}.
 */
public interface ReportStore {

    /** How far the sums follow the log, and under which settings they were made. */
    record Progress(long lastEventId, String fingerprint) {
    }

    /** One row of sums: a 15-minute interval, a local hour or a local day (its start), and a group. */
    record BucketKey(Granularity granularity, Instant start, Dimension dimension, String key) {
    }

    /** An interaction as a contact of a customer with a queue (first-contact resolution). */
    record ContactRow(String interactionId, String customerId, String queueId, Instant arrivedAt, boolean repeated) {
        ContactRow repeat() {
            return new ContactRow(interactionId, customerId, queueId, arrivedAt, true);
        }
    }

    /** Sums of one group in one interval, indexed by {@link Measure#ordinal()}. */
    record BucketRow(Instant start, String key, long[] m) {
    }

    Optional<Progress> progress();

    /** Forgets every sum and contact: they are rebuilt from the start of the log under {@code fingerprint}. */
    void reset(String fingerprint);

    /** Events after {@code afterId} in log order, at most {@code limit}. */
    List<LogEvent> eventsAfter(long afterId, int limit);

    /** One interaction's events before {@code beforeId}, in log order. */
    List<LogEvent> timeline(String interactionId, long beforeId);

    /** Each agent's last state change up to {@code upToId} (where they stood then). */
    List<LogEvent> lastAgentStates(long upToId);

    Optional<ContactRow> contact(String interactionId);

    /** The customer's latest contact with the queue that arrived before {@code before}. */
    Optional<ContactRow> previousContact(String customerId, String queueId, Instant before);

    /** The customer's earliest contact with the queue that arrived after {@code after}. */
    Optional<ContactRow> nextContact(String customerId, String queueId, Instant after);

    /** Adds the deltas to the sums, writes the contacts and records the progress, all or nothing. */
    void commit(Map<BucketKey, long[]> deltas, Collection<ContactRow> contacts, long lastEventId);

    /** The sums of one grouping with start in [from, to). */
    List<BucketRow> buckets(Granularity granularity, Dimension dimension, Instant from, Instant to);
}
