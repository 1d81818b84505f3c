package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.config.QueueConfig;
import org.openucc.config.Role;
import org.openucc.config.SkillConfig;
import org.openucc.crm.NotFoundException;
import org.openucc.crm.PageRequest;
import org.openucc.json.JsonFields;
import org.openucc.intake.InteractionIntake;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.SummaryQuery;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;

/**
 * {@code /api/interactions}: create (integrations: supervisors and admins), list and search from the
 * log (an agent sees the ones they answered), detail with the timeline and the live routing state,
 * the ACD's explanation of a waiting one, and commands: end, transfer, priority.
 */
final class InteractionRoutes {
    /** An interaction's CDR, its every event, and where the ACD has it now (absent once it is done). */
    record Detail(InteractionSummary summary, List<LogEvent> timeline, InteractionView live) {
    }

    /** A supervisor's monitoring sessions: in the timeline for supervisors only. */
    private static final Set<org.openucc.log.LogEventType> MONITORING = java.util.EnumSet.of(
            org.openucc.log.LogEventType.MONITOR_STARTED, org.openucc.log.LogEventType.MONITOR_MODE_CHANGED,
            org.openucc.log.LogEventType.MONITOR_ENDED);

    private final ApiContext api;
    private final Set<String> skills = new TreeSet<>();

    InteractionRoutes(ApiContext api) {
        this.api = api;
        api.config().skills().stream().map(SkillConfig::id).forEach(skills::add);
    }

    void mount(Endpoints e) {
        e.post("/api/interactions", Role.SUPERVISOR, this::create);
        e.get("/api/interactions", Role.AGENT, this::list);
        e.get("/api/interactions/:interactionId", Role.AGENT, this::detail);
        e.get("/api/interactions/:interactionId/explain", Role.SUPERVISOR, this::explain);
        e.post("/api/interactions/:interactionId/end", Role.AGENT, this::end);
        e.post("/api/interactions/:interactionId/transfer", Role.AGENT, this::transfer);
        e.put("/api/interactions/:interactionId/priority", Role.SUPERVISOR, this::priority);
    }

    private void create(RoutingContext ctx) {
        InteractionIntake.Request request = read(JsonFields.parse(ctx.body().asString()));
        Replies.blocking(ctx, 201, () -> {
            InteractionIntake.Created created = new InteractionIntake(api.routing(), api.store().get().customers(),
                    api.store().get().interactionLog(), api.clock())
                    .create(request);
            ctx.response().putHeader("location", "/api/interactions/" + created.id());
            return created;
        });
    }

    private InteractionIntake.Request read(JsonFields f) {
        Channel channel = f.enumValue("channel", Channel.class, true);
        String queueId = f.text("queueId", true, 100);
        String direction = f.text("direction", false, 20);
        if (direction != null && !direction.equals("INBOUND") && !direction.equals("OUTBOUND")) {
            f.add("direction", "must be INBOUND or OUTBOUND");
        }
        String customerId = f.text("customerId", false, 100);
        String phone = f.text("phone", false, 50);
        String email = f.text("email", false, 320);
        String account = f.text("accountNumber", false, 40);
        String chat = f.text("chatIdentity", false, 200);
        Map<String, Integer> extraSkills = f.integerMap("skills", false, 20, 1, 10);
        Integer priority = f.integer("priority", false, -1000, 1000);
        String preferred = f.text("preferredAgentId", false, 100);
        Map<String, String> attributes = f.textMap("attributes", 50, 2000);
        QueueConfig queue = api.config().queues().stream().filter(q -> q.id().equals(queueId)).findFirst().orElse(null);
        if (queueId != null && queue == null) {
            f.add("queueId", "'" + queueId + "' is not a queue");
        } else if (queue != null && channel != null && !queue.channels().contains(channel)) {
            f.add("channel", "queue '" + queueId + "' takes " + new TreeSet<>(queue.channels()) + ", not " + channel);
        }
        if (extraSkills != null) {
            extraSkills.keySet().stream().filter(s -> !skills.contains(s))
                    .forEach(s -> f.add("skills." + s, "is not a skill"));
        }
        f.end();
        return new InteractionIntake.Request(channel, queueId, direction, customerId, phone, email, account, chat,
                extraSkills, priority == null ? 0 : priority, preferred, attributes);
    }

    private void list(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String customerId = q.text("customerId", 100);
        String agentId = q.text("agentId", 100);
        String queueId = q.text("queueId", 100);
        Instant from = q.instant("from");
        Instant to = q.instant("to");
        PageRequest page = q.page();
        q.end();
        Caller caller = Replies.caller(ctx);
        String agent = agentId;
        if (!caller.is(Role.SUPERVISOR)) {
            if (agentId != null && !caller.isAgent(agentId)) {
                throw new AccessDeniedException("agents see only the interactions they answered");
            }
            agent = caller.agentId() == null ? "" : caller.agentId();
        }
        SummaryQuery query = new SummaryQuery(customerId, agent, queueId, from, to, page.offset(), page.limit());
        Replies.blocking(ctx, 200, () -> api.store().get().interactionLog().interactions(query));
    }

    private void detail(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("interactionId");
        Caller caller = Replies.caller(ctx);
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.GetInteraction(id)).thenApply(v -> v.orElse(null))
                .thenCompose(live -> ctx.vertx().executeBlocking(() -> {
                    var log = api.store().get().interactionLog();
                    InteractionSummary summary = log.summary(id).orElse(null);
                    List<LogEvent> timeline = log.timeline(id);
                    if (summary == null && live == null) {
                        throw new NotFoundException("interaction", id);
                    }
                    if (!caller.is(Role.SUPERVISOR) && !concerns(caller, live, timeline)) {
                        throw new AccessDeniedException("interaction " + id + " is not one of yours");
                    }
                    if (!caller.is(Role.SUPERVISOR)) {
                        // Silent monitoring stays silent: who listened in is for supervisors to read.
                        timeline = timeline.stream().filter(e -> !MONITORING.contains(e.type())).toList();
                    }
                    return new Detail(summary, timeline, live);
                }, false).toCompletionStage()));
    }

    /** Whether the agent was ever offered it, holds it, or answered it. */
    private static boolean concerns(Caller caller, InteractionView live, List<LogEvent> timeline) {
        if (caller.agentId() == null) {
            return false;
        }
        if (live != null && (caller.isAgent(live.agentId()) || live.offeredTo().contains(caller.agentId()))) {
            return true;
        }
        return timeline.stream().anyMatch(ev -> caller.isAgent(ev.agentId()));
    }

    private void explain(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("interactionId");
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.Explain(id)));
    }

    private void end(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String reason = null;
        if (ctx.body().length() > 0) {
            JsonFields f = JsonFields.parse(ctx.body().asString());
            reason = f.text("reason", false, 200);
            f.end();
        }
        Replies.later(ctx, 204, api.cti().desk().end(Replies.caller(ctx), ctx.pathParam("interactionId"), reason));
    }

    private void transfer(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String queueId = f.text("queueId", true, 100);
        f.end();
        Replies.later(ctx, 204, api.cti().desk().transfer(Replies.caller(ctx), ctx.pathParam("interactionId"), queueId));
    }

    private void priority(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        Integer priority = f.integer("priority", true, -1000, 1000);
        f.end();
        String id = ctx.pathParam("interactionId");
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.ChangePriority(id, priority)));
    }
}
