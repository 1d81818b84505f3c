package org.openucc.http;

import io.vertx.core.json.JsonArray;
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
public final class JsonErrors {
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

    /** Route failures: a thrown exception or {@code ctx.fail(status, cause)}, mapped by {@link ApiProblem}. */
    static void failure(RoutingContext ctx) {
        Throwable cause = ctx.failure();
        ApiProblem problem = cause != null ? ApiProblem.of(cause) : ApiProblem.of(ctx.statusCode() < 400 ? 500
                : ctx.statusCode(), null);
        if (cause != null && problem.isServerError() && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            // ctx.fail(4xx, cause) with a cause we do not map (e.g. a body handler's): keep the status.
            problem = ApiProblem.of(ctx.statusCode(), null);
        }
        String id = null;
        if (problem.isServerError()) {
            id = UUID.randomUUID().toString().substring(0, 8);
            if (!expected(problem, cause)) {
                // An unknown failure: the stack trace stays in the log, the client gets only the id.
                LOG.error("HTTP {} {} failed (error id {})", ctx.request().method(), ctx.request().path(), id, cause);
                send(ctx, problem.status(), new JsonObject().put("status", problem.status()).put("error", problem.error())
                        .put("id", id));
                return;
            }
            // A known state (a channel switched off, the log behind or unable to write): one line, no stack trace,
            // and the client is told what is unavailable and when to try again.
            LOG.warn("HTTP {} {} answered {}: {} (error id {})", ctx.request().method(), ctx.request().path(),
                    problem.status(), problem.message(), id);
        }
        if (problem.retryAfterSeconds() != null && !ctx.response().headWritten()) {
            ctx.response().putHeader("retry-after", String.valueOf(problem.retryAfterSeconds()));
        }
        if (problem.status() == 401 && !ctx.response().headWritten()) {
            ctx.response().putHeader("www-authenticate", "Bearer realm=\"openucc\"");
        }
        JsonObject body = body(problem, defaultMessage(problem.status()));
        send(ctx, problem.status(), id == null ? body : body.put("id", id));
    }

    /** 502/503 from an exception that says what is unavailable, not a bug. */
    private static boolean expected(ApiProblem problem, Throwable cause) {
        return cause != null && (problem.status() == 502 || problem.status() == 503) && problem.message() != null;
    }

    /** The JSON body of a client error: status, error, message, and the bad fields when there are any. */
    public static JsonObject body(ApiProblem problem, String fallbackMessage) {
        JsonObject body = new JsonObject().put("status", problem.status()).put("error", problem.error());
        String message = problem.message() != null ? problem.message() : fallbackMessage;
        if (message != null) {
            body.put("message", message);
        }
        if (!problem.fields().isEmpty()) {
            JsonArray fields = new JsonArray();
            problem.fields().forEach(f -> fields.add(new JsonObject().put("field", f.field()).put("message", f.message())));
            body.put("fields", fields);
        }
        if (problem.currentVersion() != null) {
            body.put("currentVersion", problem.currentVersion());
        }
        if (problem.retryAfterSeconds() != null) {
            body.put("retryAfterSeconds", problem.retryAfterSeconds());
        }
        return body;
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 413 -> "the request body is larger than this endpoint accepts";
            case 401 -> "log in first: POST /api/auth/login (cookie) or /api/auth/token (bearer token)";
            default -> null;
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
