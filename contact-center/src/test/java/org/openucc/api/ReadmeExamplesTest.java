package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.DemoCustomers;

/**
 * The README's REST examples, run against a real server: every request it names in backticks
 * ({@code `POST /api/agents/{id}/state`}) is a route the server serves with that method, every query
 * parameter it lists is one the route takes, and its curl examples answer what it says they answer.
 */
@ExtendWith(VertxExtension.class)
class ReadmeExamplesTest {
    private static final Path README = Path.of("..", "README.md");
    /** `GET /api/x`, `GET/PUT/DELETE /api/customers/{id}`, `GET /api/customers/lookup?phone=|email=` */
    private static final Pattern REQUEST = Pattern.compile("`((?:GET|POST|PUT|DELETE)(?:/(?:GET|POST|PUT|DELETE))*)"
            + " (/api/[^`?\\s…]*)(?:\\?([^`]*))?`");

    @TempDir
    Path dataDir;

    @Test
    void everyRequestTheReadmeNamesIsServedWithThatMethodAndItsQueryParameters(Vertx vertx) throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient admin = ApiClient.bearer(vertx, server.port(), "admin", "admin-demo");
            List<String> wrong = new ArrayList<>();
            Set<String> checked = new LinkedHashSet<>();
            Matcher m = REQUEST.matcher(readme);
            while (m.find()) {
                String path = m.group(2).replaceAll("\\{[^}]+}", "readme-x");
                for (String method : m.group(1).split("/")) {
                    if (!checked.add(method + " " + m.group(2))) {
                        continue;
                    }
                    HttpResponse<Buffer> r = admin.send(HttpMethod.valueOf(method), path,
                            method.equals("POST") || method.equals("PUT") ? Buffer.buffer("{}") : null,
                            "application/json");
                    if (r.statusCode() == 405 || r.statusCode() == 404 && r.bodyAsJsonObject().containsKey("path")) {
                        wrong.add("`" + method + " " + m.group(2) + "`: " + r.statusCode() + " " + r.bodyAsString());
                    }
                }
                if (m.group(3) != null) {
                    for (String param : m.group(3).split("\\|")) {
                        String name = param.replaceAll("=.*", "");
                        HttpResponse<Buffer> r = admin.get(path + "?" + name + "=" + sampleFor(name));
                        if (r.statusCode() == 400 && r.bodyAsString().contains("unknown parameter")) {
                            wrong.add("`" + m.group(1) + " " + m.group(2) + "?" + name + "=`: " + r.bodyAsString());
                        }
                    }
                }
            }
            assertThat(checked).as("requests found in the README").hasSizeGreaterThan(20)
                    .contains("POST /api/agents/{id}/state", "GET /api/customers/lookup");
            assertThat(wrong).isEmpty();

            // The lookup's parameters find the VIP the README's examples use.
            for (String query : List.of("phone=%2B49%2030%20123456", "accountNumber=100001",
                    "email=" + DemoCustomers.VIP.email())) {
                HttpResponse<Buffer> found = admin.get("/api/customers/lookup?" + query);
                assertThat(found.statusCode()).as(query + ": " + found.bodyAsString()).isEqualTo(200);
                assertThat(found.bodyAsString()).contains(DemoCustomers.VIP.customerId());
            }
        }
    }

    @Test
    void theCurlExamplesAnswerWhatTheReadmeShows(Vertx vertx) throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
            HttpResponse<Buffer> health = anonymous.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(readme).contains("$ curl -s http://127.0.0.1:8080/health\n{\"status\":\"UP\"");
            assertThat(health.bodyAsJsonObject().getJsonObject("components").fieldNames())
                    .contains("vertx", "store", "routing", "ivr", "sip", "cti", "channels", "http");
            HttpResponse<Buffer> version = anonymous.get("/api/version");
            assertThat(readme).contains("$ curl -s http://127.0.0.1:8080/api/version\n" + version.bodyAsString()
                    .replace(version.bodyAsJsonObject().getString("version"), "0.1.0-SNAPSHOT"));

            // The callback example, with its time moved to tomorrow (it must be within maxScheduleAhead).
            Matcher curl = Pattern.compile("curl -X POST http://127\\.0\\.0\\.1:8080(/api/callbacks) -H 'content-type:"
                    + " application/json' \\\\\\s+-d '([^']+)'\\s+# (\\d{3}) (\\{[^\\n]+})").matcher(readme);
            assertThat(curl.find()).as("the callback example").isTrue();
            JsonObject body = new JsonObject(curl.group(2));
            Instant at = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
            body.put("at", at.toString());
            HttpResponse<Buffer> answer = anonymous.post(curl.group(1), body);
            assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(Integer.parseInt(curl.group(3)));
            JsonObject shown = new JsonObject(curl.group(4).replace("…", ""));
            JsonObject got = answer.bodyAsJsonObject();
            assertThat(got.fieldNames()).containsAll(shown.fieldNames());
            assertThat(got.getString("state")).isEqualTo(shown.getString("state"));
            assertThat(got.getString("callbackId")).startsWith(shown.getString("callbackId"));
            assertThat(Instant.parse(got.getString("dueAt"))).isEqualTo(at);
        }
    }

    private static String sampleFor(String param) {
        return switch (param) {
            case "phone" -> "%2B4930123456";
            case "email" -> DemoCustomers.VIP.email();
            case "accountNumber", "account" -> "100001";
            default -> "x";
        };
    }
}
