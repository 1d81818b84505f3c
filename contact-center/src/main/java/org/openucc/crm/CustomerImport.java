package org.openucc.crm;

import java.io.Reader;

/**
 * Imports customers and their contacts from CSV, streaming, one transaction per file.
 *
 * <p>Columns (header required, any order, names case-insensitive): {@code name} (required),
 * {@code account_number}, {@code tier} (VIP/A/B/C), {@code industry}, {@code street},
 * {@code postal_code}, {@code city}, {@code region}, {@code country}, {@code tags} (separated by
 * {@code ;}), {@code pin}, {@code contact_name}, {@code contact_title}, {@code phones} and
 * {@code emails} (separated by {@code ;}), {@code chat_identity}, and {@code field.<name>} for
 * custom fields. Rows with the same account number are one customer: the first row describes it,
 * later rows add contacts (their customer columns must be empty or the same). Each row with contact
 * columns adds one contact. An account number already in the store rejects the row.
 */
public interface CustomerImport {

    /**
     * Reads, checks and stores the file. A malformed file (bad header, broken quoting) fails with
     * {@link CsvImportException} and stores nothing; bad rows are reported per {@code mode}.
     */
    ImportReport importCsv(Reader csv, ImportMode mode);
}
