package org.openucc.crm;

import java.util.List;

/**
 * What a CSV import did.
 *
 * @param rows              data rows read (blank lines not counted)
 * @param customersCreated  customers stored (0 if nothing was committed)
 * @param contactsCreated   contacts stored (0 if nothing was committed)
 * @param rejectedRows      how many rows were rejected
 * @param rejected          the rejected rows with line numbers and reasons (the first
 *                          {@value #MAX_LISTED}; {@code rejectedRows} counts them all)
 * @param committed         whether anything was stored: false when {@link ImportMode#ALL_OR_NOTHING}
 *                          met a bad row
 */
public record ImportReport(ImportMode mode, long rows, long customersCreated, long contactsCreated, long rejectedRows,
                           List<RejectedRow> rejected, boolean committed) {
    public static final int MAX_LISTED = 1000;

    public ImportReport {
        rejected = List.copyOf(rejected);
    }
}
