package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.Locale;
import org.openucc.auth.Caller;
import org.openucc.auth.Session;
import org.openucc.auth.SessionStore;
import org.openucc.config.Role;
import org.openucc.json.JsonFields;
import org.openucc.http.HttpStatusException;
import org.openucc.http.SessionTokens;

/**
 * Login and logout. {@code POST /api/auth/login} opens a console session in an HttpOnly,
 * SameSite=Strict cookie; {@code POST /api/auth/token} gives an integration a bearer token. Both are
 * throttled after repeated failures (429 with Retry-After); bcrypt runs on a worker thread.
 */
final class AuthRoutes {
    /** What a login answers (the token only for bearer logins: a cookie's token never reaches page scripts). */
    record LoginAnswer(String username, Role role, String agentId, Instant expiresAt, String token, String tokenType) {
    }

    private final ApiContext api;

    AuthRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e, int maxBodyBytes) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        e.router().post("/api/auth/login").handler(body).handler(ctx -> login(ctx, Session.Kind.COOKIE));
        e.router().post("/api/auth/token").handler(body).handler(ctx -> login(ctx, Session.Kind.TOKEN));
        e.post("/api/auth/logout", Role.AGENT, this::logout);
        e.get("/api/auth/me", Role.AGENT, this::me);
    }

    private void login(RoutingContext ctx, Session.Kind kind) {
        requireJson(ctx);
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String username = f.text("username", true, 100);
        String password = f.text("password", true, 1000);
        f.end();
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
        ctx.vertx().executeBlocking(() -> api.auth().login(username, password, address, kind), false)
                .onSuccess(opened -> answer(ctx, opened))
                .onFailure(ctx::fail);
    }

    /**
     * Only JSON: a cross-site page can send a form or text/plain body without asking (no CORS
     * preflight), but not application/json, so it cannot log a browser in or spend a user's login
     * attempts.
     */
    private void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            api.rejections().count("login", "json-only");
            throw new HttpStatusException(415, "log in with a JSON body (Content-Type: application/json)"
                    + (type == null ? "" : ", not " + type));
        }
    }

    private void answer(RoutingContext ctx, SessionStore.Opened opened) {
        Session s = opened.session();
        Caller c = s.caller();
        if (s.kind() == Session.Kind.COOKIE) {
            SessionTokens.setCookie(ctx.response(), opened.token(), s.expiresAt(), api.config().api().secureCookie());
            Replies.json(ctx, 200, new LoginAnswer(c.username(), c.role(), c.agentId(), s.expiresAt(), null, null));
        } else {
            Replies.json(ctx, 200, new LoginAnswer(c.username(), c.role(), c.agentId(), s.expiresAt(), opened.token(),
                    "Bearer"));
        }
    }

    private void logout(RoutingContext ctx) {
        new QueryParams(ctx).end();
        api.auth().logout(ctx.get(Endpoints.TOKEN));
        SessionTokens.clearCookie(ctx.response(), api.config().api().secureCookie());
        Replies.noContent(ctx);
    }

    private void me(RoutingContext ctx) {
        new QueryParams(ctx).end();
        Session s = ctx.get(Endpoints.SESSION);
        Caller c = s.caller();
        Replies.json(ctx, 200, new LoginAnswer(c.username(), c.role(), c.agentId(), s.expiresAt(), null, null));
    }
}
