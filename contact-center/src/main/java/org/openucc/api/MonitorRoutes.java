package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.config.UserConfig;
import org.openucc.crm.NotFoundException;
import org.openucc.fault.LimitExceededException;
import org.openucc.json.JsonFields;
import org.openucc.limits.RateLimiter;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingException;
import org.openucc.telephony.MonitorMode;

/**
 * A supervisor listening in on, whispering to or barging into a connected call:
 * {@code POST /api/interactions/{id}/monitor} rings the supervisor's own phone ({@code users[].phone})
 * and answers once it joined, {@code PUT} switches the mode live, {@code DELETE} lets the supervisor go.
 * SUPERVISOR or ADMIN only; a session is changed or ended by the supervisor who started it (or an
 * admin). At most {@value #REQUESTS_PER_MINUTE} requests per user per minute (429).
 */
final class MonitorRoutes {
    static final int REQUESTS_PER_MINUTE = 30;

    private final ApiContext api;
    private final RateLimiter perUser;

    MonitorRoutes(ApiContext api) {
        this.api = api;
        this.perUser = new RateLimiter(REQUESTS_PER_MINUTE, Duration.ofMinutes(1), api.clock());
    }

    void mount(Endpoints e) {
        e.post("/api/interactions/:interactionId/monitor", Role.SUPERVISOR, this::start);
        e.put("/api/interactions/:interactionId/monitor", Role.SUPERVISOR, this::change);
        e.delete("/api/interactions/:interactionId/monitor", Role.SUPERVISOR, this::stop);
    }

    private void start(RoutingContext ctx) {
        Caller caller = admitted(ctx);
        MonitorMode mode = mode(ctx);
        String phone = api.config().users().stream().filter(u -> u.username().equals(caller.username()))
                .findFirst().map(UserConfig::phone).orElse(null);
        String id = ctx.pathParam("interactionId");
        Replies.later(ctx, 200, known(ctx, id, () -> {
            if (phone == null) {
                throw new RoutingException(RoutingException.Kind.CONFLICT, "user '" + caller.username()
                        + "' has no phone to listen on; give them one in the configuration (users[].phone)");
            }
            return api.cti().calls().monitor(id, caller.username(), phone, mode);
        }));
    }

    private void change(RoutingContext ctx) {
        Caller caller = admitted(ctx);
        MonitorMode mode = mode(ctx);
        String id = ctx.pathParam("interactionId");
        Replies.later(ctx, 200, known(ctx, id, () -> api.cti().calls().changeMonitor(id, caller.username(),
                caller.is(Role.ADMIN), mode)));
    }

    private void stop(RoutingContext ctx) {
        Caller caller = admitted(ctx);
        new QueryParams(ctx).end();
        String id = ctx.pathParam("interactionId");
        Replies.later(ctx, 204, known(ctx, id, () -> api.cti().calls().stopMonitor(id, caller.username(),
                caller.is(Role.ADMIN))));
    }

    private Caller admitted(RoutingContext ctx) {
        Caller caller = Replies.caller(ctx);
        if (!perUser.tryAcquire(caller.username())) {
            api.rejections().count("monitor", "requests-per-user");
            long retry = perUser.retryAfterSeconds(caller.username());
            throw new LimitExceededException("at most " + REQUESTS_PER_MINUTE + " monitoring requests per minute;"
                    + " try again in " + retry + " s", Duration.ofSeconds(retry));
        }
        return caller;
    }

    private static MonitorMode mode(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        MonitorMode mode = f.enumValue("mode", MonitorMode.class, true);
        f.end();
        return mode;
    }

    /** Runs {@code then} for an interaction the ACD or the log knows; 404 otherwise. */
    private <T> CompletionStage<T> known(RoutingContext ctx, String id, Supplier<CompletionStage<T>> then) {
        return api.routing().send(new RoutingCommand.GetInteraction(id)).thenCompose(live -> live.isPresent()
                ? then.get()
                : ctx.vertx().executeBlocking(() -> api.store().get().interactionLog().summary(id), false)
                        .toCompletionStage().thenCompose(summary -> {
                            if (summary.isEmpty()) {
                                throw new NotFoundException("interaction", id);
                            }
                            return then.get();
                        }));
    }
}
