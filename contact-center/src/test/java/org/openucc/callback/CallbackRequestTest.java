package org.openucc.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;

/** The public callback form over real HTTP: validation, a chosen time slot, the limit per address, restarts. */
@ExtendWith(VertxExtension.class)
class CallbackRequestTest {
    @TempDir
    Path dataDir;

    @Test
    void badRequestsNameTheirFieldsAndAnAddressIsLimited(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient web = ApiClient.anonymous(vertx, server.port());
            HttpResponse<Buffer> bad = web.post("/api/callbacks", new JsonObject().put("name", "X").put("phone", "12")
                    .put("queueId", "billing").put("at", Instant.now().plus(Duration.ofDays(30)).toString()));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.bodyAsJsonObject().getJsonArray("fields").stream()
                    .map(f -> ((JsonObject) f).getString("field")).toList()).containsExactlyInAnyOrder("phone", "queueId", "at");
            HttpResponse<Buffer> unknown = web.post("/api/callbacks", new JsonObject().put("name", "X")
                    .put("phone", "+4930111111").put("callMeMaybe", true));
            assertThat(unknown.statusCode()).isEqualTo(400);

            for (int i = 0; i < 5; i++) {
                HttpResponse<Buffer> ok = web.post("/api/callbacks", new JsonObject().put("name", "Caller " + i)
                        .put("phone", "030 1111" + i));
                assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(202);
            }
            HttpResponse<Buffer> flood = web.post("/api/callbacks", new JsonObject().put("name", "One more")
                    .put("phone", "+4930111119"));
            assertThat(flood.statusCode()).isEqualTo(429);
            assertThat(flood.bodyAsJsonObject().getString("message")).contains("too many callback requests");
        }
    }

    @Test
    void aCallbackForLaterWaitsForItsTimeAndSurvivesARestart(Vertx vertx) throws Exception {
        String callbackId;
        try (TestServer server = TestServer.start(dataDir)) {
            HttpResponse<Buffer> later = ApiClient.anonymous(vertx, server.port()).post("/api/callbacks", new JsonObject()
                    .put("name", "Later Larry").put("phone", "+4930222222").put("queueId", "sales")
                    .put("at", Instant.now().plus(Duration.ofHours(1)).toString()));
            assertThat(later.statusCode()).as(later.bodyAsString()).isEqualTo(202);
            assertThat(later.bodyAsJsonObject().getString("state")).isEqualTo("SCHEDULED");
            assertThat(later.bodyAsJsonObject().containsKey("interactionId")).isFalse();
            callbackId = later.bodyAsJsonObject().getString("callbackId");

            HttpResponse<Buffer> soon = ApiClient.anonymous(vertx, server.port()).post("/api/callbacks", new JsonObject()
                    .put("name", "Soon Sue").put("phone", "+4930333333").put("queueId", "sales")
                    .put("at", Instant.now().plusMillis(500).toString()));
            assertThat(soon.bodyAsJsonObject().getString("state")).isEqualTo("SCHEDULED");
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingNames(supervisor).contains("Soon Sue"));
            assertThat(waitingNames(supervisor)).doesNotContain("Later Larry");
        }
        // After a restart the queue is new; the stored requests come back (the later one still waits for its time,
        // the queued one is queued again).
        try (TestServer restarted = TestServer.start(dataDir)) {
            ApiClient supervisor = ApiClient.bearer(vertx, restarted.port(), "supervisor", "supervisor-demo");
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingNames(supervisor).contains("Soon Sue"));
            assertThat(waitingNames(supervisor)).doesNotContain("Later Larry");
            assertThat(callbackId).startsWith("cbk");
        }
    }

    private static List<String> waitingNames(ApiClient supervisor) {
        HttpResponse<Buffer> r = supervisor.get("/api/queues/sales/waiting");
        return r.bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getJsonObject("attributes")
                .getString("callback.name")).toList();
    }
}
