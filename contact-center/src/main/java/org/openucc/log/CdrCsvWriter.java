package org.openucc.log;

import java.io.IOException;
import java.time.Instant;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes CDRs as RFC 4180 CSV (UTC ISO-8601 times, durations in whole seconds and milliseconds). Text
 * cells a spreadsheet would run as a formula are neutralised (see {@link #safeCell}).
 */
public final class CdrCsvWriter {
    public static final String[] HEADER = {"interaction_id", "channel", "direction", "queue", "customer_id", "agent",
        "arrived_at", "answered_at", "ended_at", "wait_ms", "talk_ms", "hold_ms", "wrap_up_ms", "handle_ms", "offers",
        "transfers", "outcome", "end_cause", "disposition", "recording"};

    private final CSVPrinter printer;
    private long rows;

    public CdrCsvWriter(Appendable out) {
        try {
            this.printer = new CSVPrinter(out, CSVFormat.RFC4180);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open CSV printer", e);
        }
    }

    public void header() throws IOException {
        printer.printRecord((Object[]) HEADER);
    }

    public void row(InteractionSummary s) throws IOException {
        printer.printRecord(safeCell(s.interactionId()), safeCell(s.channel()), safeCell(s.direction()), safeCell(s.queueId()),
                safeCell(s.customerId()), safeCell(s.agentId()), time(s.arrivedAt()), time(s.answeredAt()),
                time(s.endedAt()), s.waitMillis(), s.talkMillis(), s.holdMillis(), s.wrapUpMillis(), s.handleMillis(),
                s.offers(), s.transfers(), safeCell(s.outcome()), safeCell(s.endCause()), safeCell(s.disposition()),
                safeCell(s.recordingPath()));
        rows++;
    }

    public void flush() throws IOException {
        printer.flush();
    }

    public long rows() {
        return rows;
    }

    /**
     * CSV injection (OWASP): a text cell that starts with {@code = + - @}, a tab or a carriage return is
     * a formula to Excel, LibreOffice and Google Sheets ({@code =HYPERLINK(…)}, {@code =cmd|…}); a single
     * quote in front makes it text, shown as written. Numbers are written as numbers and never pass here.
     * Every CSV the server writes puts its text cells through this.
     */
    public static String safeCell(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }
}
