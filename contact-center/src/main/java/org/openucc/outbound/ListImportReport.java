package org.openucc.outbound;

import java.util.List;
import java.util.Map;

/**
 * What adding a list to a campaign did: every row became a record, PENDING or FAILED; the failed ones are
 * listed row by row (the first {@value #MAX_LISTED}; {@code failed} counts them all).
 *
 * @param failedByReason failed rows by reason code
 */
public record ListImportReport(String campaignId, long rows, long added, long failed,
                               Map<String, Long> failedByReason, List<RowProblem> problems) {
    public static final int MAX_LISTED = 1000;

    public ListImportReport {
        failedByReason = Map.copyOf(failedByReason);
        problems = List.copyOf(problems);
    }
}
