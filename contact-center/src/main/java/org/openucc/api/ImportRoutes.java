package org.openucc.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.StringReader;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.crm.ImportMode;
import org.openucc.crm.ImportReport;

/**
 * {@code POST /api/customers/import}: a CSV file of customers and contacts (administrators). All or
 * nothing unless {@code ?mode=VALID_ROWS}; the report names every rejected row by its line. A file
 * with rejected rows that stored nothing answers 422 with the report; one that stored rows, 200.
 * Every import that stored something is audited.
 */
final class ImportRoutes {
    /** The 422 body: the usual error fields plus the import report. */
    record Rejected(int status, String error, String message, ImportReport report) {
    }

    private final ApiContext api;

    ImportRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e) {
        BodyHandler csv = BodyHandler.create(false).setBodyLimit(api.config().api().maxImportBytes());
        e.route(HttpMethod.POST, "/api/customers/import", Role.ADMIN, csv, this::importCsv);
    }

    private void importCsv(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        ImportMode mode = q.enumValue("mode", ImportMode.class);
        q.end();
        ImportMode m = mode == null ? ImportMode.ALL_OR_NOTHING : mode;
        if (ctx.body().isEmpty()) {
            throw new org.openucc.http.BadRequestException("the request has no body: send the CSV file"
                    + " (Content-Type: text/csv) with a header line naming its columns, e.g. name,tier,phone,email");
        }
        String text = ctx.body().asString();
        Caller caller = Replies.caller(ctx);
        ctx.vertx().executeBlocking(() -> {
            ImportReport report = api.store().get().csvImport().importCsv(new StringReader(text), m);
            if (report.committed() && report.customersCreated() + report.contactsCreated() > 0) {
                api.cti().audit().record(caller.username(), "customers", null, "import", report.customersCreated()
                        + " customers and " + report.contactsCreated() + " contacts from CSV (" + report.rejectedRows()
                        + " rows rejected, mode " + m + ")").join();
            }
            return report;
        }, false).onSuccess(report -> {
            if (report.committed()) {
                Replies.json(ctx, 200, report);
            } else {
                Replies.json(ctx, 422, new Rejected(422, "unprocessable", report.rejectedRows()
                        + " rows were rejected, so nothing was imported (mode " + m + "); fix them and send the file"
                        + " again, or import the valid rows with ?mode=VALID_ROWS", report));
            }
        }).onFailure(ctx::fail);
    }
}
