package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.cluster.ClusterTestConfig;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.store.LocalPostgres;

/**
 * The supervisor page's cluster panel on a real two-node cluster (both nodes in this JVM, Hazelcast on loopback, a
 * throwaway PostgreSQL): {@code GET /api/cluster} is for supervisors only; the page served by the node that does not
 * own the engine shows the owner, its epoch, both members and the owner's takeover; when the owner stops, the other
 * node takes the engine over and the panel shows it as owner, the takeover with its previous owner, one member.
 */
@ExtendWith(VertxExtension.class)
class ClusterPanelBrowserTest {
    private static final String SECRET = "cluster-panel-test-secret-0123456789";

    @TempDir
    Path work;

    @Test
    void theSupervisorPageShowsTheOwnerMembersAndTakeovers(Vertx vertx) throws Exception {
        Path bin = LocalPostgres.find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql"));
        try (LocalPostgres pg = LocalPostgres.start(bin)) {
            int[] hz = ClusterTestConfig.freePorts(2);
            List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1]);
            ContactCenter a = start(ClusterTestConfig.write(work.resolve("a.yaml"), work, pg.url("openucc"), "a", hz[0],
                    members, 48_000));
            ContactCenter b = null;
            try {
                b = start(ClusterTestConfig.write(work.resolve("b.yaml"), work, pg.url("openucc"), "b", hz[1], members,
                        48_200));
                int port = b.http().port();

                // The API: supervisors only.
                assertThat(ApiClient.anonymous(vertx, port).get("/api/cluster").statusCode()).isEqualTo(401);
                assertThat(ApiClient.bearer(vertx, port, "alice", "alice-demo").get("/api/cluster").statusCode())
                        .isEqualTo(403);
                ApiClient supervisor = ApiClient.bearer(vertx, port, "supervisor", "supervisor-demo");
                JsonObject view = supervisor.get("/api/cluster").bodyAsJsonObject();
                assertThat(view.getBoolean("clustered")).isTrue();
                assertThat(view.getString("node")).isEqualTo("b");
                assertThat(view.getJsonArray("members").getList()).containsExactly("a", "b");
                assertThat(view.getString("engineOwner")).isEqualTo("a");
                assertThat(view.getBoolean("ownsEngine")).isFalse();
                JsonArray takeovers = view.getJsonArray("takeovers");
                assertThat(takeovers).hasSize(1);
                assertThat(takeovers.getJsonObject(0).getString("owner")).isEqualTo("a");
                assertThat(takeovers.getJsonObject(0).getLong("epoch")).isEqualTo(view.getLong("epoch"));
                assertThat(takeovers.getJsonObject(0).getBoolean("failover")).isFalse();
                JsonObject fromOwner = ApiClient.bearer(vertx, a.http().port(), "supervisor", "supervisor-demo")
                        .get("/api/cluster").bodyAsJsonObject();
                assertThat(fromOwner.getBoolean("ownsEngine")).isTrue();
                assertThat(fromOwner.getJsonArray("takeovers")).isEqualTo(takeovers);

                try (Browser page = Browser.open(port)) {
                    page.logIn("supervisor", "supervisor-demo");
                    page.waitForAttribute("#conn-status", "data-status", "open");
                    page.waitForVisible("#cluster-panel", true);
                    page.waitForAttribute("#cluster-panel", "data-owner", "a");
                    page.waitForText("#cluster-owner", "a (epoch " + view.getLong("epoch") + ")");
                    page.waitForText("#cluster-here", "served by b, which sends commands to the owner");
                    assertThat(page.text("#cluster-members li.member.owner")).startsWith("a");
                    assertThat(page.count("#cluster-members li[data-node=b]")).isEqualTo(1);
                    assertThat(page.text("#cluster-takeovers tbody tr td.owner")).isEqualTo("a");
                    assertThat(page.text("#cluster-takeovers tbody tr td.kind")).isEqualTo("Start");
                    page.screenshot(Path.of("target", "screenshots", "supervisor-cluster.png"));

                    // The owner stops (it gives the lease up): b takes over, the panel follows on refresh. b learns
                    // that a left the Hazelcast cluster on its own schedule (the member-removed event can come after
                    // the takeover), so the page is refreshed until both the owner and the member list have moved.
                    a.stop();
                    a = null;
                    ContactCenter survivor = b;
                    await().atMost(Duration.ofSeconds(30)).until(() -> survivor.cluster().port() != null
                            && Boolean.TRUE.equals(survivor.health().get("cluster").toMap().get("ownsEngine")));
                    page.until(d -> {
                        page.click("#cluster-refresh");
                        return "b".equals(page.find("#cluster-panel").getDomAttribute("data-owner"))
                                && page.count("#cluster-members li") == 1 ? true : null;
                    }, "the panel to show b as the owner and the only member");
                    page.waitForText("#cluster-here", "served by b, which owns the engine");
                    page.waitForText("#cluster-takeovers tbody tr:first-child td.previous", "a");
                    assertThat(page.text("#cluster-takeovers tbody tr:first-child td.owner")).isEqualTo("b");
                    assertThat(page.count("#cluster-takeovers tbody tr")).isEqualTo(2);
                    assertThat(page.count("#cluster-members li")).isEqualTo(1);

                    page.click("#lang-toggle");
                    page.waitForText("#cluster-panel h2", "集群");
                    page.waitForText("#cluster-here", "持有引擎");
                    assertThat(page.consoleErrors()).isEmpty();
                }
            } finally {
                if (b != null) {
                    b.stop();
                }
                if (a != null) {
                    a.stop();
                }
            }
        }
    }

    private static ContactCenter start(Path yaml) throws Exception {
        ContactCenter c = new ContactCenter(new ConfigLoader().load(yaml),
                name -> "OPENUCC_CLUSTER_SECRET".equals(name) ? SECRET : null);
        c.start();
        return c;
    }

}
