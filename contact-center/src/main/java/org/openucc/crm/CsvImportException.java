package org.openucc.crm;

/** The CSV file itself is unusable (header, quoting); nothing was imported. */
public final class CsvImportException extends RuntimeException {
    private final long line;

    public CsvImportException(long line, String message, Throwable cause) {
        super("CSV line " + line + ": " + message, cause);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
