package org.openucc.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.openucc.auth.Authenticator;
import org.openucc.auth.NotAuthenticatedException;
import org.openucc.auth.Session;
import org.openucc.config.Role;
import org.openucc.http.HttpStatusException;
import org.openucc.http.SessionTokens;

/**
 * Declares the API's routes with what guards them: every route names the least role it needs; the
 * session is checked first, then the role, and only then is a body read (up to the size limit, 413
 * beyond). Ownership (an agent's own offers, interactions and state) is checked by the handlers.
 */
final class Endpoints {
    static final String SESSION = "openucc.session";
    static final String TOKEN = "openucc.token";

    private final Router router;
    private final Authenticator auth;
    private final BodyHandler jsonBody;
    /** The least role of every route declared here, by "METHOD /path" (null: public); what the OpenAPI document states. */
    private final java.util.Map<String, Role> roles = new java.util.TreeMap<>();

    Endpoints(Router router, Authenticator auth, int maxBodyBytes) {
        this.router = router;
        this.auth = auth;
        this.jsonBody = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    }

    Router router() {
        return router;
    }

    /** Every route declared so far with its least role (null: public), by "METHOD /path" (Vert.x :param paths). */
    java.util.Map<String, Role> roles() {
        return java.util.Collections.unmodifiableMap(roles);
    }

    void get(String path, Role role, Handler<RoutingContext> handler) {
        route(HttpMethod.GET, path, role, null, handler);
    }

    void delete(String path, Role role, Handler<RoutingContext> handler) {
        route(HttpMethod.DELETE, path, role, null, handler);
    }

    void post(String path, Role role, Handler<RoutingContext> handler) {
        route(HttpMethod.POST, path, role, jsonBody, handler);
    }

    void put(String path, Role role, Handler<RoutingContext> handler) {
        route(HttpMethod.PUT, path, role, jsonBody, handler);
    }

    /**
     * A route anyone may call without logging in (a web site's visitors): JSON body up to the limit,
     * no session. The handler is responsible for its own limits (e.g. per client address).
     */
    void publicPost(String path, Handler<RoutingContext> handler) {
        roles.put("POST " + path, null);
        router.route(HttpMethod.POST, path).handler(ctx -> jsonBody.handle(ctx)).handler(Endpoints::requireJsonOrText)
                .handler(handler);
    }

    /** A route with its own body handler (e.g. the CSV import with its larger limit). */
    void route(HttpMethod method, String path, Role role, BodyHandler body, Handler<RoutingContext> handler) {
        roles.put(method.name() + " " + path, role);
        var route = router.route(method, path).handler(this::authenticate).handler(ctx -> {
            Replies.caller(ctx).require(role);
            ctx.next();
        });
        if (body != null) {
            // Vert.x wants body handlers first; ours runs after the session and role checks on purpose
            // (an unauthenticated client gets 401 without sending a body to read). The checks are
            // synchronous, so the body handler still meets the request before any data is read.
            route.handler(ctx -> body.handle(ctx)).handler(Endpoints::requireJsonOrText);
        }
        route.handler(handler);
    }

    private void authenticate(RoutingContext ctx) {
        String token = SessionTokens.tokenOf(ctx.request());
        Session session = auth.authenticate(token).orElseThrow(() -> new NotAuthenticatedException(token == null
                ? "log in first: POST /api/auth/login (cookie) or /api/auth/token (bearer token)"
                : "the session has ended or expired; log in again"));
        ctx.put(Replies.CALLER, session.caller());
        ctx.put(SESSION, session);
        ctx.put(TOKEN, token);
        ctx.next();
    }

    /** JSON endpoints take JSON; the import takes CSV. Anything else is 415, not a guess. */
    private static void requireJsonOrText(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        boolean csvRoute = ctx.request().path().endsWith("/import");
        // No body at all (POST /api/auth/logout, …/end) needs no Content-Type: RequestBody.isEmpty() is true
        // both for a zero-length body and for none (length() is -1 then).
        boolean ok = ctx.body().isEmpty() || (csvRoute ? base.equals("text/csv") || base.equals("text/plain")
                : base.equals("application/json"));
        if (!ok) {
            throw new HttpStatusException(415, "send " + (csvRoute ? "text/csv" : "application/json")
                    + (type == null ? " with a Content-Type header" : ", not " + type));
        }
        ctx.next();
    }
}
