package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.openucc.callback.CallbackRequests;
import org.openucc.http.HttpStatusException;
import org.openucc.json.JsonFields;

/**
 * {@code POST /api/callbacks}: a web site's "call me back" form. Public (no login), limited per
 * client address, validated field by field; the answer says whether it waits for an agent now or
 * for its time.
 */
final class CallbackRoutes {
    private final ApiContext api;

    CallbackRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e) {
        e.publicPost("/api/callbacks", this::request);
    }

    private void request(RoutingContext ctx) {
        new QueryParams(ctx).end();
        CallbackRequests callbacks = api.channels() == null ? null : api.channels().callbackRequests();
        if (callbacks == null) {
            throw new HttpStatusException(503, "web callbacks are not enabled on this server");
        }
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String name = f.text("name", true, 100);
        String phone = f.text("phone", true, 50);
        String queueId = f.text("queueId", false, 100);
        Instant at = f.instant("at", false);
        String note = f.text("note", false, 500);
        f.end();
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        Replies.blocking(ctx, 202, () -> callbacks.request(name, phone, queueId, at, note, address));
    }
}
