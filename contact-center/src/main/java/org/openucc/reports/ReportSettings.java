package org.openucc.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.ReportsConfig;
import org.openucc.config.ServiceLevel;

/**
 * What the sums depend on besides the log: the center's zone (where local days begin), the short-abandon
 * threshold, which abandons count against the service level, each queue's service-level threshold and the
 * repeat-contact window. When any of it changes the sums are rebuilt from the log ({@link #fingerprint}).
 */
public record ReportSettings(ZoneId zone, long shortAbandonMillis, ReportsConfig.SlAbandons slAbandons,
                             long repeatWindowMillis, Map<String, Long> thresholdMillisByQueue, int maxRows,
                             int maxRangeDays) {
    static final long DEFAULT_THRESHOLD = ServiceLevel.DEFAULT.threshold().toMillis();

    public ReportSettings {
        thresholdMillisByQueue = Map.copyOf(thresholdMillisByQueue);
    }

    public static ReportSettings of(ContactCenterConfig config) {
        ReportsConfig r = config.reports();
        Map<String, Long> thresholds = new TreeMap<>();
        for (QueueConfig q : config.queues()) {
            thresholds.put(q.id(), q.serviceLevel().threshold().toMillis());
        }
        return new ReportSettings(r.timeZone(), r.shortAbandon().toMillis(), r.serviceLevelAbandons(),
                r.repeatContactWindow().toMillis(), thresholds, r.maxRows(), r.maxRangeDays());
    }

    public long thresholdMillis(String queueId) {
        Long t = queueId == null ? null : thresholdMillisByQueue.get(queueId);
        return t == null ? DEFAULT_THRESHOLD : t;
    }

    /** Answered within the queue's service-level threshold. */
    public boolean answeredInServiceLevel(String queueId, long waitMillis) {
        return waitMillis <= thresholdMillis(queueId);
    }

    /** A short abandon: a misdial, a caller who changed their mind; counted apart and never in the service level. */
    public boolean isShortAbandon(long waitMillis) {
        return waitMillis < shortAbandonMillis;
    }

    /** Whether an abandon after this wait in this queue counts in the service level's base (the reports' and the wallboard's rule). */
    public boolean abandonCountsInServiceLevel(String queueId, long waitMillis) {
        return !isShortAbandon(waitMillis) && switch (slAbandons) {
            case ALL -> true;
            case AFTER_THRESHOLD -> waitMillis > thresholdMillis(queueId);
            case NONE -> false;
        };
    }

    public Duration repeatWindow() {
        return Duration.ofMillis(repeatWindowMillis);
    }

    /** The start of the local day that holds {@code t}. */
    public Instant dayStart(Instant t) {
        return t.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    /** The start of the local hour that holds {@code t} (of the two 02:00 hours in autumn, its own). */
    public Instant hourStart(Instant t) {
        return t.atZone(zone).truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant();
    }

    /** Everything the stored sums depend on, as text; a different one at start-up rebuilds them. */
    public String fingerprint() {
        return "v3;zone=" + zone.getId() + ";short=" + shortAbandonMillis + ";sl=" + slAbandons + ";repeat="
                + repeatWindowMillis + ";thresholds=" + new TreeMap<>(thresholdMillisByQueue);
    }
}
