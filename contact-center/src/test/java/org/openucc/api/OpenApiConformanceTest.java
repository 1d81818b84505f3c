package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.DemoCustomers;

/**
 * The API does what /api/openapi.yaml says: every /api route the router serves (and /metrics) is documented and
 * every documented operation is served; then a tour calls every operation for real (successes and
 * the usual errors) and validates each response's status and body against the document with
 * vertx-openapi. A field renamed, added or dropped in a response, or an undocumented status, fails.
 */
@ExtendWith(VertxExtension.class)
class OpenApiConformanceTest {
    @TempDir
    Path dataDir;

    private final List<String> violations = new ArrayList<>();
    private final Set<String> exercised = new ConcurrentSkipListSet<>();

    @Test
    void everyOperationIsServedAsDocumented(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
            HttpResponse<Buffer> document = anonymous.get("/api/openapi.yaml");
            assertThat(document.statusCode()).isEqualTo(200);
            OpenAPIContract contract = ApiClient.await(OpenAPIContract.from(vertx, toJson(document.bodyAsString())),
                    "reading the OpenAPI document");

            assertThat(servedOperations(server)).isEqualTo(documentedOperations(contract));

            ResponseValidator validator = ResponseValidator.create(vertx, contract);
            tour(vertx, server.port(), (exchange, response) -> check(contract, validator, exchange, response));

            assertThat(violations).isEmpty();
            assertThat(exercised).isEqualTo(new TreeSet<>(contract.operations().stream()
                    .map(Operation::getOperationId).toList()));
        }
    }

    /**
     * Every operation names, as {@code x-role}, the least role its route requires (and says it in its
     * description too); public operations have {@code security: []} and no role. The routes' roles come
     * from where they are declared (Endpoints), so a route whose guard changes fails here until the
     * document says so.
     */
    @Test
    void everyOperationStatesTheRoleItsRouteRequires(Vertx vertx) throws Exception {
        RestApi rest = new RestApi(new ApiContext(TestServer.config(dataDir), null, null, null, null,
                java.time.InstantSource.system()));
        rest.mount(io.vertx.ext.web.Router.router(vertx));
        Map<String, org.openucc.config.Role> code = new java.util.HashMap<>(rest.roles());
        // Served beside the REST API by its own routes: a supervisor's session or the scrape token.
        code.put("GET " + org.openucc.http.metrics.MetricsRoutes.PATH, org.openucc.http.metrics.MetricsRoutes.ROLE);
        JsonObject paths;
        try (var in = RestApi.class.getResourceAsStream(RestApi.OPENAPI_RESOURCE)) {
            paths = toJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).getJsonObject("paths");
        }
        List<String> wrong = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!Set.of("get", "head", "put", "post", "delete", "patch").contains(method)) {
                    continue; // path-level parameters
                }
                JsonObject op = item.getJsonObject(method);
                String key = method.toUpperCase(java.util.Locale.ROOT) + " " + path.replaceAll("\\{(\\w+)}", ":$1");
                documented.add(key);
                org.openucc.config.Role role = code.get(key);
                boolean isPublic = op.getJsonArray("security") != null && op.getJsonArray("security").isEmpty();
                String stated = op.getString("x-role");
                if (role == null && (!isPublic || stated != null)) {
                    wrong.add(key + ": public route, but the document " + (isPublic ? "names role " + stated
                            : "asks for a login"));
                } else if (role != null && (isPublic || !role.name().equals(stated))) {
                    wrong.add(key + ": needs " + role + ", the document says x-role " + stated
                            + (isPublic ? " and security: []" : ""));
                } else if (role != null && role != org.openucc.config.Role.AGENT
                        && !String.valueOf(op.getString("description")).contains(role.name())) {
                    wrong.add(key + ": needs " + role + ", which its description does not say");
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(documented).containsAll(code.keySet());
    }

    private void check(OpenAPIContract contract, ResponseValidator validator, ApiClient.Exchange exchange,
                       HttpResponse<Buffer> response) {
        Operation op = contract.findOperation(exchange.path(), exchange.method());
        if (op == null) {
            violations.add(exchange + ": not in the document");
            return;
        }
        exercised.add(op.getOperationId());
        String where = exchange.method() + " " + exchange.path() + " -> " + response.statusCode();
        String type = response.getHeader("content-type");
        if (type != null && !type.startsWith("application/json")) {
            // CSV and YAML bodies: the status must be documented; their content is checked by their own tests.
            if (op.getResponse(response.statusCode()) == null) {
                violations.add(where + ": status not documented");
            }
            return;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        ValidatableResponse actual = response.body() == null || response.body().length() == 0
                ? ValidatableResponse.create(response.statusCode(), headers)
                : ValidatableResponse.create(response.statusCode(), headers, response.body(), "application/json");
        try {
            ApiClient.await(validator.validate(actual, op.getOperationId()), where);
        } catch (RuntimeException e) {
            violations.add(where + ": " + e.getMessage() + " in " + response.bodyAsString());
        }
    }

    /** Calls every documented operation, with the common error answers along the way. */
    private static void tour(Vertx vertx, int port, java.util.function.BiConsumer<ApiClient.Exchange,
            HttpResponse<Buffer>> observer) {
        ApiClient anonymous = ApiClient.anonymous(vertx, port).observedBy(observer);
        anonymous.get("/api/version");
        anonymous.post("/api/auth/login", new JsonObject().put("username", "alice").put("password", "wrong"));
        anonymous.post("/api/auth/login", new JsonObject().put("username", "alice").put("password", "alice-demo"));
        anonymous.post("/api/auth/token", new JsonObject().put("user", "alice"));
        anonymous.send(HttpMethod.POST, "/api/auth/login", new JsonObject().put("username", "alice")
                .put("password", "alice-demo").toBuffer(), "text/plain");
        anonymous.get("/api/customers");
        anonymous.post("/api/callbacks", new JsonObject().put("name", "Tour").put("phone", "+4930999000")
                .put("queueId", "general"));
        anonymous.post("/api/callbacks", new JsonObject().put("name", "Tour").put("phone", "not a number"));
        ApiClient admin = ApiClient.bearer(vertx, port, "admin", "admin-demo").observedBy(observer);
        ApiClient agent = ApiClient.bearer(vertx, port, "alice", "alice-demo").observedBy(observer);
        admin.get("/api/auth/me");
        admin.get("/api/cluster");
        agent.get("/api/cluster");
        anonymous.get("/api/cluster");

        // Customers and what hangs off them.
        admin.get("/api/customers?name=V&limit=5");
        admin.post("/api/customers", new JsonObject().put("name", ""));
        JsonObject c = admin.post("/api/customers", new JsonObject().put("name", "Tour GmbH").put("tier", "B")
                .put("address", new JsonObject().put("city", "Köln")).put("tags", new JsonArray().add("tour"))
                .put("customFields", new JsonObject().put("crm", "1")).put("pin", "4711")).bodyAsJsonObject();
        String customer = "/api/customers/" + c.getString("id");
        admin.get(customer);
        admin.put(customer, new JsonObject().put("name", "Tour AG").put("version", 1));
        admin.put(customer, new JsonObject().put("name", "Stale").put("version", 1));
        admin.get("/api/customers/lookup?phone=" + DemoCustomers.VIP.phone().replace("+", "%2B"));
        admin.get("/api/customers/lookup?email=nobody@nowhere.example");
        admin.get("/api/customers/" + DemoCustomers.VIP.customerId() + "/history");
        String contact = "/api/contacts/" + admin.post(customer + "/contacts", new JsonObject().put("name", "Kim")
                .put("phones", new JsonArray().add(new JsonObject().put("number", "+49301234000"))))
                .bodyAsJsonObject().getString("id");
        admin.get(customer + "/contacts");
        admin.put(contact, new JsonObject().put("name", "Kim Lee").put("version", 1));
        admin.delete(contact + "?version=2");
        String note = "/api/notes/" + agent.post(customer + "/notes", new JsonObject().put("text", "hello"))
                .bodyAsJsonObject().getString("id");
        admin.get(customer + "/notes");
        admin.put(note, new JsonObject().put("text", "hello again").put("version", 1));
        admin.delete(note + "?version=2");
        String task = "/api/tasks/" + admin.post(customer + "/tasks", new JsonObject().put("subject", "Call")
                .put("due", "2030-01-01T10:00:00Z").put("ownerAgentId", "alice")).bodyAsJsonObject().getString("id");
        admin.get(customer + "/tasks?openOnly=true");
        agent.get("/api/tasks?unassigned=true&openOnly=true");
        agent.get("/api/tasks");
        admin.get("/api/tasks");
        admin.put(task, new JsonObject().put("subject", "Call back").put("status", "DONE")
                .put("version", 1));
        admin.delete(task + "?version=2");
        String serviceCase = "/api/cases/" + admin.post(customer + "/cases", new JsonObject().put("subject", "Broken")
                .put("description", "It <b>broke</b>")).bodyAsJsonObject().getString("id");
        admin.get(customer + "/cases");
        admin.put(serviceCase, new JsonObject().put("subject", "Broken").put("status", "RESOLVED").put("version", 1));
        admin.delete(serviceCase + "?version=2");
        agent.delete(customer + "?version=2");
        admin.delete(customer + "?version=2");
        admin.get(customer);
        admin.send(HttpMethod.POST, "/api/customers/import", Buffer.buffer("name,account_number\nImported,TOUR-1\n"),
                "text/csv");
        admin.send(HttpMethod.POST, "/api/customers/import", Buffer.buffer("name,account_number\n,TOUR-2\n"), "text/csv");
        admin.send(HttpMethod.POST, "/api/customers", Buffer.buffer("{\"name\":"), "application/json");
        admin.send(HttpMethod.POST, "/api/customers", Buffer.buffer("name=x"), "text/plain");
        admin.post("/api/customers", new JsonObject().put("name", "x".repeat(TestServer.TEST_API.maxBodyBytes())));

        // Interactions: nobody is ready, so it waits in the operator queue.
        JsonObject created = admin.post("/api/interactions", new JsonObject().put("channel", "VOICE")
                .put("queueId", "operator").put("email", DemoCustomers.C_TIER.email())
                .put("attributes", new JsonObject().put("ivr.digits", "0"))).bodyAsJsonObject();
        admin.post("/api/interactions", new JsonObject().put("channel", "FAX").put("queueId", "nowhere"));
        String interaction = "/api/interactions/" + created.getString("id");
        admin.get(interaction);
        agent.get(interaction);
        admin.get(interaction + "/explain");
        // Dial-out and DTMF: refusals (an emergency number, a logged-out agent, a user who is no agent,
        // someone else's interaction, one not handled, bad digits); the calls themselves in DialOutSipTest.
        agent.post("/api/agents/me/calls", new JsonObject().put("number", "112"));
        agent.post("/api/agents/me/calls", new JsonObject().put("number", "+4930999000"));
        admin.post("/api/agents/me/calls", new JsonObject().put("number", "+4930999000"));
        agent.post(interaction + "/dtmf", new JsonObject().put("digits", "1"));
        agent.post("/api/interactions/int-none/dtmf", new JsonObject().put("digits", "1"));
        agent.post(interaction + "/dtmf", new JsonObject().put("digits", "x"));
        // Monitoring: refusals (an agent, an unknown interaction, a bad mode, a user without a phone, a call that
        // is not on a phone, nobody monitoring); the real sessions in MonitorSipTest.
        agent.post(interaction + "/monitor", new JsonObject().put("mode", "LISTEN"));
        admin.post("/api/interactions/int-none/monitor", new JsonObject().put("mode", "LISTEN"));
        admin.post(interaction + "/monitor", new JsonObject().put("mode", "SHOUT"));
        admin.post(interaction + "/monitor", new JsonObject().put("mode", "LISTEN"));
        ApiClient supervisor = ApiClient.bearer(vertx, port, "supervisor", "supervisor-demo").observedBy(observer);
        supervisor.post(interaction + "/monitor", new JsonObject().put("mode", "LISTEN"));
        supervisor.put(interaction + "/monitor", new JsonObject().put("mode", "BARGE"));
        supervisor.delete(interaction + "/monitor");
        admin.put(interaction + "/priority", new JsonObject().put("priority", 5));
        admin.get("/api/queues/operator/waiting");
        admin.post(interaction + "/transfer", new JsonObject().put("queueId", "general"));
        admin.post(interaction + "/end", new JsonObject().put("reason", "caller hung up"));
        admin.post(interaction + "/end", null);
        // Web channels: transcripts (a call has none) and the search over them.
        admin.get(interaction + "/messages");
        agent.get("/api/interactions/int-none/messages");
        agent.post(interaction + "/messages", new JsonObject().put("text", "hello"));
        agent.post(interaction + "/messages", new JsonObject());
        agent.post(interaction + "/reply", new JsonObject().put("text", "Dear customer"));
        admin.get(interaction + "/attachments/msg-none/0");
        admin.get(interaction + "/attachments/msg-none/x");
        admin.get("/api/messages?q=hello");
        agent.get("/api/messages?q=hello");
        agent.get("/api/messages?customerId=" + DemoCustomers.VIP.customerId());
        // Recordings: this one has none (the audio itself in RecordingPlaybackTest); an agent who did not handle it
        // is refused before anything is looked up.
        admin.get(interaction + "/recordings/1");
        agent.get(interaction + "/recordings/1");
        anonymous.get(interaction + "/recordings/1");
        admin.send(HttpMethod.HEAD, interaction + "/recordings/1", null, null);
        agent.send(HttpMethod.HEAD, interaction + "/recordings/1", null, null);
        admin.get("/api/interactions?queueId=general&limit=10");
        agent.get("/api/interactions?agentId=bob");

        // Agents, queues, skills.
        admin.get("/api/agents");
        agent.get("/api/agents");
        agent.get("/api/agents/alice");
        admin.get("/api/agents/nobody");
        admin.post("/api/agents/alice/state", new JsonObject().put("state", "NOT_READY").put("reason", "break"));
        agent.post("/api/agents/alice/state", new JsonObject().put("state", "LOGGED_OUT"));
        admin.put("/api/agents/alice/skills", new JsonObject().put("skills", new JsonObject().put("sales", 9)
                .put("general", 5)));
        admin.put("/api/agents/temp-1", new JsonObject().put("name", "Temp").put("skills", new JsonObject()
                .put("general", 2)).put("capacity", new JsonObject().put("VOICE", 1)));
        admin.put("/api/agents/temp-1", new JsonObject().put("name", "Temp Two"));
        admin.delete("/api/agents/temp-1");
        admin.get("/api/queues");
        admin.get("/api/queues/sales");
        admin.get("/api/queues/nowhere");
        agent.get("/api/skills");

        // The log.
        admin.get("/api/events?type=ADMIN_CHANGE&newestFirst=true&limit=5");
        admin.get("/api/events?type=NOT_A_TYPE");
        admin.get("/api/reports/cdr.csv?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z");
        admin.get("/api/reports/cdr.csv?from=2020-01-01T00:00:00Z");
        admin.get("/api/reports/historical?from=2026-01-01&to=2026-01-31&interval=day&groupBy=agent");
        admin.get("/api/reports/historical?from=2026-01-01&to=2026-01-31&interval=week&groupBy=campaign");
        admin.get("/api/reports/historical?from=2026-01-31&to=2026-01-01");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Berlin"));
        admin.get("/api/reports/historical?from=" + today.minusDays(1) + "&to=" + today.plusDays(1)
                + "&interval=HOUR&groupBy=QUEUE");
        agent.get("/api/reports/historical?from=2026-01-01&to=2026-01-02");
        admin.get("/api/reports/historical.csv?from=2026-01-01&to=2026-01-02&interval=hour");
        admin.get("/api/reports/historical.csv?from=2026-01-01&interval=fortnight");

        // What the agent console shares.
        admin.post("/api/bulletins", new JsonObject().put("text", "Team meeting at 15:00"));
        admin.post("/api/bulletins", new JsonObject().put("text", ""));
        agent.post("/api/bulletins", new JsonObject().put("text", "agents cannot post"));
        agent.get("/api/bulletins?limit=5");
        agent.get("/api/bulletins?limit=0");
        admin.post("/api/knowledge", new JsonObject().put("title", "Opening hours").put("body", "08:00-20:00")
                .put("tags", new JsonArray().add("hours")));
        admin.post("/api/knowledge", new JsonObject().put("title", "No body"));
        agent.post("/api/knowledge", new JsonObject().put("title", "t").put("body", "b"));
        agent.get("/api/knowledge?q=opening");
        agent.get("/api/knowledge?limit=1000");
        agent.get("/api/reason-codes");
        agent.get("/api/dispositions");
        campaignTour(admin, agent);
        // Prometheus metrics: supervisors (or the scrape token) only.
        anonymous.get("/metrics");
        agent.get("/metrics");
        admin.get("/metrics");
        agent.post("/api/auth/logout", null);
    }

    /** The campaigns and do-not-call operations, with their usual errors. */
    private static void campaignTour(ApiClient admin, ApiClient agent) {
        agent.get("/api/campaigns");
        admin.post("/api/campaigns", CampaignApiTest.campaign("Tour").put("ringTimeoutSeconds", 5));
        JsonObject campaign = admin.post("/api/campaigns", CampaignApiTest.campaign("Tour")).bodyAsJsonObject();
        String c = "/api/campaigns/" + campaign.getString("id");
        admin.get("/api/campaigns");
        admin.get(c);
        admin.get("/api/campaigns/cmp_none");
        admin.put(c, CampaignApiTest.campaign("Tour 2").put("version", 1));
        admin.put(c, CampaignApiTest.campaign("Stale").put("version", 1));
        admin.post("/api/dnc", new JsonObject().put("phone", "+4930660001").put("source", "tour"));
        admin.post("/api/dnc", new JsonObject().put("phone", "none"));
        admin.send(HttpMethod.POST, "/api/dnc/import?list=tour-registry&source=tour", Buffer.buffer(
                "phone\n+4930660002\nnone\n"), "text/csv");
        admin.get("/api/dnc?limit=5");
        admin.send(HttpMethod.POST, c + "/import", Buffer.buffer("phone,name,consent_at\n+4930660001,A,\n"
                + "+4930660003,B,2025-01-01T00:00:00Z\n+4930660004,C\n"), "text/csv");
        admin.send(HttpMethod.POST, c + "/import", Buffer.buffer("colour\nred\n"), "text/csv");
        admin.post(c + "/records", new JsonObject().put("rows", new JsonArray().add(new JsonObject()
                .put("phone", "+4930660005").put("fields", new JsonObject().put("offer", "gold"))
                .put("consent", new JsonObject().put("source", "web").put("givenAt", "2025-01-01T00:00:00Z")))));
        admin.post(c + "/records/from-crm", new JsonObject().put("query", new JsonObject().put("tier", "VIP"))
                .put("limit", 2));
        admin.get(c + "/records?state=PENDING,FAILED&limit=10");
        admin.get(c + "/records?state=LOST");
        admin.post(c + "/pause", null);
        admin.post(c + "/start", null);
        admin.get(c + "/figures");
        admin.get(c + "/live");
        admin.get("/api/campaigns/cmp_unknown/live");
        admin.post(c + "/pause", null);
        admin.post(c + "/stop", null);
        admin.post(c + "/records/from-crm", new JsonObject().put("query", new JsonObject().put("tier", "VIP")));
        admin.delete("/api/dnc?list=internal&phone=%2B4930660001");
        admin.delete("/api/dnc?list=internal&phone=%2B4930660001");
    }

    /** Method and path (OpenAPI style) of every /api route the router serves, and /metrics. */
    private static Set<String> servedOperations(TestServer server) {
        Set<String> out = new TreeSet<>();
        for (Route r : server.contactCenter().http().router().getRoutes()) {
            String path = r.getPath();
            if (path == null || !(path.startsWith("/api/") || path.equals("/metrics")) || r.methods() == null) {
                continue;
            }
            String openApiPath = path.replaceAll(":([A-Za-z]+)", "{$1}");
            r.methods().forEach(m -> out.add(m.name() + " " + openApiPath));
        }
        return out;
    }

    private static Set<String> documentedOperations(OpenAPIContract contract) {
        Set<String> out = new TreeSet<>();
        contract.operations().forEach(op -> out.add(op.getHttpMethod().name() + " " + op.getOpenAPIPath()));
        out.add("GET /api/openapi.yaml"); // the document itself
        return out;
    }

    /**
     * The document as JSON for vertx-openapi, which takes no text/csv (nor audio/wav) bodies: the import's request and
     * the CSV exports' responses are declared text/plain for the validator only (the server accepts
     * both; the CSV bodies are checked by their own tests).
     */
    private static JsonObject toJson(String yaml) throws Exception {
        Object tree = new YAMLMapper().readValue(yaml, Object.class);
        JsonObject json = new JsonObject(JsonMapper.builder().build().writeValueAsString(tree));
        for (String csvPath : List.of("/api/customers/import", "/api/campaigns/{campaignId}/import", "/api/dnc/import")) {
            JsonObject body = json.getJsonObject("paths").getJsonObject(csvPath).getJsonObject("post")
                    .getJsonObject("requestBody").getJsonObject("content");
            body.put("text/plain", body.remove("text/csv"));
        }
        for (String csvPath : List.of("/api/reports/cdr.csv", "/api/reports/historical.csv")) {
            JsonObject cdr = json.getJsonObject("paths").getJsonObject(csvPath).getJsonObject("get")
                    .getJsonObject("responses").getJsonObject("200").getJsonObject("content");
            cdr.put("text/plain", cdr.remove("text/csv"));
        }
        // Nor audio: the recording's responses are application/octet-stream for the validator only.
        JsonObject play = json.getJsonObject("paths").getJsonObject("/api/interactions/{interactionId}/recordings/{recordingId}")
                .getJsonObject("get").getJsonObject("responses");
        for (String status : List.of("200", "206")) {
            JsonObject content = play.getJsonObject(status).getJsonObject("content");
            content.put("application/octet-stream", content.remove("audio/wav"));
        }
        return json;
    }
}
