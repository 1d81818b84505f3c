package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.dialout.DialOutService;
import org.openucc.fault.LimitExceededException;
import org.openucc.http.HttpStatusException;
import org.openucc.json.JsonFields;
import org.openucc.limits.RateLimiter;

/**
 * An agent's own calls: {@code POST /api/agents/me/calls} dials a number (the console's dial pad and
 * click-to-call; limited per agent per minute by {@code channels.dialOut}), and
 * {@code POST /api/interactions/{id}/dtmf} sends DTMF on the agent's connected call (only the agent
 * who holds it; at most {@value #DTMF_PER_MINUTE} requests per agent per minute).
 */
final class DialOutRoutes {
    static final int DTMF_PER_MINUTE = 120;

    private final ApiContext api;
    private final RateLimiter dtmfPerAgent;

    DialOutRoutes(ApiContext api) {
        this.api = api;
        this.dtmfPerAgent = new RateLimiter(DTMF_PER_MINUTE, Duration.ofMinutes(1), api.clock());
    }

    void mount(Endpoints e) {
        e.post("/api/agents/me/calls", Role.AGENT, this::dial);
        e.post("/api/interactions/:interactionId/dtmf", Role.AGENT, this::dtmf);
    }

    private void dial(RoutingContext ctx) {
        new QueryParams(ctx).end();
        DialOutService dialOut = api.channels() == null ? null : api.channels().dialOut();
        if (dialOut == null) {
            throw new HttpStatusException(503, "dial-out is not enabled on this server (channels.dialOut)");
        }
        String agentId = agentOf(Replies.caller(ctx));
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String number = f.text("number", true, 50);
        String customerId = f.text("customerId", false, 100);
        f.end();
        Replies.blocking(ctx, 202, () -> dialOut.dial(agentId, number, customerId));
    }

    private void dtmf(RoutingContext ctx) {
        new QueryParams(ctx).end();
        Caller caller = Replies.caller(ctx);
        String agentId = agentOf(caller);
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String digits = f.text("digits", true, 32);
        f.end();
        if (!dtmfPerAgent.tryAcquire(agentId)) {
            api.rejections().count("dtmf", "requests-per-agent");
            long retry = dtmfPerAgent.retryAfterSeconds(agentId);
            throw new LimitExceededException("at most " + DTMF_PER_MINUTE + " DTMF requests per minute; try again in "
                    + retry + " s", Duration.ofSeconds(retry));
        }
        Replies.later(ctx, 204, api.cti().desk().sendDtmf(caller, ctx.pathParam("interactionId"), digits));
    }

    private static String agentOf(Caller caller) {
        if (caller.agentId() == null) {
            throw new AccessDeniedException("user '" + caller.username() + "' is not an agent; only agents make calls");
        }
        return caller.agentId();
    }
}
