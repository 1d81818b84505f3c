package org.openucc.cti;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.crm.DemoCustomers;

/**
 * A console that connects while its agent is in wrap-up is greeted with the interaction, its screen pop
 * and the moment the wrap-up runs out, the same one the first console was told: a reload in the middle
 * of after-call work loses neither the work nor its countdown. Once the wrap-up is done, it is gone.
 */
@ExtendWith(VertxExtension.class)
class WrapUpReconnectTest {
    @TempDir
    Path dataDir;

    @Test
    void aConsoleConnectingDuringWrapUpIsGreetedWithTheWrapUpDeadline(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            ApiClient integration = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            String interactionId;
            String endsAt;
            try (ConsoleClient first = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                first.next("hello");
                first.command(new JsonObject().put("type", "ready"));
                interactionId = integration.post("/api/interactions", new JsonObject().put("channel", "VOICE")
                        .put("queueId", "sales").put("phone", DemoCustomers.VIP.phone())).bodyAsJsonObject().getString("id");
                first.next("offer");
                assertThat(first.command(new JsonObject().put("type", "accept").put("interactionId", interactionId))
                        .getString("type")).isEqualTo("ack");
                first.command(new JsonObject().put("type", "end").put("interactionId", interactionId));
                endsAt = first.next("wrapUpStarted").getString("endsAt");
            }
            try (ConsoleClient second = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                JsonObject inHand = second.next("hello").getJsonArray("interactions").getJsonObject(0);
                assertThat(inHand.getString("interactionId")).isEqualTo(interactionId);
                assertThat(inHand.getString("state")).isEqualTo("WRAP_UP");
                assertThat(inHand.getString("wrapUpEndsAt")).isEqualTo(endsAt);
                assertThat(inHand.getJsonObject("screenPop").getJsonObject("customer").getString("id"))
                        .isEqualTo(DemoCustomers.VIP.customerId());
                assertThat(second.command(new JsonObject().put("type", "wrapUp").put("interactionId", interactionId)
                        .put("disposition", "resolved")).getString("type")).isEqualTo("ack");
                second.next("wrapUpEnded");
            }
            try (ConsoleClient third = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                assertThat(third.next("hello").getJsonArray("interactions")).isEmpty();
            }
        }
    }
}
