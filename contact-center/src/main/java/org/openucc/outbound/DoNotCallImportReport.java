package org.openucc.outbound;

import java.util.List;

/**
 * What a do-not-call file did: numbers added to the list, numbers it had already, and rows that were not
 * numbers (row by row, the first {@value ListImportReport#MAX_LISTED}).
 */
public record DoNotCallImportReport(String list, long rows, long added, long alreadyListed, long rejected,
                                    List<RowProblem> problems) {
    public DoNotCallImportReport {
        problems = List.copyOf(problems);
    }
}
