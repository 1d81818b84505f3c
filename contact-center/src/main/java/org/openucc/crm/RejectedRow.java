package org.openucc.crm;

import java.util.List;

/**
 * A CSV row that was not imported.
 *
 * @param line    the line in the file where the row starts (the header is line 1)
 * @param reasons every problem found in the row
 */
public record RejectedRow(long line, List<String> reasons) {
    public RejectedRow {
        reasons = List.copyOf(reasons);
    }
}
