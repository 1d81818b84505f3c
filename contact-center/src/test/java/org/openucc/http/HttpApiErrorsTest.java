package org.openucc.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openucc.ComponentHealth;
import org.openucc.config.ServerConfig;

/** Failures of any kind come back as small JSON documents, never stack traces. */
@ExtendWith(VertxExtension.class)
class HttpApiErrorsTest {
    private HttpApi api;
    private volatile ComponentHealth store = ComponentHealth.up();

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        HttpRoutes failing = router -> {
            router.get("/boom").handler(ctx -> {
                throw new IllegalStateException("secret internal detail");
            });
            router.get("/bad").handler(ctx -> ctx.fail(new BadRequestException("skill 'x' is unknown")));
            router.get("/bad-internal").handler(ctx -> ctx.fail(400, new IllegalArgumentException("parser state 17")));
        };
        api = new HttpApi(vertx, new ServerConfig("127.0.0.1", 0, "unused"), () -> Map.of("store", store),
                List.of(failing));
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        api.stop();
    }

    @Test
    void anExceptionInAHandlerIsA500WithAnIdButNoDetails(Vertx vertx, VertxTestContext test) {
        request(vertx, HttpMethod.GET, "/boom", test, response -> {
            assertThat(response.statusCode()).isEqualTo(500);
            JsonObject body = response.bodyAsJsonObject();
            assertThat(body.getString("error")).isEqualTo("internal error");
            assertThat(body.getString("id")).hasSize(8);
            assertThat(response.bodyAsString()).doesNotContain("secret", "Exception", "at org.");
        });
    }

    @Test
    void aClientErrorCarriesItsMessage(Vertx vertx, VertxTestContext test) {
        request(vertx, HttpMethod.GET, "/bad", test, response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
                    .put("status", 400).put("error", "bad request").put("message", "skill 'x' is unknown"));
        });
    }

    @Test
    void aClientErrorWithAnUnmappedCauseKeepsItsStatusButNotTheCauseText(Vertx vertx, VertxTestContext test) {
        request(vertx, HttpMethod.GET, "/bad-internal", test, response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsString()).doesNotContain("parser state");
            assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("bad request");
        });
    }

    @Test
    void aWrongMethodIsJson405(Vertx vertx, VertxTestContext test) {
        request(vertx, HttpMethod.POST, "/health", test, response -> {
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("method not allowed");
        });
    }

    @Test
    void healthIs503WhenAComponentIsDown(Vertx vertx, VertxTestContext test) {
        store = ComponentHealth.down("database unreachable");
        request(vertx, HttpMethod.GET, "/health", test, response -> {
            assertThat(response.statusCode()).isEqualTo(503);
            JsonObject body = response.bodyAsJsonObject();
            assertThat(body.getString("status")).isEqualTo("DOWN");
            assertThat(body.getJsonObject("components").getJsonObject("store")).isEqualTo(new JsonObject()
                    .put("status", "DOWN").put("reason", "database unreachable"));
        });
    }

    @Test
    void routesAddedAfterStartAreServed(Vertx vertx, VertxTestContext test) {
        api.router().get("/late").handler(ctx -> ctx.json(new JsonObject().put("late", true)));
        request(vertx, HttpMethod.GET, "/late", test, response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsJsonObject().getBoolean("late")).isTrue();
        });
    }

    private void request(Vertx vertx, HttpMethod method, String path, VertxTestContext test,
            Consumer<HttpResponse<Buffer>> checks) {
        WebClient.create(vertx).request(method, api.port(), "127.0.0.1", path).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    checks.accept(response);
                    test.completeNow();
                })));
    }
}
