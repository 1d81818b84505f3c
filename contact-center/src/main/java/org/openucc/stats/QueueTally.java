package org.openucc.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openucc.config.QueueConfig;

/**
 * One queue's running figures, updated event by event (owned by the statistics thread). Today's sums
 * count the entries into the queue made today, as the reports do: an entry's answer, abandon and
 * handling count with the entry (and in the local hour it entered), whenever they happen.
 */
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
    /** The service level's base: answered plus the abandons that count against it. */
    long slBase;
    long answerWaitTotal;
    long handled;
    long handleTotal;
    /** Today per local hour of entry: entries, answers within the threshold, and the service level's base. */
    final long[] offeredByHour = new long[24];
    final long[] answeredWithinByHour = new long[24];
    final long[] finishedByHour = new long[24];

    QueueTally(QueueConfig config) {
        this.id = config.id();
        this.name = config.name() == null ? config.id() : config.name();
        this.targetPercent = config.serviceLevel().percent();
        this.thresholdMillis = config.serviceLevel().threshold().toMillis();
    }

    /** @param hour the local hour of day (0-23) the entry was made in */
    void entered(int hour) {
        offered++;
        offeredByHour[hour]++;
    }

    void answered(long waited, boolean within, int hour) {
        answered++;
        answerWaitTotal += waited;
        slBase++;
        finishedByHour[hour]++;
        if (within) {
            answeredWithin++;
            answeredWithinByHour[hour]++;
        }
    }

    void abandoned(boolean countsInServiceLevel, int hour) {
        abandoned++;
        if (countsInServiceLevel) {
            slBase++;
            finishedByHour[hour]++;
        }
    }

    void handled(long handleMillis) {
        handled++;
        handleTotal += handleMillis;
    }

    void newDay() {
        offered = answered = answeredWithin = abandoned = slBase = answerWaitTotal = 0;
        handled = handleTotal = 0;
        java.util.Arrays.fill(offeredByHour, 0);
        java.util.Arrays.fill(answeredWithinByHour, 0);
        java.util.Arrays.fill(finishedByHour, 0);
    }

    private List<HourFigures> hours() {
        List<HourFigures> out = new ArrayList<>(24);
        for (int h = 0; h < 24; h++) {
            out.add(new HourFigures(h, offeredByHour[h], answeredWithinByHour[h], finishedByHour[h]));
        }
        return out;
    }

    QueueFigures figures(long now) {
        long oldest = Long.MAX_VALUE;
        for (long since : waitingSince.values()) {
            oldest = Math.min(oldest, since);
        }
        boolean any = oldest != Long.MAX_VALUE;
        double sl = slBase == 0 ? 100.0 : Math.round(1000.0 * answeredWithin / slBase) / 10.0;
        return new QueueFigures(id, name, waitingSince.size(), any ? Math.max(0, now - oldest) : 0,
                any ? Instant.ofEpochMilli(oldest) : null, offered, answered, abandoned, sl, targetPercent,
                thresholdMillis, answered == 0 ? 0 : answerWaitTotal / answered, handled == 0 ? 0 : handleTotal / handled,
                hours(), Instant.ofEpochMilli(now));
    }
}
