package org.openucc.log;

import java.time.Instant;

/**
 * The CDR of one interaction, derived from its events: where and when it arrived, who answered,
 * how long each phase took, and how it ended. Times are null until the phase happened; durations
 * are 0 until then.
 *
 * @param queueId     the queue it was answered from (or the last one it waited in)
 * @param agentId     the agent who answered it
 * @param arrivedAt   its first event
 * @param queuedAt    when it first entered a queue
 * @param answeredAt  when an agent was connected
 * @param endedAt     when the conversation ended (or it was abandoned, rejected, failed)
 * @param waitMillis  queued (or arrived) to answered, or to abandoned
 * @param talkMillis  answered to ended, less hold time
 * @param offers      how many times it was offered to an agent
 * @param transfers   how many times it moved to another queue
 * @param endCause    the reason given for the end (hang-up cause, abandon reason)
 * @param lastEventId the newest event folded when the CDR last changed; events that only add to the timeline (IVR
 *                    steps, chat messages, monitoring) leave the stored CDR, and this id, as they were
 */
public record InteractionSummary(
        String interactionId,
        String channel,
        String direction,
        String customerId,
        String queueId,
        String agentId,
        Instant arrivedAt,
        Instant queuedAt,
        Instant answeredAt,
        Instant endedAt,
        long waitMillis,
        long talkMillis,
        long holdMillis,
        long wrapUpMillis,
        int offers,
        int transfers,
        InteractionOutcome outcome,
        String endCause,
        String disposition,
        String recordingPath,
        long lastEventId) {

    /** Handle time (talk + hold + wrap-up), what AHT averages. */
    public long handleMillis() {
        return talkMillis + holdMillis + wrapUpMillis;
    }
}
