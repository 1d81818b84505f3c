package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.openucc.config.Role;
import org.openucc.http.BadRequestException;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;

/**
 * Reading the interaction log (supervisors): {@code /api/events} pages through raw events by
 * interaction, agent, queue, customer, type and time (the audit trail is type ADMIN_CHANGE), and
 * {@code /api/reports/cdr.csv} exports the CDRs of a time range as CSV.
 */
final class ReportRoutes {
    private final ApiContext api;

    ReportRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e) {
        e.get("/api/events", Role.SUPERVISOR, this::events);
        e.get("/api/reports/cdr.csv", Role.SUPERVISOR, this::cdrCsv);
    }

    private void events(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String interactionId = q.text("interactionId", 100);
        String agentId = q.text("agentId", 100);
        String queueId = q.text("queueId", 100);
        String customerId = q.text("customerId", 100);
        LogEventType type = q.enumValue("type", LogEventType.class);
        Instant from = q.instant("from");
        Instant to = q.instant("to");
        Integer cursor = q.integer("cursor", 0, Integer.MAX_VALUE);
        Integer limit = q.integer("limit", 1, LogQuery.MAX_LIMIT);
        boolean newestFirst = q.flag("newestFirst");
        q.end();
        Set<LogEventType> types = type == null ? Set.of() : EnumSet.of(type);
        LogQuery query = new LogQuery(interactionId, agentId, queueId, customerId, types, from, to,
                cursor == null ? null : cursor.longValue(), limit == null ? 100 : limit, newestFirst);
        Replies.blocking(ctx, 200, () -> api.store().get().interactionLog().events(query));
    }

    private void cdrCsv(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        Instant from = q.instant("from");
        Instant to = q.instant("to");
        q.require("from", from);
        q.require("to", to);
        q.end();
        if (!from.isBefore(to)) {
            throw BadRequestException.field("to", "must be after from");
        }
        ctx.vertx().executeBlocking(() -> {
            StringBuilder csv = new StringBuilder();
            api.store().get().interactionLog().exportCdrCsv(from, to, csv);
            return csv.toString();
        }, false).onSuccess(csv -> ctx.response().setStatusCode(200)
                .putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"cdr.csv\"")
                .putHeader("cache-control", "no-store")
                .end(csv)).onFailure(ctx::fail);
    }
}
