package org.openucc.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Call recordings once they are made: how long they are kept, when the daily purge runs, and how often one
 * user may ask for them ({@code GET /api/interactions/{id}/recordings/{recordingId}}).
 *
 * @param retention            recordings older than this are deleted by the daily purge (null: kept forever,
 *                             the default); at least 1d
 * @param purgeAt              the local time of day (in {@code reports.timeZone}, the center's zone) the purge
 *                             runs (default 03:00)
 * @param maxRequestsPerMinute requests for recordings one user may make a minute, range requests included
 *                             (default 120; 429 beyond)
 */
public record RecordingsConfig(Duration retention, LocalTime purgeAt, int maxRequestsPerMinute) {
    public static final RecordingsConfig DEFAULTS = new RecordingsConfig(null, null, 0);
    /** The shortest retention: the purge runs once a day. */
    public static final Duration MIN_RETENTION = Duration.ofDays(1);

    public RecordingsConfig {
        purgeAt = purgeAt == null ? LocalTime.of(3, 0) : purgeAt;
        maxRequestsPerMinute = maxRequestsPerMinute == 0 ? 120 : maxRequestsPerMinute;
    }

    /** Whether recordings are kept forever (no retention set): the purge then does nothing. */
    public boolean keptForever() {
        return retention == null;
    }

    public RecordingsConfig withRetention(Duration newRetention) {
        return new RecordingsConfig(newRetention, purgeAt, maxRequestsPerMinute);
    }

    /** Rules beyond shape, under {@code /recordings}, so the loader can report them with lines. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        if (retention != null && retention.compareTo(MIN_RETENTION) < 0) {
            v.add(ConfigViolation.at("/recordings/retention", "retention must be at least "
                    + DurationFormat.format(MIN_RETENTION) + " (the purge runs daily), or left out to keep recordings"
                    + " forever, not " + DurationFormat.format(retention)));
        }
        if (maxRequestsPerMinute < 1 || maxRequestsPerMinute > 100_000) {
            v.add(ConfigViolation.at("/recordings/maxRequestsPerMinute", "maxRequestsPerMinute must be 1..100000, not "
                    + maxRequestsPerMinute));
        }
        return List.copyOf(v);
    }
}
