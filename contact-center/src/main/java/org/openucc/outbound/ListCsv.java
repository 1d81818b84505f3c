package org.openucc.outbound;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.openucc.crm.CsvImportException;
import org.openucc.crm.CsvInput;

/**
 * Reads a calling list (or a do-not-call file) from CSV into drafts, one per data row, keeping each row's
 * line and what was wrong with it; the file itself must have a header naming known columns (else
 * {@link CsvImportException}, nothing is added).
 *
 * <p>Calling-list columns (any order, case-insensitive): {@code phone} (required), {@code name},
 * {@code customer_id}, {@code consent_source}, {@code consent_at} (ISO-8601), and {@code field.<name>} for
 * extra fields shown to the agent. Do-not-call columns: {@code phone} (required), {@code source}.
 */
public final class ListCsv {
    public static final Set<String> LIST_COLUMNS = Set.of("phone", "name", "customer_id", "consent_source",
            "consent_at");
    public static final Set<String> DNC_COLUMNS = Set.of("phone", "source");
    private static final String FIELD_PREFIX = "field.";
    private static final int VALUE_MAX = 1000;
    private static final int HEADER_MAX = 100;

    private ListCsv() {
    }

    /** The rows of a calling list; more than {@code maxRows} data rows fails the file. */
    public static List<RecordDraft> calls(Reader csv, int maxRows) {
        List<RecordDraft> out = new ArrayList<>();
        read(csv, LIST_COLUMNS, true, maxRows, (line, values, problems) -> {
            Map<String, String> fields = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith(FIELD_PREFIX) && v != null && !v.isBlank()) {
                    fields.put(k.substring(FIELD_PREFIX.length()), v);
                }
            });
            Consent consent = null;
            String source = blankToNull(values.get("consent_source"));
            String at = blankToNull(values.get("consent_at"));
            if (source != null || at != null) {
                Instant given = null;
                if (at != null) {
                    try {
                        given = Instant.parse(at.strip());
                    } catch (DateTimeParseException e) {
                        problems.add(new RowProblem(line, "consent_at", "invalid-consent", "'" + at
                                + "' is not an ISO-8601 time such as 2026-01-31T09:30:00Z"));
                    }
                }
                if (source == null) {
                    problems.add(new RowProblem(line, "consent_source", "invalid-consent",
                            "consent needs its source (where the callee agreed)"));
                }
                consent = new Consent(source, given);
            }
            out.add(new RecordDraft(line, values.get("phone"), blankToNull(values.get("customer_id")),
                    blankToNull(values.get("name")), fields, consent, problems));
        });
        return out;
    }

    /** A do-not-call file: each row's number and source (or the problems of the row). */
    public static List<RecordDraft> doNotCall(Reader csv, int maxRows) {
        List<RecordDraft> out = new ArrayList<>();
        read(csv, DNC_COLUMNS, false, maxRows, (line, values, problems) -> out.add(new RecordDraft(line,
                values.get("phone"), null, blankToNull(values.get("source")), Map.of(), null, problems)));
        return out;
    }

    private interface RowSink {
        void row(long line, Map<String, String> values, List<RowProblem> problems);
    }

    private static void read(Reader in, Set<String> known, boolean extraFields, int maxRows, RowSink sink) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(false).setIgnoreSurroundingSpaces(false).setAllowMissingColumnNames(false).get();
        long lastEnd = 1;
        long rows = 0;
        try (CSVParser parser = CsvInput.parser(format, CsvInput.withoutBom(in))) {
            Map<String, String> columns = columns(parser.getHeaderNames(), known, extraFields);
            var records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new CsvImportException(lastEnd + 1, "the file is not valid CSV here (" + CsvInput.rootMessage(e)
                            + "); nothing was added", e);
                }
                long line = lastEnd + 1;
                lastEnd = Math.max(line, parser.getCurrentLineNumber());
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (++rows > maxRows) {
                    throw new CsvImportException(line, "the file has more than " + maxRows
                            + " rows; split it into smaller files; nothing was added", null);
                }
                List<RowProblem> problems = new ArrayList<>();
                Map<String, String> values = new LinkedHashMap<>();
                columns.forEach((key, header) -> {
                    if (record.isSet(header)) {
                        String v = record.get(header);
                        if (v.length() > VALUE_MAX) {
                            problems.add(new RowProblem(line, key, "value-too-long", "is longer than " + VALUE_MAX
                                    + " characters"));
                            v = v.substring(0, VALUE_MAX);
                        }
                        values.put(key, v);
                    } else {
                        values.put(key, null);
                        problems.add(new RowProblem(line, key, "missing-column", "the row has " + record.size()
                                + " values and none for column '" + header + "'"));
                    }
                });
                if (record.size() > columns.size()) {
                    problems.add(new RowProblem(line, null, "extra-values", "the row has " + record.size()
                            + " values; the header has " + columns.size() + " columns"));
                }
                sink.row(line, values, problems);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading CSV near line " + lastEnd, e);
        }
    }

    /** Key (lower case, {@code field.} names as written) → header as written; unknown columns fail the file. */
    private static Map<String, String> columns(List<String> header, Set<String> known, boolean extraFields) {
        Map<String, String> byKey = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String h : header) {
            if (h.length() > HEADER_MAX) {
                throw new CsvImportException(1, "a column name is longer than " + HEADER_MAX
                        + " characters; nothing was added", null);
            }
            String key = h.strip().toLowerCase(Locale.ROOT);
            if (known.contains(key)) {
                byKey.put(key, h);
            } else if (extraFields && key.startsWith(FIELD_PREFIX) && key.length() > FIELD_PREFIX.length()) {
                byKey.put(FIELD_PREFIX + h.strip().substring(FIELD_PREFIX.length()), h);
            } else {
                unknown.add(h);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CsvImportException(1, "unknown column(s) " + unknown + "; known: " + new TreeSet<>(known)
                    + (extraFields ? " and field.<name> for extra fields" : "") + "; nothing was added", null);
        }
        if (!byKey.containsKey("phone")) {
            throw new CsvImportException(1, "the header needs a 'phone' column; nothing was added", null);
        }
        return byKey;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}
