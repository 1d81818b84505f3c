package org.openucc.reports;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * A report's interval, in the center's time zone. Starts are truncations of local time, so a day is
 * 23 or 25 hours across a DST change and an hour that happens twice (autumn) is two intervals.
 */
public enum Interval {
    MIN15(Granularity.QUARTER), MIN30(Granularity.QUARTER), HOUR(Granularity.HOUR), DAY(Granularity.DAY),
    WEEK(Granularity.DAY), MONTH(Granularity.DAY);

    private final Granularity madeOf;

    Interval(Granularity madeOf) {
        this.madeOf = madeOf;
    }

    /** The sums it is made of: 15 minutes, local hours or local days. */
    public Granularity madeOf() {
        return madeOf;
    }

    /** The start of the interval that holds {@code t} (in t's zone). */
    public ZonedDateTime start(ZonedDateTime t) {
        return switch (this) {
            case MIN15 -> t.truncatedTo(ChronoUnit.MINUTES).withMinute(t.getMinute() / 15 * 15);
            case MIN30 -> t.truncatedTo(ChronoUnit.MINUTES).withMinute(t.getMinute() / 30 * 30);
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case DAY -> t.toLocalDate().atStartOfDay(t.getZone());
            case WEEK -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(t.getZone());
            case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay(t.getZone());
        };
    }

    /** The start of the next interval after the one starting at {@code start}. */
    public ZonedDateTime next(ZonedDateTime start) {
        return switch (this) {
            // Sub-day intervals step in real time: across a DST change local clocks jump, elapsed time does not.
            case MIN15 -> start(start.plus(Duration.ofMinutes(15)));
            case MIN30 -> start(start.plus(Duration.ofMinutes(30)));
            case HOUR -> start(start.plus(Duration.ofHours(1)));
            case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
            case WEEK -> start.toLocalDate().plusWeeks(1).atStartOfDay(start.getZone());
            case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
        };
    }
}
