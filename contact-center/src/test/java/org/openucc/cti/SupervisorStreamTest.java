package org.openucc.cti;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;

/** The supervisor WebSocket: a snapshot on connect, pushed changes, steering an agent (audited). */
@ExtendWith(VertxExtension.class)
class SupervisorStreamTest {
    @TempDir
    static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void supervisorSeesEveryQueueAndAgentThenTheChangesAndCanSetAnAgentNotReady(Vertx vertx) {
        ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        try (ConsoleClient live = ConsoleClient.connect(vertx, server.port(), "/ws/supervisor", supervisor.sessionHeaders())) {
            JsonObject snapshot = live.next("snapshot");
            assertThat(snapshot.getJsonArray("queues")).hasSize(server.contactCenter().config().queues().size());
            assertThat(snapshot.getJsonArray("agents")).hasSize(server.contactCenter().config().agents().size());
            JsonObject operator = snapshot.getJsonArray("queues").stream().map(JsonObject.class::cast)
                    .filter(q -> q.getString("queueId").equals("operator")).findFirst().orElseThrow();
            assertThat(operator.getInteger("waiting")).isZero();
            assertThat(operator.getInteger("serviceLevelTargetPercent")).isEqualTo(80);

            var created = supervisor.post("/api/interactions", new JsonObject().put("channel", "VOICE")
                    .put("queueId", "operator"));
            assertThat(created.statusCode()).isEqualTo(201);
            JsonObject pushed = live.next(m -> "queue".equals(m.getString("type"))
                    && m.getJsonObject("queue").getString("queueId").equals("operator")
                    && m.getJsonObject("queue").getInteger("waiting") == 1, "operator queue with one waiting");
            assertThat(pushed.getJsonObject("queue").getLong("offeredToday")).isEqualTo(1);
            assertThat(pushed.getJsonObject("queue").getString("oldestWaitingSince")).isNotNull();

            JsonObject ack = live.command(new JsonObject().put("type", "notReady").put("agentId", "alice")
                    .put("reason", "meeting"));
            assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
            JsonObject row = live.next(m -> "agent".equals(m.getString("type"))
                    && m.getJsonObject("agent").getString("agentId").equals("alice")
                    && "meeting".equals(m.getJsonObject("agent").getString("reason")), "alice NOT_READY (meeting)")
                    .getJsonObject("agent");
            assertThat(row.getString("state")).isEqualTo("NOT_READY");
            assertThat(row.getString("stateSince")).isNotNull();

            JsonObject refused = live.command(new JsonObject().put("type", "ready").put("agentId", "alice"));
            assertThat(refused.getString("type")).isEqualTo("error");
        }
        var audit = supervisor.get("/api/events?type=ADMIN_CHANGE&agentId=").bodyAsJsonObject();
        assertThat(audit.getJsonArray("events").stream().map(JsonObject.class::cast)
                .anyMatch(e -> "supervisor".equals(e.getString("actor"))
                        && "alice".equals(e.getJsonObject("details").getString("entityId")))).isTrue();
    }
}
