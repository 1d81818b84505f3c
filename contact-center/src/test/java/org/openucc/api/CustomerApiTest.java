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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.DemoCustomers;

/** The CRM over REST: validation, versions, limits, verbatim text, the CSV import. */
@ExtendWith(VertxExtension.class)
class CustomerApiTest {
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

    private static ApiClient agent(Vertx vertx) {
        return ApiClient.bearer(vertx, server.port(), "dave", "dave-demo");
    }

    @Test
    void injectionLikeStringsAreStoredAndReturnedVerbatim(Vertx vertx) {
        ApiClient dave = agent(vertx);
        String name = "Robert'); DROP TABLE customer;-- <script>alert(1)</script> \"quoted\" ${jndi:ldap://x} ü€";
        JsonObject created = dave.post("/api/customers", new JsonObject().put("name", name)
                .put("tags", new JsonArray().add("<img src=x onerror=alert(1)>"))
                .put("customFields", new JsonObject().put("note", "1 OR 1=1; --"))).bodyAsJsonObject();

        JsonObject read = dave.get("/api/customers/" + created.getString("id")).bodyAsJsonObject();
        assertThat(read.getString("name")).isEqualTo(name);
        assertThat(read.getJsonArray("tags").getString(0)).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(read.getJsonObject("customFields").getString("note")).isEqualTo("1 OR 1=1; --");
        String found = dave.get("/api/customers?name=" + java.net.URLEncoder.encode("Robert');",
                java.nio.charset.StandardCharsets.UTF_8)).bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
                .getString("name");
        assertThat(found).isEqualTo(name);

        String text = "line 1\n\t<b>bold</b> '; DELETE FROM note; --";
        HttpResponse<Buffer> note = dave.post("/api/customers/" + created.getString("id") + "/notes",
                new JsonObject().put("text", text));
        assertThat(note.statusCode()).isEqualTo(201);
        assertThat(note.bodyAsJsonObject().getString("text")).isEqualTo(text);
        assertThat(note.bodyAsJsonObject().getString("author")).isEqualTo("dave");
    }

    @Test
    void everyBadAndUnknownFieldIsNamedInOne400(Vertx vertx) {
        HttpResponse<Buffer> r = agent(vertx).post("/api/customers", new JsonObject().put("tier", "PLATINUM")
                .put("tags", "not-a-list").put("colour", "blue").put("address", new JsonObject().put("planet", "Mars")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fields(r)).contains("tier", "tags", "colour", "address.planet");

        HttpResponse<Buffer> rules = agent(vertx).post("/api/customers", new JsonObject().put("name", " ")
                .put("accountNumber", "!!bad").put("pin", "12"));
        assertThat(rules.statusCode()).isEqualTo(400);
        assertThat(fields(rules)).contains("name", "accountNumber", "pin");
    }

    @Test
    void malformedJsonWrongMediaTypeAndOversizedBodiesAreRefusedCleanly(Vertx vertx) {
        ApiClient dave = agent(vertx);
        HttpResponse<Buffer> malformed = dave.send(HttpMethod.POST, "/api/customers", Buffer.buffer("{\"name\": \"x\","),
                "application/json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().getString("message")).startsWith("malformed JSON");

        HttpResponse<Buffer> array = dave.send(HttpMethod.POST, "/api/customers", Buffer.buffer("[1,2]"), "application/json");
        assertThat(array.statusCode()).isEqualTo(400);

        HttpResponse<Buffer> form = dave.send(HttpMethod.POST, "/api/customers", Buffer.buffer("name=x"),
                "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(415);

        String big = "x".repeat(TestServer.TEST_API.maxBodyBytes() + 1);
        HttpResponse<Buffer> oversized = dave.post("/api/customers", new JsonObject().put("name", big));
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(oversized.bodyAsJsonObject().getString("error")).isEqualTo("request too large");
        for (HttpResponse<Buffer> r : List.of(malformed, array, form, oversized)) {
            assertThat(r.bodyAsString()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void replacingWithAStaleVersionIs409AndNamesTheCurrentVersion(Vertx vertx) {
        ApiClient dave = agent(vertx);
        JsonObject c = dave.post("/api/customers", new JsonObject().put("name", "Versioned GmbH")).bodyAsJsonObject();
        String uri = "/api/customers/" + c.getString("id");
        HttpResponse<Buffer> first = dave.put(uri, new JsonObject().put("name", "Versioned AG").put("version", 1));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.bodyAsJsonObject().getLong("version")).isEqualTo(2);

        HttpResponse<Buffer> stale = dave.put(uri, new JsonObject().put("name", "Lost update").put("version", 1));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.bodyAsJsonObject().getLong("currentVersion")).isEqualTo(2);
        assertThat(dave.get(uri).bodyAsJsonObject().getString("name")).isEqualTo("Versioned AG");

        HttpResponse<Buffer> missingVersion = dave.put(uri, new JsonObject().put("name", "No version"));
        assertThat(fields(missingVersion)).containsExactly("version");
        assertThat(dave.get("/api/customers/cus_does_not_exist").statusCode()).isEqualTo(404);
        assertThat(dave.delete(uri + "?version=2").statusCode()).as("supervisors delete").isEqualTo(403);
        ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        assertThat(supervisor.delete(uri + "?version=1").statusCode()).isEqualTo(409);
        assertThat(supervisor.delete(uri + "?version=2").statusCode()).isEqualTo(204);
        assertThat(dave.get(uri).statusCode()).isEqualTo(404);
    }

    @Test
    void lookupByPhoneGivesTheScreenPopRecord(Vertx vertx) {
        HttpResponse<Buffer> r = agent(vertx).get("/api/customers/lookup?phone=030%20123456");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("matchedBy")).isEqualTo("phone");
        assertThat(body.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.VIP.customerId());
        assertThat(body.getJsonObject("contact").getString("name")).isEqualTo(DemoCustomers.VIP.contactName());
        assertThat(agent(vertx).get("/api/customers/lookup?phone=%2B4930999999999").statusCode()).isEqualTo(404);
        assertThat(fields(agent(vertx).get("/api/customers/lookup?phone=1&email=a@b.example"))).containsExactly("phone");
        assertThat(fields(agent(vertx).get("/api/customers?limit=5000&sort=name"))).containsExactly("limit", "sort");
    }

    @Test
    void csvWithBadRowsImportsNothingAndNamesEachRowByLine(Vertx vertx) {
        ApiClient admin = ApiClient.bearer(vertx, server.port(), "admin", "admin-demo");
        String csv = """
                name,account_number,tier,contact_name,phones,emails
                Good One GmbH,CSV-1,A,Ann One,+49301111111,ann@one.example
                ,CSV-2,B,Nobody,+49302222222,
                Bad Tier AG,CSV-3,PLATINUM,Bea,not-a-phone,bea@
                Good Two GmbH,CSV-4,C,Tom Two,+49304444444,tom@two.example
                """;
        HttpResponse<Buffer> all = admin.send(HttpMethod.POST, "/api/customers/import", Buffer.buffer(csv), "text/csv");

        assertThat(all.statusCode()).as(all.bodyAsString()).isEqualTo(422);
        JsonObject report = all.bodyAsJsonObject().getJsonObject("report");
        assertThat(report.getBoolean("committed")).isFalse();
        assertThat(report.getJsonArray("rejected").stream().map(r -> ((JsonObject) r).getLong("line")).toList())
                .containsExactly(3L, 4L);
        assertThat(admin.get("/api/customers?accountNumber=CSV-1").bodyAsJsonObject().getJsonArray("items")).isEmpty();

        HttpResponse<Buffer> valid = admin.send(HttpMethod.POST, "/api/customers/import?mode=VALID_ROWS",
                Buffer.buffer(csv), "text/csv");
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.bodyAsJsonObject().getLong("customersCreated")).isEqualTo(2);
        assertThat(admin.get("/api/customers?accountNumber=CSV-").bodyAsJsonObject().getJsonArray("items")).hasSize(2);
        JsonArray audit = admin.get("/api/events?type=ADMIN_CHANGE").bodyAsJsonObject().getJsonArray("events");
        assertThat(audit.stream().map(e -> ((JsonObject) e).getJsonObject("details").getString("action"))).contains("import");

        assertThat(agent(vertx).send(HttpMethod.POST, "/api/customers/import", Buffer.buffer(csv), "text/csv")
                .statusCode()).as("admins only").isEqualTo(403);
        HttpResponse<Buffer> broken = admin.send(HttpMethod.POST, "/api/customers/import",
                Buffer.buffer("name,\"unterminated\nx,y\n"), "text/csv");
        assertThat(broken.statusCode()).isEqualTo(400);
    }

    @Test
    void contactsTasksAndCasesHangOffTheCustomer(Vertx vertx) {
        ApiClient dave = agent(vertx);
        String id = dave.post("/api/customers", new JsonObject().put("name", "Hanging Off Ltd")).bodyAsJsonObject()
                .getString("id");
        HttpResponse<Buffer> contact = dave.post("/api/customers/" + id + "/contacts", new JsonObject().put("name", "Pat")
                .put("phones", new JsonArray().add(new JsonObject().put("number", "0170 1234567").put("label", "mobile")))
                .put("emails", new JsonArray().add("Pat@Example.ORG")));
        assertThat(contact.statusCode()).as(contact.bodyAsString()).isEqualTo(201);
        assertThat(contact.bodyAsJsonObject().getJsonArray("phones").getJsonObject(0).getString("number"))
                .isEqualTo("+491701234567");
        assertThat(contact.bodyAsJsonObject().getJsonArray("emails").getString(0)).isEqualTo("pat@example.org");
        HttpResponse<Buffer> badPhone = dave.post("/api/customers/" + id + "/contacts", new JsonObject().put("name", "X")
                .put("phones", new JsonArray().add(new JsonObject().put("number", "12").put("extension", "9"))));
        assertThat(fields(badPhone)).contains("phones[0].extension");

        assertThat(dave.post("/api/customers/" + id + "/tasks", new JsonObject().put("subject", "Call back")
                .put("due", "2030-01-01T09:00:00Z")).statusCode()).isEqualTo(201);
        assertThat(dave.post("/api/customers/" + id + "/cases", new JsonObject().put("subject", "Broken")
                .put("priority", "HIGH")).statusCode()).isEqualTo(201);
        assertThat(dave.get("/api/customers/" + id + "/cases?openOnly=true").bodyAsJsonObject().getJsonArray("items"))
                .hasSize(1);
        assertThat(dave.post("/api/customers/cus_nope/notes", new JsonObject().put("text", "x")).statusCode())
                .isEqualTo(404);
    }

    static List<String> fields(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
        return r.bodyAsJsonObject().getJsonArray("fields").stream().map(f -> ((JsonObject) f).getString("field")).toList();
    }
}
