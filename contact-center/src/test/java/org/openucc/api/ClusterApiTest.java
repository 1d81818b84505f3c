package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/cluster} on a single node: supervisors (and admins) get {@code {"clustered": false}}, an agent is
 * refused (403), nobody without a login gets in (401); a query parameter is refused (400). The cluster's own view is
 * checked on a two-node cluster in ClusterPanelBrowserTest.
 */
@ExtendWith(VertxExtension.class)
class ClusterApiTest {
    @TempDir
    Path dataDir;

    @Test
    void onlySupervisorsSeeTheClusterAndASingleNodeSaysSo(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            int port = server.port();
            assertThat(ApiClient.anonymous(vertx, port).get("/api/cluster").statusCode()).isEqualTo(401);
            var agent = ApiClient.cookie(vertx, port, "alice", "alice-demo").get("/api/cluster");
            assertThat(agent.statusCode()).isEqualTo(403);
            assertThat(agent.bodyAsJsonObject().getString("message")).isNotBlank();
            for (String user : new String[] {"supervisor", "admin"}) {
                var r = ApiClient.bearer(vertx, port, user, user + "-demo").get("/api/cluster");
                assertThat(r.statusCode()).as(user).isEqualTo(200);
                assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("clustered", false));
            }
            var bad = ApiClient.bearer(vertx, port, "supervisor", "supervisor-demo").get("/api/cluster?x=1");
            assertThat(bad.statusCode()).isEqualTo(400);
        }
    }
}
