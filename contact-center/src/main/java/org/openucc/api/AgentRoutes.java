package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openucc.auth.Caller;
import org.openucc.config.AgentConfig;
import org.openucc.config.Role;
import org.openucc.config.SkillConfig;
import org.openucc.json.JsonFields;
import org.openucc.interaction.Channel;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.RoutingCommand;

/**
 * {@code /api/agents}: the agents with their live state (supervisors; an agent sees only themself),
 * state commands (an agent for themself; a supervisor may set anyone NOT_READY or log them out),
 * skill changes (supervisors), and adding, changing or removing agents (admins). Changes made here
 * live in the running ACD until restart; the configuration file stays the source at start. Every
 * change by a supervisor or admin is audited in the interaction log.
 */
final class AgentRoutes {
    private final ApiContext api;
    private final Set<String> skills = new TreeSet<>();

    AgentRoutes(ApiContext api) {
        this.api = api;
        api.config().skills().stream().map(SkillConfig::id).forEach(skills::add);
    }

    void mount(Endpoints e) {
        e.get("/api/agents", Role.SUPERVISOR, this::list);
        e.get("/api/agents/:agentId", Role.AGENT, this::read);
        e.put("/api/agents/:agentId", Role.ADMIN, this::upsert);
        e.delete("/api/agents/:agentId", Role.ADMIN, this::remove);
        e.post("/api/agents/:agentId/state", Role.AGENT, this::state);
        e.put("/api/agents/:agentId/skills", Role.SUPERVISOR, this::skills);
    }

    private void list(RoutingContext ctx) {
        new QueryParams(ctx).end();
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.ListAgents()));
    }

    private void read(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("agentId");
        Replies.caller(ctx).requireMaySee(id);
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.GetAgent(id)));
    }

    private void state(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        AgentState state = f.enumValue("state", AgentState.class, true);
        String reason = f.text("reason", false, 64);
        f.end();
        Replies.later(ctx, 200, api.cti().desk().setState(Replies.caller(ctx), ctx.pathParam("agentId"), state, reason));
    }

    private void skills(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        Map<String, Integer> levels = f.integerMap("skills", true, 100, 1, 10);
        checkSkills(f, levels);
        f.end();
        String id = ctx.pathParam("agentId");
        Caller caller = Replies.caller(ctx);
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.SetSkills(id, levels)).thenCompose(view -> api.cti().audit().record(caller.username(), "agent", id, "skills", "skills set to "
                + new java.util.TreeMap<>(levels)).thenApply(ev -> view)));
    }

    private void upsert(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String name = f.text("name", false, 200);
        Map<String, Integer> levels = f.integerMap("skills", false, 100, 1, 10);
        Map<String, Integer> rawCapacity = f.integerMap("capacity", false, Channel.values().length, 0, 100);
        checkSkills(f, levels);
        Map<Channel, Integer> capacity = null;
        if (rawCapacity != null) {
            capacity = new EnumMap<>(Channel.class);
            for (Map.Entry<String, Integer> c : rawCapacity.entrySet()) {
                Channel ch = channel(c.getKey());
                if (ch == null) {
                    f.add("capacity." + c.getKey(), "is not a channel (VOICE, CHAT, EMAIL, CALLBACK, OUTBOUND_VOICE)");
                } else {
                    capacity.put(ch, c.getValue());
                }
            }
        }
        f.end();
        String id = ctx.pathParam("agentId");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")) {
            throw org.openucc.http.BadRequestException.field("agentId",
                    "agent ids are letters, digits and . _ - @, starting with a letter or digit");
        }
        AgentConfig config = new AgentConfig(id, name, levels, capacity);
        Caller caller = Replies.caller(ctx);
        var done = api.routing().send(new RoutingCommand.UpsertAgent(config)).thenCompose(u -> api.cti().audit()
                .record(caller.username(), "agent", id, u.created() ? "create" : "update", "name " + u.agent().name()
                        + ", skills " + new java.util.TreeMap<>(u.agent().skills()) + ", capacity "
                        + u.agent().capacity()).thenApply(ev -> u));
        io.vertx.core.Future.fromCompletionStage(done, ctx.vertx().getOrCreateContext()).onSuccess(u -> {
            if (u.created()) {
                ctx.response().putHeader("location", "/api/agents/" + id);
            }
            Replies.json(ctx, u.created() ? 201 : 200, u.agent());
        }).onFailure(ctx::fail);
    }

    private void remove(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("agentId");
        Caller caller = Replies.caller(ctx);
        Replies.later(ctx, 204, api.routing().send(new RoutingCommand.RemoveAgent(id))
                .thenCompose(v -> api.cti().audit().record(caller.username(), "agent", id, "delete", "removed"))
                .thenApply(ev -> null));
    }

    private void checkSkills(JsonFields f, Map<String, Integer> levels) {
        if (levels != null) {
            levels.keySet().stream().filter(s -> !skills.contains(s)).forEach(s -> f.add("skills." + s,
                    "is not a skill; use one of " + String.join(", ", skills)));
        }
    }

    private static Channel channel(String name) {
        for (Channel c : Channel.values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

}
