package org.openucc.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.openucc.auth.Caller;
import org.openucc.json.ApiJson;

/**
 * How route handlers answer: JSON with a status, and work that blocks (JDBC, bcrypt) moved to the
 * worker pool so event loops never wait. Failures go to the router's failure handler, which turns
 * them into JSON errors.
 */
final class Replies {
    static final String CALLER = "openucc.caller";

    private Replies() {
    }

    static Caller caller(RoutingContext ctx) {
        Caller c = ctx.get(CALLER);
        if (c == null) {
            throw new IllegalStateException("route " + ctx.request().path() + " is not behind the authentication handler");
        }
        return c;
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end(Buffer.buffer(ApiJson.bytes(body)));
    }

    static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).putHeader("cache-control", "no-store").end();
    }

    /** Runs blocking work on a worker thread and answers with its result as JSON. */
    static <T> void blocking(RoutingContext ctx, int status, Callable<T> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(r -> {
            if (r.succeeded()) {
                if (r.result() == null) {
                    noContent(ctx);
                } else {
                    json(ctx, status, r.result());
                }
            } else {
                ctx.fail(r.cause());
            }
        });
    }

    /** Answers with the result of asynchronous work (e.g. an ACD command) once it completes. */
    static <T> void later(RoutingContext ctx, int status, CompletionStage<T> work) {
        Future.fromCompletionStage(work, ctx.vertx().getOrCreateContext()).onComplete(r -> {
            if (r.succeeded()) {
                if (r.result() == null) {
                    noContent(ctx);
                } else {
                    json(ctx, status, r.result());
                }
            } else {
                ctx.fail(r.cause());
            }
        });
    }
}
