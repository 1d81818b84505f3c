package org.openucc.crm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * What every CSV upload (customers, calling lists, do-not-call lists) does before its rows: drop a UTF-8
 * byte-order mark, read the header (a broken one is a {@link CsvImportException} at line 1), and say what
 * went wrong in the parser's own words.
 */
public final class CsvInput {
    private CsvInput() {
    }

    /** The reader without a leading byte-order mark (spreadsheets write one). */
    public static Reader withoutBom(Reader in) {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        try {
            r.mark(1);
            if (r.read() != '\uFEFF') {
                r.reset();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading CSV", e);
        }
        return r;
    }

    /** A parser over {@code in} whose header has been read. */
    public static CSVParser parser(CSVFormat format, Reader in) {
        try {
            return CSVParser.builder().setReader(in).setFormat(format).get();
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            throw new CsvImportException(1, "cannot read the header: " + rootMessage(e), e);
        }
    }

    /** The innermost cause's message (the parser's words), or its class name. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
