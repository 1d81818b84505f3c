package org.openucc.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openucc.ComponentHealth;
import org.openucc.Lifecycle;
import org.openucc.Version;
import org.openucc.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: {@code /health}, {@code /api/version}, whatever {@link HttpRoutes} the composition
 * root mounts, and JSON errors for everything else.
 */
public final class HttpApi implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final long LISTEN_TIMEOUT_SECONDS = 30;
    /** In-flight requests get this long to finish on shutdown before connections are closed. */
    private static final long SHUTDOWN_GRACE_SECONDS = 5;

    private final Vertx vertx;
    private final ServerConfig server;
    private final Supplier<Map<String, ComponentHealth>> health;
    private final Router router;
    private volatile HttpServer listening;

    /**
     * @param health the health of every component of the server, by name; called on the event loop
     * @param routes the rest of the API, mounted in order
     */
    public HttpApi(Vertx vertx, ServerConfig server, Supplier<Map<String, ComponentHealth>> health,
            List<HttpRoutes> routes) {
        this.vertx = vertx;
        this.server = server;
        this.health = health;
        this.router = Router.router(vertx);
        router.route().failureHandler(JsonErrors::failure);
        router.errorHandler(404, JsonErrors::notFound);
        router.errorHandler(405, JsonErrors::methodNotAllowed);
        router.errorHandler(500, JsonErrors::failure);
        router.get("/health").handler(this::health);
        router.get("/api/version").handler(this::version);
        routes.forEach(r -> r.mount(router));
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void start() throws Exception {
        listening = vertx.createHttpServer()
                .requestHandler(router)
                .listen(server.httpPort(), server.host())
                .await(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.info("HTTP API listening on http://{}:{}", server.host(), listening.actualPort());
    }

    @Override
    public void stop() throws Exception {
        HttpServer s = listening;
        if (s != null) {
            s.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS).await(SHUTDOWN_GRACE_SECONDS + 1, TimeUnit.SECONDS);
            listening = null;
        }
    }

    /** The port actually bound, which differs from the configured one when that is 0. */
    public int port() {
        HttpServer s = listening;
        if (s == null) {
            throw new IllegalStateException("the HTTP API is not listening (not started, or stopped)");
        }
        return s.actualPort();
    }

    /** The router, for mounting routes; routes added after start are served at once. */
    public Router router() {
        return router;
    }

    @Override
    public ComponentHealth health() {
        HttpServer s = listening;
        return s == null ? ComponentHealth.down("not listening")
                : ComponentHealth.up(details(server.host(), s.actualPort()));
    }

    private static Map<String, Object> details(String host, int port) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", host);
        d.put("port", port);
        return d;
    }

    private void health(RoutingContext ctx) {
        Map<String, ComponentHealth> components = health.get();
        ComponentHealth.Status overall = ComponentHealth.overall(components.values());
        boolean up = overall != ComponentHealth.Status.DOWN; // DEGRADED still serves: 200
        JsonObject byName = new JsonObject();
        components.forEach((name, h) -> byName.put(name, new JsonObject(h.toMap())));
        JsonObject body = new JsonObject()
                .put("status", overall.name())
                .put("version", Version.current())
                .put("components", byName);
        json(ctx, up ? 200 : 503, body);
    }

    private void version(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("name", Version.NAME).put("version", Version.current()));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end(body.encode());
    }
}
