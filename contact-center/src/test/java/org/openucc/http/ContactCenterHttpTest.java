package org.openucc.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.Version;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ReasonCode;
import org.openucc.config.ServerConfig;

/** The whole server, started from a config record on a free port, answered over real HTTP. */
@ExtendWith(VertxExtension.class)
class ContactCenterHttpTest {
    @TempDir
    static Path dataDir;
    private static ContactCenter contactCenter;
    private static int port;

    @BeforeAll
    static void startServer() {
        ContactCenterConfig config = new ContactCenterConfig(new ServerConfig("127.0.0.1", 0, dataDir.toString()),
                null, null, null, null, List.of(new ReasonCode("missed", "Missed")), null, null)
                .withStore(new org.openucc.config.StoreConfig(null, null, null, 0, null, false, 0, 0, 0, 8))
                .withSip(new org.openucc.config.SipConfig(null, 0, null, null, 0, 0, null, null, "../ivr-scripts/prompts/en", null, null, null, null, null, true));
        contactCenter = new ContactCenter(config);
        contactCenter.start();
        port = contactCenter.http().port();
    }

    @AfterAll
    static void stopServer() {
        contactCenter.stop();
    }

    @Test
    void boundPortIsARealFreePort() {
        assertThat(port).isPositive().isNotEqualTo(8080);
    }

    @Test
    void healthIsUpWithEveryComponentListed(Vertx vertx, VertxTestContext test) {
        get(vertx, "/health", test, response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.getHeader("content-type")).startsWith("application/json");
            JsonObject body = response.bodyAsJsonObject();
            assertThat(body.getString("status")).isEqualTo("UP");
            JsonObject components = body.getJsonObject("components");
            assertThat(components.fieldNames()).contains("vertx", "http");
            assertThat(components.getJsonObject("http").getString("status")).isEqualTo("UP");
            assertThat(components.getJsonObject("http").getInteger("port")).isEqualTo(port);
        });
    }

    @Test
    void versionNamesTheProductAndTheBuild(Vertx vertx, VertxTestContext test) {
        get(vertx, "/api/version", test, response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject body = response.bodyAsJsonObject();
            assertThat(body.getString("name")).isEqualTo("OpenUCC");
            assertThat(body.getString("version")).isEqualTo(Version.current()).matches("\\d+\\.\\d+\\.\\d+.*");
        });
    }

    @Test
    void unknownRouteIsJson404(Vertx vertx, VertxTestContext test) {
        get(vertx, "/api/no-such-thing", test, response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.getHeader("content-type")).startsWith("application/json");
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
                    .put("error", "not found").put("status", 404).put("path", "/api/no-such-thing"));
        });
    }

    /** GETs {@code path} from the server under test and runs the checks on the response. */
    private static void get(Vertx vertx, String path, VertxTestContext test, Consumer<HttpResponse<Buffer>> checks) {
        WebClient.create(vertx).get(port, "127.0.0.1", path).send()
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    checks.accept(response);
                    test.completeNow();
                })));
    }
}
