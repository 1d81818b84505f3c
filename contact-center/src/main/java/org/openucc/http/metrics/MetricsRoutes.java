package org.openucc.http.metrics;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.openucc.auth.Authenticator;
import org.openucc.auth.NotAuthenticatedException;
import org.openucc.auth.Session;
import org.openucc.config.Role;
import org.openucc.http.HttpRoutes;
import org.openucc.http.SessionTokens;
import org.openucc.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in the Prometheus text format. Secure by default: the request must carry the
 * scrape token ({@code Authorization: Bearer …}, from {@code metrics.tokenEnv}) or the session of a
 * supervisor or admin (cookie or bearer); otherwise 401 (403 for an agent), as JSON like every error.
 */
public final class MetricsRoutes implements HttpRoutes {
    public static final String PATH = "/metrics";
    /** The least role whose session may scrape (the scrape token works without a session). */
    public static final Role ROLE = Role.SUPERVISOR;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRoutes.class);

    private final ServerMetrics metrics;
    private final Authenticator auth;

    public MetricsRoutes(ServerMetrics metrics, Authenticator auth) {
        this.metrics = metrics;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        if (metrics.enabled()) {
            router.get(PATH).handler(this::scrape);
        }
    }

    private void scrape(RoutingContext ctx) {
        try {
            authorize(ctx.request());
        } catch (RuntimeException e) {
            ctx.fail(e);
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        metrics.refresh().whenComplete((v, err) -> {
            if (err != null) {
                // The engine did not answer (stopping): the scrape still shows everything else.
                LOG.debug("metrics: live figures not refreshed: {}", err.toString());
            }
            context.executeBlocking(metrics::scrape).onComplete(text -> {
                if (text.failed()) {
                    ctx.fail(text.cause());
                } else {
                    ctx.response().putHeader("content-type", ServerMetrics.CONTENT_TYPE)
                            .putHeader("cache-control", "no-store").end(text.result());
                }
            });
        });
    }

    private void authorize(HttpServerRequest request) {
        String presented = SessionTokens.tokenOf(request);
        if (presented == null) {
            throw new NotAuthenticatedException("scrape with Authorization: Bearer <the metrics token> or the session"
                    + " of a supervisor or admin");
        }
        String token = metrics.scrapeToken();
        if (token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        Session session = auth.authenticate(presented).orElseThrow(() -> new NotAuthenticatedException(
                "the token is neither the metrics token nor a live session"));
        session.caller().require(ROLE);
    }
}
