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

    /**
     * How far the sums follow the log, and under which settings they were made: every event up to
     * {@code lastEventId} is in them except the {@link #gaps()}. {@code revision} grows with each commit.
     */
    record Progress(long lastEventId, String fingerprint, long revision) {
    }

    /** An id below the progress that was not committed when the aggregator passed it, and since when. */
    record Gap(long eventId, Instant seenAt) {
    }

    /**
     * What one commit moves: the progress to {@code lastEventId}, the gaps opened and closed (an event that came,
     * or one given up), on the condition that the stored revision is still {@code fromRevision}.
     */
    record Step(long fromRevision, long lastEventId, Collection<Gap> opened, Collection<Long> closed) {
    }

    /** Another aggregator committed since this one read the progress: nothing was written. */
    final class ConflictException extends RuntimeException {
        public ConflictException(String message) {
            super(message);
        }
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

    /** The ids below the progress not folded yet (stored with it). */
    List<Gap> gaps();

    /**
     * Forgets every sum, contact and gap: they are rebuilt from the start of the log under {@code fingerprint}.
     * Returns the new progress (its revision moves on, so an aggregator that read the old one cannot commit).
     */
    Progress reset(String fingerprint);

    /** Events after {@code afterId} in log order, at most {@code limit}. */
    List<LogEvent> eventsAfter(long afterId, int limit);

    /** The events of the stored {@link #gaps()} that are committed now, in log order. */
    List<LogEvent> gapEvents();

    /** One interaction's events up to {@code upToId}, in log order. */
    List<LogEvent> timeline(String interactionId, long upToId);

    /** Each agent's last state change up to {@code upToId} that is in the sums (not a stored gap): where they stood. */
    List<LogEvent> lastAgentStates(long upToId);

    /**
     * An agent's state changes next to event {@code id}: before it (newest first) or after it (oldest first), at
     * most {@code limit}.
     */
    List<LogEvent> agentStateChanges(String agentId, long id, boolean before, int limit);

    Optional<ContactRow> contact(String interactionId);

    /** The customer's latest contact with the queue that arrived before {@code before}. */
    Optional<ContactRow> previousContact(String customerId, String queueId, Instant before);

    /** The customer's earliest contact with the queue that arrived after {@code after}. */
    Optional<ContactRow> nextContact(String customerId, String queueId, Instant after);

    /**
     * Adds the deltas to the sums, writes the contacts and records the progress and its gaps, all or nothing.
     * Returns the new revision.
     *
     * @throws ConflictException when the stored revision is no longer {@code step.fromRevision()} (nothing written)
     */
    long commit(Map<BucketKey, long[]> deltas, Collection<ContactRow> contacts, Step step);

    /** The sums of one grouping with start in [from, to). */
    List<BucketRow> buckets(Granularity granularity, Dimension dimension, Instant from, Instant to);
}
