package org.openucc.crm;

/** What a CSV import does when some rows are bad. */
public enum ImportMode {
    /** Import nothing if any row is rejected (the default): the file is fixed and sent again. */
    ALL_OR_NOTHING,
    /** Import the valid rows, reject the others; the report says which. */
    VALID_ROWS
}
