package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.outbound.CampaignState;

/**
 * The campaigns' REST API on a started server with real HTTP: supervisors only, JSON errors (400 with the
 * fields, 404, 409 for illegal state moves and stale versions), lists row by row, the do-not-call lists, and
 * the state listener the runtime registers.
 */
@ExtendWith(VertxExtension.class)
class CampaignApiTest {
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

    static JsonObject campaign(String name) {
        return new JsonObject().put("name", name).put("queueId", "telesales").put("mode", "PROGRESSIVE")
                .put("callerId", "+4930999000").put("identificationPromptId", "ident-sales")
                .put("retrySchedule", new JsonObject().put("retryMinutes", new JsonObject().put("BUSY", 10)
                        .put("callback-later", 120)).put("finalOutcomes", new JsonArray().add("sale")))
                .put("window", new JsonObject().put("from", "09:00").put("to", "20:00")
                        .put("days", new JsonArray().add("MONDAY").add("TUESDAY")));
    }

    @Test
    void onlySupervisorsAndAdminsReachCampaigns(Vertx vertx) {
        ApiClient agent = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
        ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
        for (HttpResponse<Buffer> r : List.of(agent.get("/api/campaigns"), agent.post("/api/campaigns", campaign("x")),
                agent.get("/api/dnc"), agent.post("/api/dnc", new JsonObject().put("phone", "+4930123456")),
                agent.send(HttpMethod.POST, "/api/dnc/import", Buffer.buffer("phone\n+4930123456\n"), "text/csv"))) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("forbidden");
        }
        assertThat(anonymous.get("/api/campaigns").statusCode()).isEqualTo(401);
        ApiClient admin = ApiClient.bearer(vertx, server.port(), "admin", "admin-demo");
        assertThat(admin.get("/api/campaigns").statusCode()).isEqualTo(200);
    }

    @Test
    void aCampaignIsCreatedReadReplacedAndMovedThroughItsStates(Vertx vertx) {
        ApiClient sup = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        List<String> heard = new CopyOnWriteArrayList<>();
        server.contactCenter().store().campaigns().addListener(new org.openucc.outbound.CampaignStateListener() {
            @Override
            public void stateChanged(org.openucc.outbound.Campaign c, CampaignState from, CampaignState to) {
                heard.add(c.id() + " " + from + "->" + to);
            }

            @Override
            public void settingsChanged(org.openucc.outbound.Campaign c) {
                heard.add(c.id() + " settings v" + c.version());
            }
        });

        HttpResponse<Buffer> created = sup.post("/api/campaigns", campaign("Spring sale"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject c = created.bodyAsJsonObject();
        String id = c.getString("id");
        assertThat(c.getString("state")).isEqualTo("DRAFT");
        assertThat(c.getInteger("ringTimeoutSeconds")).isEqualTo(25);
        assertThat(c.getDouble("abandonLimitPercent")).isEqualTo(3.0);
        assertThat(c.getInteger("maxAttempts")).isEqualTo(3);
        assertThat(c.getJsonObject("window")).isEqualTo(new JsonObject().put("from", "09:00").put("to", "20:00")
                .put("days", new JsonArray().add("MONDAY").add("TUESDAY")));
        assertThat(c.getJsonObject("retrySchedule").getJsonObject("retryMinutes").getInteger("callback-later"))
                .isEqualTo(120);
        assertThat(sup.get("/api/campaigns/" + id).bodyAsJsonObject()).isEqualTo(c);

        HttpResponse<Buffer> replaced = sup.put("/api/campaigns/" + id, campaign("Spring sale 2").put("version", 1)
                .put("ringTimeoutSeconds", 30));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
        HttpResponse<Buffer> stale = sup.put("/api/campaigns/" + id, campaign("Stale").put("version", 1));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.bodyAsJsonObject().getInteger("currentVersion")).isEqualTo(2);

        assertThat(sup.post("/api/campaigns/" + id + "/pause", null).statusCode()).isEqualTo(409);
        HttpResponse<Buffer> started = sup.post("/api/campaigns/" + id + "/start", null);
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.bodyAsJsonObject().getString("state")).isEqualTo("RUNNING");
        assertThat(sup.post("/api/campaigns/" + id + "/pause", null).bodyAsJsonObject().getString("state"))
                .isEqualTo("PAUSED");
        assertThat(sup.post("/api/campaigns/" + id + "/stop", null).bodyAsJsonObject().getString("state"))
                .isEqualTo("STOPPED");
        HttpResponse<Buffer> again = sup.post("/api/campaigns/" + id + "/start", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsJsonObject().getString("message")).contains("STOPPED is final");
        assertThat(heard).containsExactly(id + " settings v2", id + " DRAFT->RUNNING", id + " RUNNING->PAUSED", id + " PAUSED->STOPPED");
        assertThat(server.contactCenter().store().campaigns().get(id).state()).isEqualTo(CampaignState.STOPPED);
        assertThat(sup.get("/api/campaigns").bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getString("id")))
                .contains(id);
    }

    @Test
    void badSettingsAreRefusedFieldByField(Vertx vertx) {
        ApiClient sup = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        HttpResponse<Buffer> r = sup.post("/api/campaigns", campaign("Too short").put("ringTimeoutSeconds", 10)
                .put("queueId", "nowhere").put("colour", "red").put("window", new JsonObject().put("from", "9am")
                        .put("to", "20:00").put("days", new JsonArray().add("FUNDAY"))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getJsonArray("fields").stream().map(o -> ((JsonObject) o).getString("field")))
                .containsExactlyInAnyOrder("colour", "window.from", "window.days");
        HttpResponse<Buffer> rules = sup.post("/api/campaigns", campaign("Too short").put("ringTimeoutSeconds", 10)
                .put("queueId", "nowhere"));
        assertThat(rules.statusCode()).isEqualTo(400);
        assertThat(rules.bodyAsJsonObject().getJsonArray("fields").stream().map(o -> ((JsonObject) o).getString("field")))
                .containsExactlyInAnyOrder("ringTimeoutSeconds", "queueId");
        HttpResponse<Buffer> missing = sup.get("/api/campaigns/cmp_nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("not found");
        assertThat(sup.post("/api/campaigns/cmp_nothing/start", null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsFromCsvJsonRowsAndTheCrmAreReportedRowByRow(Vertx vertx) {
        ApiClient sup = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        String id = sup.post("/api/campaigns", campaign("Lists")).bodyAsJsonObject().getString("id");
        assertThat(sup.post("/api/dnc", new JsonObject().put("phone", "030 7770001").put("source", "asked"))
                .statusCode()).isEqualTo(201);

        HttpResponse<Buffer> csv = sup.send(HttpMethod.POST, "/api/campaigns/" + id + "/import",
                Buffer.buffer("phone,name\n030 7770001,On DNC\n030 7770002,Fine\n112,Emergency\n"), "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        JsonObject report = csv.bodyAsJsonObject();
        assertThat(report.getLong("rows")).isEqualTo(3);
        assertThat(report.getLong("added")).isEqualTo(1);
        JsonArray problems = report.getJsonArray("problems");
        assertThat(problems.getJsonObject(0).getLong("row")).isEqualTo(2);
        assertThat(problems.getJsonObject(0).getString("reason")).isEqualTo("dnc:internal");
        assertThat(problems.getJsonObject(1).getLong("row")).isEqualTo(4);
        assertThat(problems.getJsonObject(1).getString("field")).isEqualTo("phone");

        HttpResponse<Buffer> rows = sup.post("/api/campaigns/" + id + "/records", new JsonObject().put("rows",
                new JsonArray().add(new JsonObject().put("phone", "+4930777003").put("name", "Json")
                                .put("fields", new JsonObject().put("offer", "gold")))
                        .add(new JsonObject().put("phone", "+49307770002"))));
        assertThat(rows.statusCode()).isEqualTo(200);
        assertThat(rows.bodyAsJsonObject().getJsonObject("failedByReason")).isEqualTo(new JsonObject()
                .put("duplicate", 1));

        HttpResponse<Buffer> crm = sup.post("/api/campaigns/" + id + "/records/from-crm", new JsonObject()
                .put("query", new JsonObject().put("tier", "VIP")).put("limit", 5));
        assertThat(crm.statusCode()).isEqualTo(200);
        assertThat(crm.bodyAsJsonObject().getLong("rows")).isBetween(1L, 5L);

        JsonObject failed = sup.get("/api/campaigns/" + id + "/records?state=FAILED&limit=10").bodyAsJsonObject();
        assertThat(failed.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("reason")))
                .contains("dnc:internal", "emergency-number", "duplicate");
        JsonObject json = sup.get("/api/campaigns/" + id + "/records?state=PENDING&limit=2").bodyAsJsonObject();
        assertThat(json.getJsonArray("items")).hasSize(2);
        assertThat(json.getJsonArray("items").getJsonObject(0).getString("phone")).isEqualTo("+49307770002");
        assertThat(sup.get("/api/campaigns/" + id + "/records?state=LOST").statusCode()).isEqualTo(400);

        JsonObject figures = sup.get("/api/campaigns/" + id + "/figures").bodyAsJsonObject();
        assertThat(figures.getLong("failed")).isEqualTo(failed.getJsonArray("items").size());
        assertThat(figures.getString("state")).isEqualTo("DRAFT");

        assertThat(sup.send(HttpMethod.POST, "/api/campaigns/" + id + "/import", Buffer.buffer("name\nx\n"),
                "text/csv").statusCode()).isEqualTo(400);
        assertThat(sup.send(HttpMethod.POST, "/api/campaigns/cmp_nothing/import", Buffer.buffer("phone\n+4930123456\n"),
                "text/csv").statusCode()).isEqualTo(404);
    }

    @Test
    void doNotCallEntriesAreAddedListedImportedAndRemoved(Vertx vertx) {
        ApiClient sup = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        HttpResponse<Buffer> bad = sup.post("/api/dnc", new JsonObject().put("phone", "no number"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("phone");
        HttpResponse<Buffer> imported = sup.send(HttpMethod.POST, "/api/dnc/import?list=registry&source=file-1",
                Buffer.buffer("phone\n+4930880001\n+4930880002\nabc\n"), "text/csv");
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.bodyAsJsonObject().getLong("added")).isEqualTo(2);
        assertThat(imported.bodyAsJsonObject().getLong("rejected")).isEqualTo(1);
        JsonArray items = sup.get("/api/dnc?list=registry").bodyAsJsonObject().getJsonArray("items");
        assertThat(items).hasSize(2);
        assertThat(items.getJsonObject(0).getString("source")).isEqualTo("file-1");
        assertThat(sup.delete("/api/dnc?list=registry&phone=%2B4930880001").statusCode()).isEqualTo(204);
        assertThat(sup.delete("/api/dnc?list=registry&phone=%2B4930880001").statusCode()).isEqualTo(404);
        assertThat(sup.delete("/api/dnc?list=registry").statusCode()).isEqualTo(400);
        assertThat(sup.get("/api/dnc?list=Bad%20Name").statusCode()).isEqualTo(400);
    }

    @Test
    void listsAreLimitedInSizeAndPerUserInRate(Vertx vertx) {
        ApiClient admin = ApiClient.bearer(vertx, server.port(), "admin", "admin-demo");
        String big = "phone\n" + "+4930123456\n".repeat(TestServer.TEST_API.maxImportBytes() / 12 + 10);
        HttpResponse<Buffer> tooLarge = admin.send(HttpMethod.POST, "/api/dnc/import", Buffer.buffer(big), "text/csv");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        int accepted = 0;
        HttpResponse<Buffer> last = null;
        for (int i = 0; i <= TestServer.TEST_API.maxListsPerMinute(); i++) {
            last = admin.send(HttpMethod.POST, "/api/dnc/import?list=rate", Buffer.buffer("phone\n+49301234" + (10 + i)
                    + "\n"), "text/csv");
            if (last.statusCode() == 200) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(TestServer.TEST_API.maxListsPerMinute());
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.getHeader("retry-after")).isNotNull();
        assertThat(last.bodyAsJsonObject().getString("error")).isEqualTo("too many requests");
        assertThat(server.contactCenter().rejections().total("campaigns", "lists-per-user")).isEqualTo(1);
    }
}
