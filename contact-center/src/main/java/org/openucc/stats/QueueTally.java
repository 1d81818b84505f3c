package org.openucc.stats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openucc.config.QueueConfig;

/** One queue's running figures, updated event by event (owned by the statistics thread). */
final class QueueTally {
    final String id;
    final String name;
    final int targetPercent;
    final long thresholdMillis;
    /** Waiting (queued or ringing) interactions by id, with when they arrived here; insertion = arrival order. */
    final Map<String, Long> waitingSince = new LinkedHashMap<>();
    long offered;
    long answered;
    long answeredWithin;
    long abandoned;
    long abandonedAfterThreshold;
    long answerWaitTotal;
    long handled;
    long handleTotal;

    QueueTally(QueueConfig config) {
        this.id = config.id();
        this.name = config.name() == null ? config.id() : config.name();
        this.targetPercent = config.serviceLevel().percent();
        this.thresholdMillis = config.serviceLevel().threshold().toMillis();
    }

    void arrived(String interactionId, long at) {
        if (waitingSince.putIfAbsent(interactionId, at) == null) {
            offered++;
        }
    }

    void answered(String interactionId, long waited) {
        waitingSince.remove(interactionId);
        answered++;
        answerWaitTotal += waited;
        if (waited <= thresholdMillis) {
            answeredWithin++;
        }
    }

    void abandoned(String interactionId, long waited) {
        waitingSince.remove(interactionId);
        abandoned++;
        if (waited > thresholdMillis) {
            abandonedAfterThreshold++;
        }
    }

    void left(String interactionId) {
        waitingSince.remove(interactionId);
    }

    void handled(long handleMillis) {
        handled++;
        handleTotal += handleMillis;
    }

    void newDay() {
        offered = answered = answeredWithin = abandoned = abandonedAfterThreshold = answerWaitTotal = 0;
        handled = handleTotal = 0;
    }

    QueueFigures figures(long now) {
        long oldest = Long.MAX_VALUE;
        for (long since : waitingSince.values()) {
            oldest = Math.min(oldest, since);
        }
        boolean any = oldest != Long.MAX_VALUE;
        long finished = answered + abandonedAfterThreshold;
        double sl = finished == 0 ? 100.0 : Math.round(1000.0 * answeredWithin / finished) / 10.0;
        return new QueueFigures(id, name, waitingSince.size(), any ? Math.max(0, now - oldest) : 0,
                any ? Instant.ofEpochMilli(oldest) : null, offered, answered, abandoned, sl, targetPercent,
                thresholdMillis, answered == 0 ? 0 : answerWaitTotal / answered, handled == 0 ? 0 : handleTotal / handled,
                Instant.ofEpochMilli(now));
    }
}
