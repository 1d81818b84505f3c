package org.openucc.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.WebSocketLimits;
import org.openucc.limits.Rejections;

/**
 * The consoles' WebSocket limits against real sockets on a started server: one agent's flood is
 * refused (and the flooding connection closed) while another agent's commands are served.
 */
@ExtendWith(VertxExtension.class)
class WebSocketLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private TestServer start(WebSocketLimits limits) throws Exception {
        return TestServer.start(dataDir, c -> c.withServer(c.server().withWebSocket(limits)));
    }

    @Test
    void oneAgentsCommandFloodIsRefusedAndClosedWhileAnotherAgentIsServed(Vertx vertx) throws Exception {
        try (TestServer server = start(new WebSocketLimits(0, 5, 10, 1000, 30))) {
            Rejections rejections = server.contactCenter().rejections();
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient ivan = ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo");
            try (ConsoleClient flooder = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient other = ConsoleClient.connect(vertx, server.port(), "/ws/agent", ivan.sessionHeaders())) {
                flooder.next("hello");
                other.next("hello");
                int sent = 0;
                for (int i = 0; i < 2000 && !flooder.isClosed(); i++) { // bounded: 2,000 messages at most
                    flooder.sendRaw(new JsonObject().put("type", "notReady").put("reason", "break").put("id", "f" + i)
                            .encode());
                    sent++;
                    if (i == 100) {
                        // Another agent meanwhile: served as usual.
                        JsonObject ack = other.command(new JsonObject().put("type", "ready"));
                        assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
                    }
                }
                JsonObject refused = flooder.next(m -> "error".equals(m.getString("type"))
                        && Integer.valueOf(429).equals(m.getInteger("status")), "a 429 error");
                assertThat(refused.getString("message")).contains("too fast").contains("5 messages a second");
                assertThat(refused.getLong("retryAfterSeconds")).isEqualTo(1L);
                assertThat(refused.getString("id")).startsWith("f"); // the refused message's id, for the console
                await().atMost(WAIT).until(flooder::isClosed);
                assertThat(rejections.total("websocket", "flood-closed")).isEqualTo(1);
                assertThat(rejections.total("websocket", "messages-per-connection")).isGreaterThanOrEqualTo(30);
                // At most the burst and what the rate refilled ran; everything else was refused.
                long acks = flooder.received().stream().filter(m -> "ack".equals(m.getString("type"))).count();
                assertThat(acks).isLessThan(sent - 30);

                JsonObject stillServed = other.command(new JsonObject().put("type", "notReady").put("reason", "break"));
                assertThat(stillServed.getString("type")).as(stillServed.encode()).isEqualTo("ack");
            }
        }
    }

    @Test
    void anAgentsConsolesShareOneBudgetWhileAnotherAgentIsServed(Vertx vertx) throws Exception {
        try (TestServer server = start(new WebSocketLimits(0, 1000, 1000, 5, 1000))) {
            Rejections rejections = server.contactCenter().rejections();
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient ivan = ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo");
            try (ConsoleClient tab1 = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient tab2 = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient tab3 = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient other = ConsoleClient.connect(vertx, server.port(), "/ws/agent", ivan.sessionHeaders())) {
                for (ConsoleClient c : List.of(tab1, tab2, tab3, other)) {
                    c.next("hello");
                }
                // 3 × 20 pings: each tab is far below its own rate, together far above bob's (5/s, burst 10).
                for (int i = 0; i < 20; i++) {
                    for (ConsoleClient tab : List.of(tab1, tab2, tab3)) {
                        tab.sendRaw(new JsonObject().put("type", "ping").put("id", "p" + i).encode());
                    }
                }
                JsonObject refused = tab3.next(m -> "error".equals(m.getString("type")), "a refusal");
                assertThat(refused.getInteger("status")).isEqualTo(429);
                assertThat(refused.getString("message")).contains("over all your consoles");
                assertThat(rejections.total("websocket", "messages-per-user")).isGreaterThan(0);
                assertThat(rejections.total("websocket", "messages-per-connection")).isZero();

                JsonObject ack = other.command(new JsonObject().put("type", "ready"));
                assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
            }
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesItsConnectionOnly(Vertx vertx) throws Exception {
        try (TestServer server = start(new WebSocketLimits(4096, 0, 0, 0, 0))) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient ivan = ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo");
            try (ConsoleClient big = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient other = ConsoleClient.connect(vertx, server.port(), "/ws/agent", ivan.sessionHeaders())) {
                big.next("hello");
                other.next("hello");
                big.sendRaw(new JsonObject().put("type", "notReady").put("reason", "x".repeat(10_000)).encode());
                await().atMost(WAIT).until(big::isClosed);
                assertThat(server.contactCenter().rejections().total("websocket", "message-size")).isEqualTo(1);
                JsonObject ack = other.command(new JsonObject().put("type", "ready"));
                assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
            }
        }
    }
}
