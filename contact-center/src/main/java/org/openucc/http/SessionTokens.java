package org.openucc.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a request carries its session token: {@code Authorization: Bearer <token>} (integrations),
 * else the {@value #COOKIE} cookie (browsers: HttpOnly, so page scripts cannot read it, and
 * SameSite=Strict, so other sites cannot make the browser send it).
 */
public final class SessionTokens {
    public static final String COOKIE = "openucc_session";
    private static final String BEARER = "bearer ";

    private SessionTokens() {
    }

    /** The token the request presents, or null. */
    public static String tokenOf(HttpServerRequest request) {
        String authorization = request.getHeader("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        Cookie cookie = request.getCookie(COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    public static void setCookie(HttpServerResponse response, String token, Instant expiresAt, boolean secure) {
        long maxAge = Math.max(1, Duration.between(Instant.now(), expiresAt).toSeconds());
        response.addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(secure).setMaxAge(maxAge));
    }

    public static void clearCookie(HttpServerResponse response, boolean secure) {
        response.addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(secure).setMaxAge(0));
    }
}
