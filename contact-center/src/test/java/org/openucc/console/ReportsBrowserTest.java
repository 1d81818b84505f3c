package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;

/**
 * The Reports page in a real headless Chromium against the whole server, after real traffic through the
 * engine (a chat and a sales call handled, a call abandoned): the supervisor opens it from the wallboard,
 * picks today and hourly figures by queue, sees the rows and the chart, downloads the CSV, switches to
 * Chinese; an agent is refused the page and the API. The screenshot goes to docs/screenshots.
 */
@ExtendWith(VertxExtension.class)
class ReportsBrowserTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path downloads;

    @Test
    void aSupervisorPicksARangeSeesTableAndChartAndDownloadsTheCsv(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             Browser supervisor = Browser.open(server.port());
             Browser agent = Browser.open(server.port())) {
            RoutingPort routing = server.contactCenter().routing();
            ApiClient integration = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            send(routing, new RoutingCommand.Login("bob", true));
            send(routing, new RoutingCommand.Login("alice", true));
            String chat = handled(routing, integration, "CHAT", "chat", "bob");
            String call = create(integration, "VOICE", "sales");
            send(routing, new RoutingCommand.Accept(call, "alice"));
            // Alice is on the phone: a caller to "general" waits, then hangs up.
            String gone = create(integration, "VOICE", "general");
            send(routing, new RoutingCommand.CustomerLeft(gone, "caller hung up"));
            send(routing, new RoutingCommand.End(call, "done", "alice"));
            send(routing, new RoutingCommand.CompleteWrapUp(call, "alice"));
            assertThat(List.of(chat, call, gone)).doesNotHaveDuplicates();
            server.contactCenter().store().interactionLog().flush().get(10, TimeUnit.SECONDS);

            // The API's guards, next to the page's.
            String today = LocalDate.now(server.contactCenter().config().reports().timeZone()).toString();
            String q = "/api/reports/historical?from=" + today + "&to=" + today;
            assertThat(ApiClient.anonymous(vertx, server.port()).get(q).statusCode()).isEqualTo(401);
            assertThat(ApiClient.bearer(vertx, server.port(), "alice", "alice-demo").get(q).statusCode()).isEqualTo(403);
            HttpResponse<Buffer> backwards = integration.get("/api/reports/historical?from=" + today + "&to=2020-01-01");
            assertThat(backwards.statusCode()).isEqualTo(400);
            assertThat(backwards.bodyAsJsonObject().getJsonArray("fields").getJsonObject(0).getString("field"))
                    .isEqualTo("to");
            HttpResponse<Buffer> tooFine = integration.get("/api/reports/historical?from=2020-01-01&to=2020-12-31&interval=MIN15");
            assertThat(tooFine.statusCode()).isEqualTo(400);
            assertThat(tooFine.bodyAsString()).contains("choose a shorter range or a longer interval");
            // Carol's only state so far (ready since she logged in) has no end yet: it counts up to now.
            send(routing, new RoutingCommand.Login("carol", true));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<Buffer> byAgent = integration.get(q + "&groupBy=AGENT");
                // The sums follow the log within half a second: carol's row may not be there at the first look.
                java.util.Optional<JsonObject> row = byAgent.bodyAsJsonObject().getJsonArray("totals").stream()
                        .map(JsonObject.class::cast).filter(r -> r.getString("key").equals("carol")).findFirst();
                assertThat(row).as("carol's row").isPresent();
                JsonObject carol = row.get();
                assertThat(carol.getDouble("readySeconds")).isPositive();
                assertThat(carol.getDouble("loggedInSeconds")).isEqualTo(carol.getDouble("readySeconds"));
            });

            supervisor.downloadsTo(downloads);
            supervisor.logIn("supervisor", "supervisor-demo");
            supervisor.waitForAttribute("#conn-status", "data-status", "open");
            supervisor.click("#nav-reports");
            supervisor.find("#rep-from");
            assertThat(supervisor.currentPath()).isEqualTo("/reports.html");
            supervisor.script("for (const id of ['#rep-from', '#rep-to']) { const e = document.querySelector(id);"
                    + " e.value = arguments[0]; e.dispatchEvent(new Event('change')); }", today);
            supervisor.select("#rep-interval", "HOUR");
            supervisor.select("#rep-group", "QUEUE");
            supervisor.click("#btn-run-report");
            supervisor.until(d -> String.valueOf(supervisor.script(
                    "return document.querySelector('#reports').dataset.loaded")).startsWith("QUEUE/HOUR/") ? true : null,
                    "the hourly report by queue");
            // Rows: interval, queue, offered, answered, abandoned, ...
            supervisor.waitForText("#rep-table tbody tr[data-key=chat]:not(.total) td:nth-child(4)", "1");
            supervisor.waitForText("#rep-table tbody tr[data-key=sales]:not(.total) td:nth-child(3)", "1");
            supervisor.waitForText("#rep-table tbody tr[data-key=general]:not(.total) td:nth-child(5)", "1");
            supervisor.waitForText("#rep-table tbody tr.total[data-key=general] td:nth-child(1)", "Total");
            assertThat(supervisor.count("#rep-chart svg rect.report-bar")).isGreaterThanOrEqualTo(1);
            assertThat(supervisor.text("#rep-zone")).contains("Europe/Berlin");
            supervisor.screenshot(ConsoleBrowserTest.SCREENSHOTS.resolve("reports.png"));

            supervisor.click("#rep-csv");
            Path csv = supervisor.until(d -> {
                try (Stream<Path> files = Files.list(downloads)) {
                    return files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "the CSV download");
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertThat(csv.getFileName().toString()).isEqualTo("report-queue-hour-" + today + "-" + today + ".csv");
            assertThat(lines.get(0)).startsWith("interval_start,interval_end,queue,offered,answered,abandoned,");
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(",general,1,0,1,"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(",chat,1,1,0,"));

            supervisor.click("#lang-toggle");
            supervisor.waitForText("#rep-table thead", "进线");
            supervisor.waitForText("#rep-table tbody tr.total[data-key=chat] td:nth-child(1)", "合计");
            supervisor.waitForText("#btn-run-report", "查看报表");
            assertThat(supervisor.consoleErrors()).isEmpty();

            agent.logIn("alice", "alice-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.go("/reports.html");
            agent.waitForText("body", "Forbidden");
        }
    }

    private static String create(ApiClient api, String channel, String queue) {
        HttpResponse<Buffer> r = api.post("/api/interactions", new JsonObject().put("channel", channel).put("queueId", queue));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getString("id");
    }

    private static String handled(RoutingPort routing, ApiClient api, String channel, String queue, String agent)
            throws Exception {
        String id = create(api, channel, queue);
        send(routing, new RoutingCommand.Accept(id, agent));
        send(routing, new RoutingCommand.End(id, "done", agent));
        send(routing, new RoutingCommand.CompleteWrapUp(id, agent));
        return id;
    }

    private static <T> T send(RoutingPort routing, RoutingCommand<T> command) throws Exception {
        return routing.send(command).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
