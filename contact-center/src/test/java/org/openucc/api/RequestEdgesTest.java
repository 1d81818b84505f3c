package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.http.JsonErrors;
import org.slf4j.LoggerFactory;

/** Requests at the edges of what the API takes: no body, an empty upload, an expected 503. Real HTTP. */
@ExtendWith(VertxExtension.class)
class RequestEdgesTest {
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
    void aPostWithNoBodyNeedsNoContentType(Vertx vertx) {
        ApiClient judy = ApiClient.bearer(vertx, server.port(), "judy", "judy-demo");
        HttpResponse<Buffer> logout = judy.send(HttpMethod.POST, "/api/auth/logout", null, null);
        assertThat(logout.statusCode()).as(logout.bodyAsString()).isEqualTo(204);
        assertThat(judy.get("/api/auth/me").statusCode()).isEqualTo(401);

        // curl -X POST -d '' sends a form type with an empty body: nothing to misread either.
        ApiClient again = ApiClient.bearer(vertx, server.port(), "judy", "judy-demo");
        HttpResponse<Buffer> emptyForm = again.send(HttpMethod.POST, "/api/auth/logout", Buffer.buffer(),
                "application/x-www-form-urlencoded");
        assertThat(emptyForm.statusCode()).as(emptyForm.bodyAsString()).isEqualTo(204);

        // A body still needs its type.
        ApiClient third = ApiClient.bearer(vertx, server.port(), "judy", "judy-demo");
        HttpResponse<Buffer> typed = third.send(HttpMethod.POST, "/api/auth/logout", Buffer.buffer("x=1"),
                "application/x-www-form-urlencoded");
        assertThat(typed.statusCode()).isEqualTo(415);
    }

    @Test
    void anImportWithAnEmptyBodyIs400WithAMessage(Vertx vertx) {
        ApiClient admin = ApiClient.bearer(vertx, server.port(), "admin", "admin-demo");
        for (String type : new String[] {"text/csv", null}) {
            HttpResponse<Buffer> r = admin.send(HttpMethod.POST, "/api/customers/import", type == null ? null
                    : Buffer.buffer(), type);
            assertThat(r.statusCode()).as(type + ": " + r.bodyAsString()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("message")).contains("no body").contains("CSV");
        }
    }

    @Test
    void anExpected503IsLoggedAsOneWarningWithoutAStackTrace(Vertx vertx) {
        Logger logger = (Logger) LoggerFactory.getLogger(JsonErrors.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            // Email is off in the demo configuration: replying is unavailable, which is not a bug.
            HttpResponse<Buffer> r = bob.post("/api/interactions/int-x/reply", new JsonObject().put("text", "Hi"));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(appender.list).hasSize(1);
            ILoggingEvent event = appender.list.get(0);
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getThrowableProxy()).isNull();
            assertThat(event.getFormattedMessage()).contains("/api/interactions/int-x/reply").contains("503")
                    .contains("email is not enabled").contains(r.bodyAsJsonObject().getString("id"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}
