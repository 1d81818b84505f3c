package org.openucc.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
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
import org.openucc.config.HttpLimits;
import org.openucc.config.ServerConfig;
import org.openucc.limits.Rejections;
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
    private final Rejections rejections;
    private final ConnectionGuard guard;
    private volatile HttpServer listening;

    /**
     * @param health the health of every component of the server, by name; called on the event loop
     * @param routes the rest of the API, mounted in order
     */
    public HttpApi(Vertx vertx, ServerConfig server, Supplier<Map<String, ComponentHealth>> health,
            List<HttpRoutes> routes) {
        this(vertx, server, health, routes, new Rejections());
    }

    /** @param rejections counts what the limits of {@code server.http} refuse (door "http") */
    public HttpApi(Vertx vertx, ServerConfig server, Supplier<Map<String, ComponentHealth>> health,
            List<HttpRoutes> routes, Rejections rejections) {
        this.vertx = vertx;
        this.server = server;
        this.health = health;
        this.rejections = rejections;
        this.guard = new ConnectionGuard(vertx, server.http(), rejections);
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
        listening = vertx.createHttpServer(options(server))
                .connectionHandler(guard::connected)
                .invalidRequestHandler(this::invalid)
                .requestHandler(request -> {
                    guard.request(request);
                    router.handle(request);
                })
                .listen(server.httpPort(), server.host())
                .await(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.info("HTTP API listening on http://{}:{}", server.host(), listening.actualPort());
    }

    /** The server's limits as Vert.x options: idle timeout, request-head sizes, WebSocket message size. */
    static HttpServerOptions options(ServerConfig server) {
        HttpLimits http = server.http();
        int maxMessage = server.webSocket().maxMessageBytes();
        return new HttpServerOptions()
                // HTTP/1.1 only (no cleartext HTTP/2 upgrade): a connection is then set up, counted and put on
                // its header deadline as it is accepted, not when its first bytes arrive.
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.max(1, http.idleTimeout().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxHeaderSize(http.maxHeaderBytes())
                .setMaxInitialLineLength(http.maxRequestLineBytes())
                .setMaxWebSocketFrameSize(maxMessage)
                .setMaxWebSocketMessageSize(maxMessage);
    }

    /**
     * A request the decoder refused (request line or headers too long, garbage): answered with a JSON
     * error like every other (RFC 9110 §15.5.15 414, RFC 6585 §5 431), then the connection is closed.
     */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        int status;
        String limit;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            limit = "request-line-length";
            message = "the request line (method, URI, version) is longer than " + server.http().maxRequestLineBytes()
                    + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            limit = "header-size";
            message = "the request headers are larger than " + server.http().maxHeaderBytes() + " bytes";
        } else {
            status = 400;
            limit = "malformed-request";
            message = "the request is not valid HTTP/1.1";
        }
        rejections.count("http", limit);
        JsonObject body = new JsonObject().put("status", status).put("error", switch (status) {
            case 414 -> "uri too long";
            case 431 -> "request header fields too large";
            default -> "bad request";
        }).put("message", message);
        request.response().setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("connection", "close")
                .end(body.encode())
                .onComplete(done -> request.connection().close());
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
