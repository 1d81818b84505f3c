package org.openucc.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Opening hours of a week in a time zone, minus holidays. */
public record BusinessHoursConfig(String id, ZoneId timeZone, Map<DayOfWeek, List<TimeRange>> week, Set<LocalDate> holidays) {
    public BusinessHoursConfig {
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
        week = week == null ? Map.of() : Map.copyOf(week);
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
    }

    public boolean isHoliday(Instant at) {
        return holidays.contains(at.atZone(timeZone).toLocalDate());
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(timeZone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        return week.getOrDefault(local.getDayOfWeek(), List.of()).stream()
                .anyMatch(r -> r.contains(local.toLocalTime()));
    }
}
