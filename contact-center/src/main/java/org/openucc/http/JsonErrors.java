package org.openucc.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the API returns is a small JSON document, never an HTML page or a stack trace.
 * Client errors (4xx) carry the message, which is written for the caller; server errors (5xx) carry
 * only an id that finds the full stack trace in the server log.
 */
final class JsonErrors {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

    private JsonErrors() {
    }

    static void notFound(RoutingContext ctx) {
        send(ctx, 404, new JsonObject().put("error", "not found").put("status", 404).put("path", ctx.request().path()));
    }

    static void methodNotAllowed(RoutingContext ctx) {
        send(ctx, 405, new JsonObject().put("error", "method not allowed").put("status", 405)
                .put("method", ctx.request().method().name()).put("path", ctx.request().path()));
    }

    /** Route failures: a thrown exception or {@code ctx.fail(status, cause)}. */
    static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        Throwable cause = ctx.failure();
        JsonObject body = new JsonObject().put("status", status);
        if (status < 500) {
            body.put("error", reason(status));
            if (cause != null && cause.getMessage() != null) {
                body.put("message", cause.getMessage());
            }
        } else {
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("HTTP {} {} failed (error id {})", ctx.request().method(), ctx.request().path(), id, cause);
            body.put("error", "internal error").put("id", id);
        }
        send(ctx, status, body);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 413 -> "request too large";
            case 415 -> "unsupported media type";
            default -> "request failed";
        };
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().headWritten()) {
            // Too late for a clean error: the status line is out. Cut the connection so the client sees it.
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
