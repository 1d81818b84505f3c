package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulletin board and knowledge base over real HTTP and the agent WebSocket: supervisors post,
 * agents read, and a posted bulletin reaches a connected agent console at once; bad input gets a
 * JSON error naming the field; knowledge search matches every word, case-insensitively, with
 * wildcards taken literally; everything survives a restart.
 */
@ExtendWith(VertxExtension.class)
class BoardApiTest {
    @TempDir
    Path dataDir;

    @Test
    void aSupervisorsBulletinReachesConnectedAgentsAndSupervisorsAndAgentsCannotPost(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            ApiClient alice = ApiClient.cookie(vertx, server.port(), "alice", "alice-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders());
                 ConsoleClient wall = ConsoleClient.connect(vertx, server.port(), "/ws/supervisor",
                         supervisor.sessionHeaders())) {
                console.next("hello");
                wall.next("snapshot");
                HttpResponse<Buffer> posted = supervisor.post("/api/bulletins",
                        new JsonObject().put("text", "  System maintenance at 18:00 <script>  "));
                assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(201);
                JsonObject bulletin = console.next("bulletin").getJsonObject("bulletin");
                assertThat(bulletin.getString("text")).isEqualTo("System maintenance at 18:00 <script>");
                assertThat(bulletin.getString("author")).isEqualTo("supervisor");
                assertThat(bulletin.getString("id")).isEqualTo(posted.bodyAsJsonObject().getString("id"));
                assertThat(wall.next("bulletin").getJsonObject("bulletin")).isEqualTo(bulletin);
            }
            HttpResponse<Buffer> byAgent = alice.post("/api/bulletins", new JsonObject().put("text", "hi all"));
            assertThat(byAgent.statusCode()).isEqualTo(403);
            HttpResponse<Buffer> empty = supervisor.post("/api/bulletins", new JsonObject().put("text", " "));
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(empty.bodyAsJsonObject().getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("text");
            HttpResponse<Buffer> tooLong = supervisor.post("/api/bulletins", new JsonObject().put("text", "x".repeat(2001)));
            assertThat(tooLong.statusCode()).isEqualTo(400);
            HttpResponse<Buffer> unknownField = supervisor.post("/api/bulletins",
                    new JsonObject().put("text", "ok").put("pinned", true));
            assertThat(unknownField.statusCode()).isEqualTo(400);

            supervisor.post("/api/bulletins", new JsonObject().put("text", "second"));
            JsonArray board = alice.get("/api/bulletins").bodyAsJsonArray();
            assertThat(board.getJsonObject(0).getString("text")).isEqualTo("second");
            assertThat(alice.get("/api/bulletins?limit=1").bodyAsJsonArray()).hasSize(1);
        }
        try (TestServer restarted = TestServer.start(dataDir)) {
            ApiClient bob = ApiClient.bearer(vertx, restarted.port(), "bob", "bob-demo");
            assertThat(bob.get("/api/bulletins").bodyAsJsonArray().stream().map(b -> ((JsonObject) b).getString("text")))
                    .containsExactly("second", "System maintenance at 18:00 <script>");
        }
    }

    @Test
    void knowledgeSearchMatchesEveryWordAndTakesWildcardsLiterally(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            ApiClient agent = ApiClient.bearer(vertx, server.port(), "grace", "grace-demo");
            assertThat(agent.get("/api/knowledge").bodyAsJsonArray()).as("demo answers").isNotEmpty();

            HttpResponse<Buffer> added = supervisor.post("/api/knowledge", new JsonObject().put("title", "Router Reboot")
                    .put("body", "Unplug for 30 seconds; 100% of cases fixed.").put("tags", new JsonArray().add("Tech")));
            assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
            assertThat(added.bodyAsJsonObject().getJsonArray("tags")).containsExactly("tech");

            assertThat(titles(agent, "router%20UNPLUG")).containsExactly("Router Reboot");
            assertThat(titles(agent, "router%20refund")).isEmpty();
            assertThat(titles(agent, "tech")).containsExactly("Router Reboot");
            assertThat(titles(agent, "100%25")).containsExactly("Router Reboot");
            assertThat(titles(agent, "_")).isEmpty();
            assertThat(titles(agent, java.net.URLEncoder.encode("退款", java.nio.charset.StandardCharsets.UTF_8)))
                    .containsExactly("退款政策（配送延迟）");

            assertThat(agent.post("/api/knowledge", new JsonObject().put("title", "t").put("body", "b")).statusCode())
                    .isEqualTo(403);
            HttpResponse<Buffer> commaTag = supervisor.post("/api/knowledge", new JsonObject().put("title", "t")
                    .put("body", "b").put("tags", new JsonArray().add("a,b")));
            assertThat(commaTag.statusCode()).isEqualTo(400);
            assertThat(commaTag.bodyAsString()).contains("tags[0]");
            assertThat(agent.get("/api/knowledge?limit=0").statusCode()).isEqualTo(400);
        }
    }

    private static java.util.List<String> titles(ApiClient client, String query) {
        HttpResponse<Buffer> r = client.get("/api/knowledge?q=" + query);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonArray().stream().map(a -> ((JsonObject) a).getString("title")).toList();
    }
}
