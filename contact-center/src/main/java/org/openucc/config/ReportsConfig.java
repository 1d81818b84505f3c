package org.openucc.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Historical reports from the interaction log ({@code GET /api/reports}).
 *
 * @param timeZone              the center's time zone: where days, weeks and months begin (default: the
 *                              server's zone)
 * @param shortAbandon          abandons within this wait are "short" (a misdial, a caller who changed their
 *                              mind): counted apart and never in the service level (default 5s; 0s: none)
 * @param serviceLevelAbandons  which abandons (beyond the short ones) count against the service level:
 *                              {@code AFTER_THRESHOLD} (those who waited longer than the queue's threshold; the
 *                              live wallboard's rule, default), {@code ALL}, or {@code NONE}
 * @param repeatContactWindow   first-contact resolution: a contact is resolved when the same customer does not
 *                              contact the same queue again within this time (default 7d)
 * @param maxRows               most rows one report may have (default 20000); more is a 400 asking for a
 *                              shorter range or a coarser interval
 * @param maxRangeDays          longest range one report may cover, in days (default 400)
 */
public record ReportsConfig(ZoneId timeZone, Duration shortAbandon, SlAbandons serviceLevelAbandons,
                            Duration repeatContactWindow, int maxRows, int maxRangeDays) {

    /** Which abandons count against the service level. */
    public enum SlAbandons { AFTER_THRESHOLD, ALL, NONE }

    public static final ReportsConfig DEFAULTS = new ReportsConfig(null, null, null, null, 0, 0);

    public ReportsConfig {
        timeZone = timeZone == null ? ZoneId.systemDefault() : timeZone;
        shortAbandon = shortAbandon == null ? Duration.ofSeconds(5) : shortAbandon;
        serviceLevelAbandons = serviceLevelAbandons == null ? SlAbandons.AFTER_THRESHOLD : serviceLevelAbandons;
        repeatContactWindow = repeatContactWindow == null ? Duration.ofDays(7) : repeatContactWindow;
        maxRows = maxRows == 0 ? 20_000 : maxRows;
        maxRangeDays = maxRangeDays == 0 ? 400 : maxRangeDays;
    }

    /** Rules beyond shape, under {@code /reports}, so the loader can report them with lines. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        if (shortAbandon.isNegative() || shortAbandon.compareTo(Duration.ofMinutes(10)) > 0) {
            v.add(ConfigViolation.at("/reports/shortAbandon", "shortAbandon must be 0s..10m, not "
                    + DurationFormat.format(shortAbandon)));
        }
        if (repeatContactWindow.compareTo(Duration.ofHours(1)) < 0 || repeatContactWindow.compareTo(Duration.ofDays(90)) > 0) {
            v.add(ConfigViolation.at("/reports/repeatContactWindow", "repeatContactWindow must be 1h..90d, not "
                    + DurationFormat.format(repeatContactWindow)));
        }
        if (maxRows < 1 || maxRows > 1_000_000) {
            v.add(ConfigViolation.at("/reports/maxRows", "maxRows must be 1..1000000, not " + maxRows));
        }
        if (maxRangeDays < 1 || maxRangeDays > 3_660) {
            v.add(ConfigViolation.at("/reports/maxRangeDays", "maxRangeDays must be 1..3660, not " + maxRangeDays));
        }
        return List.copyOf(v);
    }
}
