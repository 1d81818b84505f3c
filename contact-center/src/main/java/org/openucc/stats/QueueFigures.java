package org.openucc.stats;

import java.time.Instant;
import java.util.List;

/**
 * A queue as the supervisor view shows it: now, and today (the local day in the center's zone, counted
 * as the reports count a day: the entries into the queue made today, with their answers, abandons and
 * handlings whenever these come).
 *
 * @param longestWaitMillis     how long the oldest waiting interaction has waited, at {@code at}
 * @param oldestWaitingSince    when it started waiting (null if none): clients count on from here
 * @param offeredToday          interactions that arrived in the queue
 * @param serviceLevelPercent   answered within the threshold, of answered plus the abandons that count against it
 *                              ({@code reports.serviceLevelAbandons}, never short ones); 100 if none
 * @param averageSpeedOfAnswerMillis ASA of today's answered interactions
 * @param averageHandleMillis   AHT (talk + hold + wrap-up) of today's finished interactions
 * @param hours                 today by local hour of entry (24 entries): the supervisor's chart of the day
 */
public record QueueFigures(String queueId, String name, int waiting, long longestWaitMillis, Instant oldestWaitingSince,
                           long offeredToday, long answeredToday, long abandonedToday, double serviceLevelPercent,
                           int serviceLevelTargetPercent, long serviceLevelThresholdMillis,
                           long averageSpeedOfAnswerMillis, long averageHandleMillis, List<HourFigures> hours,
                           Instant at) {
    public QueueFigures {
        hours = hours == null ? List.of() : List.copyOf(hours);
    }
}
