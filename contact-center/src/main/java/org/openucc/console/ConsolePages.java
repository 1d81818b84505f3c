package org.openucc.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.openucc.auth.Authenticator;
import org.openucc.auth.Session;
import org.openucc.config.Role;
import org.openucc.http.HttpRoutes;
import org.openucc.http.SessionTokens;

/**
 * The agent console and supervisor view: static pages and ES modules from the {@code agent-console}
 * jar on the class path, served at {@code /}. Mounted after the API so {@code /api} and {@code /ws}
 * never reach it. Every page gets a strict Content-Security-Policy (scripts and sockets of this server
 * only), and the supervisor, reports and campaigns pages are refused server-side to anyone below SUPERVISOR.
 */
public final class ConsolePages implements HttpRoutes {
    /** Where the agent-console module puts its files on the class path. */
    public static final String WEB_ROOT = "openucc-console";
    static final String SUPERVISOR_PAGE = "/supervisor.html";
    static final String REPORTS_PAGE = "/reports.html";
    static final String CAMPAIGNS_PAGE = "/campaigns.html";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Authenticator auth;
    private final Buffer forbiddenPage;

    public ConsolePages(Authenticator auth) {
        this.auth = auth;
        this.forbiddenPage = resource("forbidden.html");
    }

    private static Buffer resource(String name) {
        try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(WEB_ROOT + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's files (" + WEB_ROOT + "/" + name
                        + ") are not on the class path; is the agent-console jar missing?");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WEB_ROOT + "/" + name, e);
        }
    }

    @Override
    public void mount(Router router) {
        StaticHandler files = StaticHandler.create(WEB_ROOT).setCachingEnabled(false).setDirectoryListing(false)
                .setIncludeHidden(false).setDefaultContentEncoding("UTF-8");
        router.get(SUPERVISOR_PAGE).handler(ConsolePages::securityHeaders).handler(this::supervisorOnly);
        router.get(REPORTS_PAGE).handler(ConsolePages::securityHeaders).handler(this::supervisorOnly);
        router.get(CAMPAIGNS_PAGE).handler(ConsolePages::securityHeaders).handler(this::supervisorOnly);
        router.getWithRegex("^/(?!api/|ws/).*").handler(ConsolePages::securityHeaders).handler(files);
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("content-security-policy", CSP)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("x-frame-options", "DENY")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        ctx.next();
    }

    /** Not logged in: to the login page. Logged in below SUPERVISOR: 403 with a page that says so. */
    private void supervisorOnly(RoutingContext ctx) {
        Optional<Session> session = auth.authenticate(SessionTokens.tokenOf(ctx.request()));
        if (session.isEmpty()) {
            ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/?next=supervisor").end();
            return;
        }
        if (!session.get().caller().is(Role.SUPERVISOR)) {
            ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .end(forbiddenPage);
            return;
        }
        ctx.next();
    }
}
