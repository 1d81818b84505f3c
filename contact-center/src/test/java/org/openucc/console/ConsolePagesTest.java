package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;

/**
 * The console's files over real HTTP: served at / from the agent-console jar with a strict
 * Content-Security-Policy; the supervisor page only for supervisors (login first, 403 for agents);
 * nothing outside the console's folder, and the API's errors stay JSON.
 */
@ExtendWith(VertxExtension.class)
class ConsolePagesTest {
    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theLoginPageAndModulesAreServedAtTheRootWithAStrictContentSecurityPolicy(Vertx vertx) {
        ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
        HttpResponse<Buffer> index = anonymous.get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.getHeader("content-type")).startsWith("text/html");
        assertThat(index.bodyAsString()).contains("id=\"login-form\"");
        assertThat(index.getHeader("content-security-policy")).contains("script-src 'self'")
                .contains("connect-src 'self'").contains("frame-ancestors 'none'");
        assertThat(index.getHeader("x-content-type-options")).isEqualTo("nosniff");

        HttpResponse<Buffer> module = anonymous.get("/js/agent.js");
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.getHeader("content-type")).contains("javascript");
        assertThat(module.bodyAsString()).contains("ConsoleSocket");
    }

    @Test
    void theSupervisorPageSendsStrangersToLogInAndRefusesAgents(Vertx vertx) {
        HttpResponse<Buffer> stranger = ApiClient.anonymous(vertx, server.port()).get("/supervisor.html");
        assertThat(stranger.followedRedirects()).anyMatch(url -> url.endsWith("/?next=supervisor"));
        assertThat(stranger.bodyAsString()).contains("id=\"login-form\"").doesNotContain("id=\"queues\"");

        HttpResponse<Buffer> agent = ApiClient.cookie(vertx, server.port(), "carol", "carol-demo").get("/supervisor.html");
        assertThat(agent.statusCode()).isEqualTo(403);
        assertThat(agent.bodyAsString()).contains("403 Forbidden").doesNotContain("id=\"queues\"");

        HttpResponse<Buffer> supervisor = ApiClient.cookie(vertx, server.port(), "supervisor", "supervisor-demo")
                .get("/supervisor.html");
        assertThat(supervisor.statusCode()).isEqualTo(200);
        assertThat(supervisor.bodyAsString()).contains("id=\"queues\"");
    }

    @Test
    void theCampaignsPageIsForSupervisorsOnlyAndSoIsItsApi(Vertx vertx) {
        HttpResponse<Buffer> stranger = ApiClient.anonymous(vertx, server.port()).get("/campaigns.html");
        assertThat(stranger.followedRedirects()).anyMatch(url -> url.endsWith("/?next=supervisor"));
        assertThat(stranger.bodyAsString()).contains("id=\"login-form\"").doesNotContain("id=\"cmp-form\"");

        ApiClient carol = ApiClient.cookie(vertx, server.port(), "carol", "carol-demo");
        HttpResponse<Buffer> agent = carol.get("/campaigns.html");
        assertThat(agent.statusCode()).isEqualTo(403);
        assertThat(agent.bodyAsString()).contains("403 Forbidden").doesNotContain("id=\"cmp-form\"");
        assertThat(carol.get("/api/campaigns").statusCode()).isEqualTo(403);
        assertThat(carol.get("/api/dnc").statusCode()).isEqualTo(403);

        HttpResponse<Buffer> supervisor = ApiClient.cookie(vertx, server.port(), "supervisor", "supervisor-demo")
                .get("/campaigns.html");
        assertThat(supervisor.statusCode()).isEqualTo(200);
        assertThat(supervisor.getHeader("content-security-policy")).contains("script-src 'self'");
        assertThat(supervisor.bodyAsString()).contains("id=\"cmp-form\"").contains("/js/campaigns.js");
    }

    @Test
    void nothingOutsideTheConsoleFolderIsServedAndApiErrorsStayJson(Vertx vertx) {
        ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
        for (String path : new String[] {"/../org/openucc/api/openapi.yaml", "/%2e%2e/logback.xml", "/logback.xml",
            "/org/openucc/version.properties"}) {
            HttpResponse<Buffer> r = anonymous.get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
        }
        HttpResponse<Buffer> unknownApi = anonymous.get("/api/no-such-thing");
        assertThat(unknownApi.statusCode()).isEqualTo(404);
        assertThat(unknownApi.getHeader("content-type")).startsWith("application/json");
        assertThat(unknownApi.bodyAsJsonObject().getString("error")).isEqualTo("not found");
    }
}
