package org.openucc.log;

import java.io.IOException;
import java.time.Instant;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes CDRs as RFC 4180 CSV (UTC ISO-8601 times, durations in whole seconds and milliseconds). */
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
        printer.printRecord(s.interactionId(), s.channel(), s.direction(), s.queueId(), s.customerId(), s.agentId(),
                time(s.arrivedAt()), time(s.answeredAt()), time(s.endedAt()), s.waitMillis(), s.talkMillis(),
                s.holdMillis(), s.wrapUpMillis(), s.handleMillis(), s.offers(), s.transfers(), s.outcome(),
                s.endCause(), s.disposition(), s.recordingPath());
        rows++;
    }

    public void flush() throws IOException {
        printer.flush();
    }

    public long rows() {
        return rows;
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }
}
