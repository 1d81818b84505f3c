package org.openucc.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.openucc.config.Role;

/**
 * {@code GET /api/cluster}: the cluster as supervisors see it (members, the engine's owner and epoch, whether the
 * node answering owns the engine, the last takeovers); on a single node just {@code {"clustered": false}}.
 */
final class ClusterRoutes {
    private final Supplier<Map<String, Object>> view;

    /** @param view the cluster's view (it may block: it reads the log), or null on a single node */
    ClusterRoutes(Supplier<Map<String, Object>> view) {
        this.view = view;
    }

    void mount(Endpoints e) {
        e.get("/api/cluster", Role.SUPERVISOR, ctx -> {
            new QueryParams(ctx).end();
            if (view == null) {
                Map<String, Object> single = new LinkedHashMap<>();
                single.put("clustered", false);
                Replies.json(ctx, 200, single);
            } else {
                Replies.blocking(ctx, 200, view::get);
            }
        });
    }
}
