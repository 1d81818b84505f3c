package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openucc.config.QueueConfig;
import org.openucc.config.Role;
import org.openucc.interaction.Channel;
import org.openucc.routing.QueueView;
import org.openucc.routing.RoutingCommand;

/**
 * {@code /api/queues} with their live figures and targets (everyone), a queue's waiting interactions
 * (supervisors), and {@code /api/skills}.
 */
final class QueueRoutes {
    /** A queue: what it takes, its service-level target, and its figures since the ACD started. */
    record Queue(String id, String name, List<Channel> channels, Map<String, Integer> skills, String strategy,
                 int serviceLevelTargetPercent, long serviceLevelThresholdMillis, QueueView live) {
    }

    private final ApiContext api;
    private final Map<String, QueueConfig> configs;

    QueueRoutes(ApiContext api) {
        this.api = api;
        this.configs = api.config().queues().stream().collect(Collectors.toMap(QueueConfig::id, Function.identity()));
    }

    void mount(Endpoints e) {
        e.get("/api/queues", Role.AGENT, this::list);
        e.get("/api/queues/:queueId", Role.AGENT, this::read);
        e.get("/api/queues/:queueId/waiting", Role.SUPERVISOR, this::waiting);
        e.get("/api/skills", Role.AGENT, ctx -> {
            new QueryParams(ctx).end();
            Replies.json(ctx, 200, api.config().skills());
        });
    }

    private void list(RoutingContext ctx) {
        new QueryParams(ctx).end();
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.ListQueues())
                .thenApply(views -> views.stream().map(this::queue).toList()));
    }

    private void read(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("queueId");
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.GetQueue(id)).thenApply(this::queue));
    }

    private void waiting(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("queueId");
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.ListWaiting(id)));
    }

    private Queue queue(QueueView v) {
        QueueConfig c = configs.get(v.id());
        if (c == null) {
            return new Queue(v.id(), v.name(), List.of(), Map.of(), v.strategy(), 0, 0, v);
        }
        return new Queue(v.id(), v.name(), List.copyOf(new TreeSet<>(c.channels())), c.skills(), c.strategy(),
                c.serviceLevel().percent(), c.serviceLevel().threshold().toMillis(), v);
    }
}
