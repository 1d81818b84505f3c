package org.openucc.reports;

import java.time.LocalDate;
import java.util.List;

/**
 * A report's result: rows per interval and group (oldest interval first, groups by name), and per group
 * the totals over the whole range.
 *
 * @param throughEventId the last interaction-log event the figures include
 * @param upToDate       false while the sums are still catching up with the log after a start
 * @param intervals      the start of every interval of the range, empty ones too (a chart's axis)
 */
public record ReportTable(String timeZone, LocalDate from, LocalDate to, Interval interval, Dimension groupBy,
                          long throughEventId, boolean upToDate, List<java.time.OffsetDateTime> intervals,
                          List<ReportRow> rows, List<ReportRow> totals) {
}
