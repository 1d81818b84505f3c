package org.openucc.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.openucc.http.HttpRoutes;

/**
 * The REST API under {@code /api}: login, customers and what hangs off them, the CSV import,
 * interactions, agents, queues, skills, the log and CDR export, and {@code /api/openapi.yaml}, the
 * OpenAPI 3 description every endpoint here is tested against.
 */
public final class RestApi implements HttpRoutes {
    static final String OPENAPI_RESOURCE = "/org/openucc/api/openapi.yaml";

    private final ApiContext api;
    /** The cluster's view for supervisors (null on a single node). */
    private final java.util.function.Supplier<java.util.Map<String, Object>> clusterView;
    private final Buffer openApi;
    private volatile java.util.Map<String, org.openucc.config.Role> roles = java.util.Map.of();

    public RestApi(ApiContext api) {
        this(api, null);
    }

    /** @param clusterView what {@code GET /api/cluster} shows in a cluster (null on a single node) */
    public RestApi(ApiContext api, java.util.function.Supplier<java.util.Map<String, Object>> clusterView) {
        this.api = api;
        this.clusterView = clusterView;
        try (InputStream in = RestApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI description " + OPENAPI_RESOURCE + " is not on the class path");
            }
            this.openApi = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }

    @Override
    public void mount(Router router) {
        router.get("/api/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/yaml; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .end(openApi));
        int maxBody = api.config().api().maxBodyBytes();
        Endpoints endpoints = new Endpoints(router, api.auth(), maxBody);
        new AuthRoutes(api).mount(endpoints, maxBody);
        // Fixed paths before the ones with an id in the same place (/customers/lookup before /customers/:id).
        new ImportRoutes(api).mount(endpoints);
        new CustomerRoutes(api).mount(endpoints);
        new CustomerItemRoutes(api).mount(endpoints);
        new MessageRoutes(api).mount(endpoints);
        new CallbackRoutes(api).mount(endpoints);
        new DialOutRoutes(api).mount(endpoints);
        new InteractionRoutes(api).mount(endpoints);
        new RecordingRoutes(api).mount(endpoints);
        new MonitorRoutes(api).mount(endpoints);
        new AgentRoutes(api).mount(endpoints);
        new QueueRoutes(api).mount(endpoints);
        new ReportRoutes(api).mount(endpoints);
        new HistoricalReportRoutes(api).mount(endpoints);
        new BoardRoutes(api).mount(endpoints);
        new CampaignRoutes(api).mount(endpoints);
        new ClusterRoutes(clusterView).mount(endpoints);
        roles = endpoints.roles();
    }

    /** After {@link #mount}: the least role of every route that needs a login, by "METHOD /path" (null: public). */
    java.util.Map<String, org.openucc.config.Role> roles() {
        return roles;
    }
}
