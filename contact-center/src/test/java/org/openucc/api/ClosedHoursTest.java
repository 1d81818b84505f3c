package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.TestConfigs;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * The demo server with every calendar closed (no opening hours at all): what a customer reaching
 * it at 3 a.m. meets on each front, over real HTTP and WebSockets.
 */
@ExtendWith(VertxExtension.class)
class ClosedHoursTest {
    private static final String CLOSED = "closed: outside business hours of default";

    @TempDir
    Path dataDir;

    private TestServer closedServer() throws Exception {
        return TestServer.start(dataDir, c -> TestConfigs.withCalendars(c, c.businessHours().stream()
                .map(b -> new BusinessHoursConfig(b.id(), b.timeZone(), Map.of(), Set.of())).toList()));
    }

    @Test
    void outsideBusinessHoursEveryFrontSaysClosedAndTheLogKeepsTheRefusal(Vertx vertx) throws Exception {
        try (TestServer server = closedServer()) {
            ApiClient admin = ApiClient.bearer(vertx, server.port(), "admin", "admin-demo");
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));

                // The API: created (and logged), but REJECTED with the reason.
                HttpResponse<Buffer> created = admin.post("/api/interactions", new JsonObject().put("channel", "VOICE")
                        .put("queueId", "sales").put("phone", "+4930999888"));
                assertThat(created.statusCode()).isEqualTo(201);
                JsonObject body = created.bodyAsJsonObject();
                assertThat(body.getString("state")).isEqualTo("REJECTED");
                assertThat(body.getString("reason")).isEqualTo(CLOSED);
                String id = body.getString("id");
                var log = server.contactCenter().store().interactionLog();
                LogEvent rejected = await().atMost(Duration.ofSeconds(10)).until(() -> {
                    log.flush().join();
                    return log.timeline(id).stream().filter(e -> e.type() == LogEventType.REJECTED).findFirst()
                            .orElse(null);
                }, e -> e != null);
                assertThat(rejected.details()).containsEntry("reason", CLOSED);

                // The chat visitor is told we are closed, not that the queue is full.
                try (ConsoleClient visitor = ConsoleClient.connect(vertx, server.port(), "/ws/chat",
                        MultiMap.caseInsensitiveMultiMap())) {
                    visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Night Owl").put("topic", "support")
                            .encode());
                    JsonObject error = visitor.next("error");
                    assertThat(error.getInteger("status")).isEqualTo(503);
                    assertThat(error.getString("message")).contains("closed", "business hours")
                            .doesNotContain("full");
                }

                // A web callback request is turned down the same way.
                HttpResponse<Buffer> callback = ApiClient.anonymous(vertx, server.port()).post("/api/callbacks",
                        new JsonObject().put("name", "Night Owl").put("phone", "+4930999777").put("queueId", "sales"));
                assertThat(callback.statusCode()).isEqualTo(409);
                assertThat(callback.bodyAsJsonObject().getString("message")).contains("closed", "opening hours");
            }
        }
    }
}
