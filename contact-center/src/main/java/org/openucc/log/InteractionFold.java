package org.openucc.log;

import java.time.Duration;
import java.time.Instant;

/**
 * Derives an interaction's CDR from its events, one event at a time, in log order. Pure: the log
 * adapter runs it in the same transaction that appends the events, so the CDR is never behind the
 * events it summarizes. Tolerates events from different observers arriving slightly out of time
 * order (arrival is the earliest event, whatever its position).
 */
public final class InteractionFold {
    private String interactionId;
    private String channel;
    private String direction;
    private String customerId;
    private String queueId;
    private String agentId;
    private Instant arrivedAt;
    private Instant queuedAt;
    private Instant answeredAt;
    private Instant endedAt;
    private long waitMillis;
    private long talkMillis;
    private long holdMillis;
    private long wrapUpMillis;
    private int offers;
    private int transfers;
    private InteractionOutcome outcome;
    private String endCause;
    private String disposition;
    private String recordingPath;
    private long lastEventId;
    private Instant holdStartedAt;
    private Instant wrapUpStartedAt;

    public InteractionFold(SummaryState state) {
        InteractionSummary s = state.summary();
        interactionId = s.interactionId();
        channel = s.channel();
        direction = s.direction();
        customerId = s.customerId();
        queueId = s.queueId();
        agentId = s.agentId();
        arrivedAt = s.arrivedAt();
        queuedAt = s.queuedAt();
        answeredAt = s.answeredAt();
        endedAt = s.endedAt();
        waitMillis = s.waitMillis();
        talkMillis = s.talkMillis();
        holdMillis = s.holdMillis();
        wrapUpMillis = s.wrapUpMillis();
        offers = s.offers();
        transfers = s.transfers();
        outcome = s.outcome();
        endCause = s.endCause();
        disposition = s.disposition();
        recordingPath = s.recordingPath();
        lastEventId = s.lastEventId();
        holdStartedAt = state.holdStartedAt();
        wrapUpStartedAt = state.wrapUpStartedAt();
    }

    public InteractionFold apply(LogEvent e) {
        if (!interactionId.equals(e.interactionId())) {
            throw new IllegalArgumentException("event " + e.id() + " belongs to interaction " + e.interactionId()
                    + ", not " + interactionId);
        }
        // Each stored event is folded once, in the transaction that stores it (a retried batch rolls back its fold
        // with its events). Ids are not folded in order: in a cluster, several nodes' writers take ids from one
        // sequence and commit in any order, so a lower id can come after a higher one.
        lastEventId = Math.max(lastEventId, e.id());
        Instant at = e.at();
        if (arrivedAt == null || at.isBefore(arrivedAt)) {
            arrivedAt = at;
        }
        if (e.customerId() != null) {
            customerId = e.customerId();
        }
        switch (e.type()) {
            case INTERACTION_CREATED -> {
                channel = e.detail("channel");
                direction = e.detail("direction");
                queueId = e.queueId() != null ? e.queueId() : queueId;
            }
            case QUEUED -> {
                queueId = e.queueId();
                endedAt = null; // waiting again (after a transfer): not over until it ends in this queue
                if (queuedAt == null) {
                    queuedAt = at;
                }
            }
            case OFFERED -> offers++;
            case CONNECTED -> {
                if (answeredAt == null) {
                    answeredAt = at;
                    waitMillis = between(queuedAt != null ? queuedAt : arrivedAt, at);
                }
                agentId = e.agentId();
                queueId = e.queueId() != null ? e.queueId() : queueId;
                outcome = InteractionOutcome.ANSWERED;
            }
            case HELD -> holdStartedAt = holdStartedAt == null ? at : holdStartedAt;
            case RESUMED -> endHold(at);
            case TRANSFERRED -> {
                transfers++;
                String to = e.detail("toQueueId");
                queueId = to != null ? to : queueId;
            }
            case ENDED -> {
                endHold(at);
                endedAt = at;
                endCause = firstNonNull(e.detail("cause"), e.detail("reason"), endCause);
                if (answeredAt != null) {
                    talkMillis = Math.max(0, between(answeredAt, at) - holdMillis);
                } else if (outcome == InteractionOutcome.IN_PROGRESS) {
                    outcome = queuedAt == null ? InteractionOutcome.SELF_SERVICE : InteractionOutcome.ABANDONED;
                    waitMillis = queuedAt == null ? 0 : between(queuedAt, at);
                }
            }
            case ABANDONED -> {
                endedAt = at;
                endCause = e.detail("reason");
                outcome = InteractionOutcome.ABANDONED;
                waitMillis = between(queuedAt != null ? queuedAt : arrivedAt, at);
            }
            case REJECTED -> {
                endedAt = at;
                endCause = e.detail("reason");
                outcome = InteractionOutcome.REJECTED;
            }
            case FAILED -> {
                endHold(at);
                endedAt = endedAt == null ? at : endedAt;
                endCause = e.detail("reason");
                if (answeredAt == null) {
                    outcome = InteractionOutcome.FAILED;
                }
            }
            case WRAP_UP_STARTED -> {
                if (wrapUpStartedAt == null) {
                    wrapUpStartedAt = at; // a wrap-up given back after a restart restates its start: counted once
                }
            }
            case WRAP_UP_ENDED -> {
                if (wrapUpStartedAt != null) {
                    wrapUpMillis += between(wrapUpStartedAt, at);
                    wrapUpStartedAt = null;
                }
            }
            case DISPOSITION -> disposition = e.detail("code");
            case RECORDING_AVAILABLE -> recordingPath = e.detail("path");
            default -> {
                // IVR, overflow, priority, declined/timed-out offers: on the timeline, not in the CDR.
            }
        }
        return this;
    }

    public SummaryState state() {
        return new SummaryState(new InteractionSummary(interactionId, channel, direction, customerId, queueId, agentId,
                arrivedAt, queuedAt, answeredAt, endedAt, waitMillis, talkMillis, holdMillis, wrapUpMillis, offers,
                transfers, outcome, endCause, disposition, recordingPath, lastEventId), holdStartedAt, wrapUpStartedAt);
    }

    private void endHold(Instant at) {
        if (holdStartedAt != null) {
            holdMillis += between(holdStartedAt, at);
            holdStartedAt = null;
        }
    }

    private static long between(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
