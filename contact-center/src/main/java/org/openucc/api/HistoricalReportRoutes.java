package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.openucc.config.Role;
import org.openucc.fault.UnavailableException;
import org.openucc.log.CdrCsvWriter;
import org.openucc.reports.Dimension;
import org.openucc.reports.Interval;
import org.openucc.reports.ReportRequest;
import org.openucc.reports.ReportRow;
import org.openucc.reports.ReportTable;
import org.openucc.reports.Reports;

/**
 * Historical reports (supervisors): {@code /api/reports/historical} as JSON and {@code …/historical.csv}
 * as CSV, for local dates {@code from}..{@code to} of the center, by {@code interval} and {@code groupBy}.
 */
final class HistoricalReportRoutes {
    private final ApiContext api;

    HistoricalReportRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e) {
        e.get("/api/reports/historical", Role.SUPERVISOR, this::json);
        e.get("/api/reports/historical.csv", Role.SUPERVISOR, this::csv);
    }

    private ReportRequest request(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        LocalDate from = q.localDate("from");
        LocalDate to = q.localDate("to");
        Interval interval = q.enumValue("interval", Interval.class);
        Dimension groupBy = q.enumValue("groupBy", Dimension.class);
        q.require("from", from);
        q.require("to", to);
        q.end();
        return new ReportRequest(from, to, interval == null ? Interval.DAY : interval,
                groupBy == null ? Dimension.QUEUE : groupBy);
    }

    private Reports reports() {
        return api.store().get().reports().orElseThrow(() -> UnavailableException.here("reports are not running"));
    }

    private void json(RoutingContext ctx) {
        ReportRequest r = request(ctx);
        Replies.blocking(ctx, 200, () -> body(reports().run(r)));
    }

    private static Map<String, Object> body(ReportTable t) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("timeZone", t.timeZone());
        b.put("from", t.from().toString());
        b.put("to", t.to().toString());
        b.put("interval", t.interval().name());
        b.put("groupBy", t.groupBy().name());
        b.put("throughEventId", t.throughEventId());
        b.put("upToDate", t.upToDate());
        b.put("columns", ReportRow.figureNames());
        b.put("intervals", t.intervals().stream().map(HistoricalReportRoutes::time).toList());
        b.put("rows", rows(t.rows()));
        b.put("totals", rows(t.totals()));
        return b;
    }

    private static List<Map<String, Object>> rows(List<ReportRow> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (ReportRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (r.start() != null) {
                m.put("start", time(r.start()));
                m.put("end", time(r.end()));
            }
            m.put("key", r.key());
            m.putAll(r.figures());
            out.add(m);
        }
        return out;
    }

    private void csv(RoutingContext ctx) {
        ReportRequest r = request(ctx);
        ctx.vertx().executeBlocking(() -> csv(reports().run(r)), false).onSuccess(csv -> ctx.response().setStatusCode(200)
                .putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"report-" + r.groupBy().name().toLowerCase()
                        + "-" + r.interval().name().toLowerCase() + "-" + r.from() + "-" + r.to() + ".csv\"")
                .putHeader("cache-control", "no-store")
                .end(csv)).onFailure(ctx::fail);
    }

    /** RFC 3339 with seconds and the center's offset (OffsetDateTime.toString drops zero seconds). */
    private static String time(java.time.OffsetDateTime t) {
        return t.format(RFC3339);
    }

    private static final java.time.format.DateTimeFormatter RFC3339 =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** One line per interval and group; text cells neutralised as in the CDR export. */
    static String csv(ReportTable t) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180)) {
            List<String> header = new ArrayList<>(List.of("interval_start", "interval_end",
                    t.groupBy().name().toLowerCase()));
            header.addAll(ReportRow.figureNames());
            p.printRecord(header);
            for (ReportRow row : t.rows()) {
                List<Object> cells = new ArrayList<>();
                cells.add(time(row.start()));
                cells.add(time(row.end()));
                cells.add(CdrCsvWriter.safeCell(row.key()));
                row.figures().values().forEach(v -> cells.add(v == null ? "" : v));
                p.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing report CSV", e);
        }
        return out.toString();
    }
}
