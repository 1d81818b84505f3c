package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Login, logout, sessions, throttling and role checks, over real HTTP against the demo users. */
@ExtendWith(VertxExtension.class)
class AuthApiTest {
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
    void loginSetsAnHttpOnlySameSiteStrictCookieThatOpensTheApi(Vertx vertx) {
        ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
        HttpResponse<Buffer> login = anonymous.post("/api/auth/login", credentials("bob", "bob-demo"));

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.bodyAsJsonObject().getString("role")).isEqualTo("AGENT");
        assertThat(login.bodyAsJsonObject().getString("agentId")).isEqualTo("bob");
        assertThat(login.bodyAsJsonObject().containsKey("token")).as("a cookie's token never reaches page scripts").isFalse();
        String cookie = login.cookies().get(0);
        assertThat(cookie).startsWith("openucc_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/");

        ApiClient bob = anonymous.as(null, cookie.split(";", 2)[0]);
        HttpResponse<Buffer> me = bob.get("/api/auth/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.bodyAsJsonObject().getString("username")).isEqualTo("bob");
    }

    @Test
    void bearerTokenOpensTheApiAndLogoutEndsIt(Vertx vertx) {
        ApiClient carol = ApiClient.bearer(vertx, server.port(), "carol", "carol-demo");
        assertThat(carol.get("/api/agents/carol").statusCode()).isEqualTo(200);

        assertThat(carol.post("/api/auth/logout", null).statusCode()).isEqualTo(204);

        HttpResponse<Buffer> after = carol.get("/api/agents/carol");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.getHeader("www-authenticate")).startsWith("Bearer");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer(Vertx vertx) {
        ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
        HttpResponse<Buffer> wrong = anonymous.post("/api/auth/login", credentials("dave", "not-his-password"));
        HttpResponse<Buffer> unknown = anonymous.post("/api/auth/login", credentials("nobody", "whatever"));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.bodyAsJsonObject().getString("message")).isEqualTo(unknown.bodyAsJsonObject().getString("message"));
        assertThat(wrong.cookies()).isEmpty();
    }

    @Test
    void repeatedFailedLoginsAreThrottledWith429AndRetryAfterEvenForTheRightPassword(Vertx vertx) {
        ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
        for (int i = 0; i < TestServer.TEST_API.maxFailedLogins(); i++) {
            assertThat(anonymous.post("/api/auth/token", credentials("frank", "guess-" + i)).statusCode()).isEqualTo(401);
        }
        HttpResponse<Buffer> throttled = anonymous.post("/api/auth/token", credentials("frank", "frank-demo"));

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(throttled.getHeader("retry-after"))).isBetween(1, 60);
        assertThat(throttled.bodyAsJsonObject().getInteger("retryAfterSeconds")).isPositive();
        // Another user from the same address is not locked out by frank's failures.
        assertThat(anonymous.post("/api/auth/token", credentials("grace", "grace-demo")).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutASessionEveryRouteAnswers401(Vertx vertx) {
        ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
        assertThat(anonymous.get("/api/customers").statusCode()).isEqualTo(401);
        assertThat(anonymous.as("Bearer made-up-token", null).get("/api/queues").statusCode()).isEqualTo(401);
        assertThat(anonymous.as(null, "openucc_session=forged").get("/api/queues").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/version").statusCode()).as("public").isEqualTo(200);
        assertThat(anonymous.get("/api/openapi.yaml").statusCode()).as("public").isEqualTo(200);
    }

    @Test
    void agentsCannotCallSupervisorOrAdminRoutesNorSeeOtherAgents(Vertx vertx) {
        ApiClient ivan = ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo");
        assertThat(ivan.get("/api/agents").statusCode()).isEqualTo(403);
        assertThat(ivan.get("/api/agents/judy").statusCode()).isEqualTo(403);
        assertThat(ivan.put("/api/agents/judy/skills", new JsonObject().put("skills", new JsonObject().put("tech", 3)))
                .statusCode()).isEqualTo(403);
        assertThat(ivan.post("/api/agents/judy/state", new JsonObject().put("state", "LOGGED_OUT")).statusCode())
                .isEqualTo(403);
        assertThat(ivan.get("/api/reports/cdr.csv?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z").statusCode())
                .isEqualTo(403);
        assertThat(ivan.post("/api/interactions", new JsonObject().put("channel", "VOICE").put("queueId", "sales"))
                .statusCode()).isEqualTo(403);
        HttpResponse<Buffer> denied = ivan.get("/api/events");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.bodyAsJsonObject().getString("message")).contains("SUPERVISOR");

        ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        assertThat(supervisor.get("/api/agents").statusCode()).isEqualTo(200);
        assertThat(supervisor.put("/api/agents/newbie", new JsonObject().put("name", "New")).statusCode())
                .as("admins only").isEqualTo(403);
    }

    @Test
    void webSocketsRefuseHandshakesWithoutASessionOrWithTheWrongRole(Vertx vertx) {
        Throwable anonymous = ConsoleClient.refused(vertx, server.port(), "/ws/agent", MultiMap.caseInsensitiveMultiMap());
        assertThat(anonymous).isInstanceOf(UpgradeRejectedException.class);
        assertThat(((UpgradeRejectedException) anonymous).getStatus()).isEqualTo(401);

        ApiClient heidi = ApiClient.bearer(vertx, server.port(), "heidi", "heidi-demo");
        Throwable agentAsSupervisor = ConsoleClient.refused(vertx, server.port(), "/ws/supervisor", heidi.sessionHeaders());
        assertThat(((UpgradeRejectedException) agentAsSupervisor).getStatus()).isEqualTo(403);

        ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        Throwable supervisorAsAgent = ConsoleClient.refused(vertx, server.port(), "/ws/agent", supervisor.sessionHeaders());
        assertThat(((UpgradeRejectedException) supervisorAsAgent).getStatus()).isEqualTo(403);

        MultiMap otherSite = heidi.sessionHeaders().add("origin", "https://evil.example");
        Throwable crossSite = ConsoleClient.refused(vertx, server.port(), "/ws/agent", otherSite);
        assertThat(((UpgradeRejectedException) crossSite).getStatus()).isEqualTo(403);
    }

    @Test
    void loggingOutClosesTheSessionsWebSockets(Vertx vertx) {
        ApiClient erin = ApiClient.bearer(vertx, server.port(), "erin", "erin-demo");
        try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", erin.sessionHeaders())) {
            console.next("hello");
            assertThat(erin.post("/api/auth/logout", null).statusCode()).isEqualTo(204);
            assertThat(console.next("sessionEnded").getString("reason")).contains("logged out");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(console::isClosed);
        }
    }

    static JsonObject credentials(String username, String password) {
        return new JsonObject().put("username", username).put("password", password);
    }
}
