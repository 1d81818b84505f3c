package org.openucc.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;
import org.openucc.intake.InteractionIntake;
import org.openucc.interaction.Channel;

/**
 * A callback interaction that comes back after a restart without a stored callback request would never
 * be dialled (an agent who accepted it would hold it for good): it ends with the reason instead
 * (callbacks with their request coming back: RecoveryRestartTest).
 */
@ExtendWith(VertxExtension.class)
class CallbackWithoutRequestTest {
    @TempDir
    Path dataDir;

    @Test
    void aCallbackInteractionWithoutItsRequestEndsWithAReasonAfterARestart(Vertx vertx) throws Exception {
        String orphan;
        try (TestServer server = TestServer.start(dataDir)) {
            ContactCenter cc = server.contactCenter();
            // A CALLBACK interaction in the log and the ACD with no request in the callback store.
            InteractionIntake intake = new InteractionIntake(cc.routing(), cc.store().customers(),
                    cc.store().interactionLog(), Clock.systemUTC());
            orphan = intake.create(new InteractionIntake.Request(Channel.CALLBACK, "sales", "OUTBOUND", null, "+4930123456",
                    null, null, null, Map.of(), 0, null, Map.of("callback.name", "Nobody"))).id();
            assertThat(waiting(ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo"))).contains(orphan);
        }
        try (TestServer again = TestServer.start(dataDir)) {
            ApiClient supervisor = ApiClient.bearer(vertx, again.port(), "supervisor", "supervisor-demo");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    supervisor.get("/api/interactions/" + orphan).bodyAsJsonObject().getJsonObject("summary")
                            .getString("endedAt") != null);
            JsonObject summary = supervisor.get("/api/interactions/" + orphan).bodyAsJsonObject().getJsonObject("summary");
            assertThat(summary.getString("endCause")).isEqualTo(CallbackService.REQUEST_MISSING);
            assertThat(summary.getString("outcome")).isNotEqualTo("IN_PROGRESS");
            assertThat(waiting(supervisor)).doesNotContain(orphan);
        }
    }

    private static List<String> waiting(ApiClient client) {
        HttpResponse<Buffer> r = client.get("/api/queues/sales/waiting");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }
}
