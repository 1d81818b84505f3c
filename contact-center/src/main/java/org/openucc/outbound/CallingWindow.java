package org.openucc.outbound;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a campaign may call, in the callee's local time: from {@code from} (inclusive) to {@code to}
 * (exclusive) on {@code days}; a {@code to} of 00:00 is the end of the day (00:00-00:00 is the whole day).
 * Checked by {@link CampaignRules}: whole minutes, from before to, at least one day.
 */
public record CallingWindow(LocalTime from, LocalTime to, Set<DayOfWeek> days) {
    /** 09:00-20:00 Monday to Saturday. */
    public static final CallingWindow DEFAULT = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));

    public CallingWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        days = days == null || days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    }

    /** Whether the window is open at {@code now} for someone living in {@code zone}. */
    public boolean isOpen(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime t = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !t.isBefore(from)
                && (t.isBefore(to) || to.equals(LocalTime.MIDNIGHT));
    }
}
