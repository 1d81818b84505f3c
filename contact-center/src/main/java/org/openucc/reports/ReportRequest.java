package org.openucc.reports;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A report: local dates {@code from} to {@code to} (both included) in the center's zone, cut into
 * {@code interval}s, one row per interval and group.
 */
public record ReportRequest(LocalDate from, LocalDate to, Interval interval, Dimension groupBy) {
    public ReportRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(groupBy, "groupBy");
    }
}
