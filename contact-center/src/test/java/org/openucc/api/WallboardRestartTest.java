package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.AgentConfig;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingService;
import org.openucc.stats.AgentRow;
import org.openucc.stats.QueueFigures;
import org.openucc.stats.StatsSnapshot;

/**
 * The supervisor's wallboard through the server's own start-up (store, ACD, CTI, recovery on H2): after
 * some work (emails handled and waiting, agents on a break), the server stops and starts again on the same
 * data directory, and every figure is the same; those that grow with time are compared by where they
 * count from (state since, oldest waiting since).
 */
@ExtendWith(VertxExtension.class)
class WallboardRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void aRestartedServerShowsTheSameWallboard(Vertx vertx) throws Exception {
        StatsSnapshot before;
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient admin = ApiClient.bearer(vertx, server.port(), "admin", "admin-demo");
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                var created = admin.post("/api/interactions", new JsonObject().put("channel", "EMAIL").put("queueId", "email")
                        .put("email", "writer" + i + "@example.com"));
                assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
                emails.add(created.bodyAsJsonObject().getString("id"));
            }
            RoutingService routing = server.contactCenter().routing();
            List<String> agents = server.contactCenter().config().agents().stream().map(AgentConfig::id).toList();
            // Everyone comes in: the first offered an email answers it, finishes and wraps up; then all take a
            // break (declining what rings), so the other emails wait.
            boolean handled = false;
            for (String a : agents) {
                send(routing, new RoutingCommand.Login(a, true));
                AgentView v = send(routing, new RoutingCommand.GetAgent(a));
                if (v.offeredInteraction() != null && !handled) {
                    String id = v.offeredInteraction();
                    send(routing, new RoutingCommand.Accept(id, a));
                    send(routing, new RoutingCommand.End(id, "replied", a));
                    send(routing, new RoutingCommand.CompleteWrapUp(id, a));
                    handled = true;
                    v = send(routing, new RoutingCommand.GetAgent(a));
                }
                if (v.offeredInteraction() != null) {
                    send(routing, new RoutingCommand.Decline(v.offeredInteraction(), a));
                }
                send(routing, new RoutingCommand.NotReady(a, handled && v.handled() > 0 ? "lunch" : "meeting"));
            }
            // Nothing rings at the restart (a ringing offer comes back as a new one, a change of its own).
            for (int round = 0; round < 20; round++) {
                boolean rang = false;
                for (String a : agents) {
                    AgentView v = send(routing, new RoutingCommand.GetAgent(a));
                    if (v.offeredInteraction() != null) {
                        send(routing, new RoutingCommand.Decline(v.offeredInteraction(), a));
                        rang = true;
                    }
                }
                if (!rang) {
                    break;
                }
            }
            before = server.contactCenter().cti().stats().snapshot().get(10, TimeUnit.SECONDS);
            QueueFigures email = queue(before, "email");
            assertThat(List.of(email.offeredToday(), email.answeredToday(), (long) email.waiting()))
                    .as("3 emails: 1 answered, 2 waiting").isEqualTo(List.of(3L, 1L, 2L));
            assertThat(before.agents().stream().mapToInt(AgentRow::handledToday).sum()).isEqualTo(1);
            assertThat(before.agents()).anySatisfy(a -> assertThat(a.reason()).isEqualTo("meeting"));
        }

        try (TestServer server = TestServer.start(dataDir)) {
            StatsSnapshot after = server.contactCenter().cti().stats().snapshot().get(10, TimeUnit.SECONDS);
            StatsSnapshot was = comparable(before);
            StatsSnapshot is = comparable(after);
            for (int i = 0; i < was.queues().size(); i++) {
                assertThat(is.queues().get(i)).as(was.queues().get(i).queueId()).isEqualTo(was.queues().get(i));
            }
            for (int i = 0; i < was.agents().size(); i++) {
                assertThat(is.agents().get(i)).as(was.agents().get(i).agentId()).isEqualTo(was.agents().get(i));
            }
            assertThat(is).isEqualTo(was);
            // The supervisors' stream starts from the same figures.
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient live = ConsoleClient.connect(vertx, server.port(), "/ws/supervisor",
                    supervisor.sessionHeaders())) {
                JsonArray queues = live.next("snapshot").getJsonArray("queues");
                JsonObject email = queues.stream().map(JsonObject.class::cast)
                        .filter(q -> q.getString("queueId").equals("email")).findFirst().orElseThrow();
                assertThat(List.of(email.getLong("offeredToday"), email.getLong("answeredToday"),
                        email.getLong("waiting"))).isEqualTo(List.of(3L, 1L, 2L));
            }
        }
    }

    private static <T> T send(RoutingService routing, RoutingCommand<T> command) {
        return routing.send(command).toCompletableFuture().join();
    }

    private static QueueFigures queue(StatsSnapshot s, String id) {
        return s.queues().stream().filter(q -> q.queueId().equals(id)).findFirst().orElseThrow();
    }

    /** The snapshot without what grows with time: compared by where it counts from instead. */
    private static StatsSnapshot comparable(StatsSnapshot s) {
        return new StatsSnapshot(s.queues().stream().map(q -> new QueueFigures(q.queueId(), q.name(), q.waiting(), 0,
                q.oldestWaitingSince(), q.offeredToday(), q.answeredToday(), q.abandonedToday(), q.serviceLevelPercent(),
                q.serviceLevelTargetPercent(), q.serviceLevelThresholdMillis(), q.averageSpeedOfAnswerMillis(),
                q.averageHandleMillis(), q.hours(), null)).toList(),
                s.agents().stream().map(a -> new AgentRow(a.agentId(), a.name(), a.state(), a.reason(), a.stateSince(), 0,
                        a.interactions(), a.offeredInteraction(), a.handledToday(), null)).toList());
    }
}
