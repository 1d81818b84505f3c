package org.openucc.outbound;

/**
 * Why one row of a list became a FAILED record.
 *
 * @param row    the CSV line (header is line 1), or the row's index (1-based) in a JSON list / CRM result
 * @param field  the column or field at fault ({@code phone}, {@code consent_at}, …)
 * @param reason the short code stored on the record ({@code invalid-number}, {@code dnc:internal}, …)
 */
public record RowProblem(long row, String field, String reason, String message) {
}
