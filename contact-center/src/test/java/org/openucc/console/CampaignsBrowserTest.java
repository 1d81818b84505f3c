package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;
import org.openucc.outbound.CampaignState;

/**
 * The Campaigns page in a real headless Chromium against the whole server: a supervisor opens it from the
 * wallboard, sees only queues that take outbound calls, gets the server's field errors next to the form,
 * creates a campaign, meets a 409 when another supervisor changed it meanwhile, uploads a CSV list with a bad
 * row and reads the row report, filters the records, starts, pauses and stops the campaign while the live
 * panel follows (no agent is logged in, so nothing is dialed), sees the 409 of an illegal move, keeps a
 * do-not-call list, and switches to Chinese. An agent gets 403 from the page and from its API.
 */
@ExtendWith(VertxExtension.class)
class CampaignsBrowserTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path files;

    @Test
    void aSupervisorCreatesFillsStartsPausesAndStopsACampaign(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             Browser supervisor = Browser.open(server.port());
             Browser agent = Browser.open(server.port())) {
            ApiClient other = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");

            supervisor.logIn("supervisor", "supervisor-demo");
            supervisor.waitForAttribute("#conn-status", "data-status", "open");
            supervisor.click("#nav-campaigns");
            supervisor.waitForAttribute("#campaigns", "data-ready", "true");
            assertThat(supervisor.currentPath()).isEqualTo("/campaigns.html");
            // Only the queues that take OUTBOUND_VOICE (the demo's telesales and outbound), not sales or general.
            assertThat(supervisor.script("return [...document.querySelectorAll('#f-queue option')].map(o => o.value)"))
                    .isEqualTo(List.of("telesales", "outbound"));
            supervisor.waitForVisible("#cmp-none", true);

            // 1. The browser's own checks, then the server's 400 with its field, next to the form.
            supervisor.find("#f-name").sendKeys("Spring sale");
            supervisor.select("#f-queue", "telesales");
            supervisor.select("#f-mode", "PROGRESSIVE");
            supervisor.find("#f-caller").sendKeys("+4930999000");
            setValue(supervisor, "#f-ring", "10");
            supervisor.click("#btn-save-campaign");
            supervisor.waitForVisible("#form-error", true);
            supervisor.waitForText("#form-error li[data-field=ringTimeoutSeconds]", "at least 15 seconds");
            setValue(supervisor, "#f-ring", "20");
            supervisor.click("#btn-save-campaign");
            supervisor.waitForAttribute("#form-error", "data-status", "400");
            supervisor.waitForText("#form-error li[data-field=identificationPromptId]", "is required in PROGRESSIVE mode");
            assertThat(supervisor.text("#form-error")).doesNotContain("Exception").doesNotContain("at org.");
            assertThat(other.get("/api/campaigns").bodyAsJsonArray()).isEmpty();

            // 2. Created.
            supervisor.find("#f-ident").sendKeys("ident-sales");
            supervisor.click("#btn-save-campaign");
            supervisor.waitForVisible("#cmp-detail", true);
            supervisor.waitForVisible("#form-error", false);
            JsonArray all = other.get("/api/campaigns").bodyAsJsonArray();
            assertThat(all).hasSize(1);
            JsonObject created = all.getJsonObject(0);
            String id = created.getString("id");
            assertThat(created.getString("queueId")).isEqualTo("telesales");
            assertThat(created.getInteger("ringTimeoutSeconds")).isEqualTo(20);
            assertThat(created.getString("callerId")).isEqualTo("+4930999000");
            assertThat(created.getJsonObject("window").getJsonArray("days")).hasSize(5);
            supervisor.waitForText("#cmp-table tr[data-id='" + id + "'] td:nth-child(2)", "Draft");
            supervisor.waitForText("#cmp-form-title", "Edit Spring sale");
            supervisor.waitForText("#d-state", "Draft");

            // 3. Someone else changes it meanwhile: saving says so (409 with the current version), nothing lost.
            JsonObject changed = created.copy().put("name", "Spring sale B");
            for (String readOnly : List.of("id", "state", "createdAt", "updatedAt")) {
                changed.remove(readOnly);
            }
            HttpResponse<Buffer> elsewhere = other.put("/api/campaigns/" + id, changed);
            assertThat(elsewhere.statusCode()).as(elsewhere.bodyAsString()).isEqualTo(200);
            supervisor.find("#f-caller").sendKeys("1");
            supervisor.click("#btn-save-campaign");
            supervisor.waitForAttribute("#form-error", "data-status", "409");
            supervisor.waitForText("#form-error", "Someone else changed this campaign (now version 2)");
            assertThat(other.get("/api/campaigns/" + id).bodyAsJsonObject().getString("callerId")).isEqualTo("+4930999000");
            supervisor.click("#form-error button.reload");
            supervisor.waitForText("#cmp-form-title", "Edit Spring sale B");
            supervisor.waitForVisible("#form-error", false);

            // 4. The list: one emergency number among three rows, reported by line and reason.
            Path csv = files.resolve("list.csv");
            Files.writeString(csv, "phone,name\n030 7770011,Anna\n030 7770012,Ben\n112,Emergency\n",
                    StandardCharsets.UTF_8);
            supervisor.find("#import-file").sendKeys(csv.toString());
            supervisor.click("#btn-import");
            supervisor.waitForText("#import-summary", "3 rows: 2 added, 1 refused");
            supervisor.waitForText("#import-problems tr[data-line='4']", "emergency-number");
            assertThat(supervisor.count("#import-problems tbody tr")).isEqualTo(1);
            supervisor.waitForAttribute("#rec-table", "data-loaded", "ALL/3");
            supervisor.select("#rec-state", "FAILED");
            supervisor.waitForAttribute("#rec-table", "data-loaded", "FAILED/1");
            supervisor.waitForText("#rec-table tbody tr[data-line='4']", "emergency-number");
            supervisor.select("#rec-state", "PENDING");
            supervisor.waitForAttribute("#rec-table", "data-loaded", "PENDING/2");
            supervisor.waitForText("#live [data-figure=left] .tile-value", "2");
            supervisor.waitForText("#live [data-figure=failed] .tile-value", "1");
            supervisor.waitForText("#cmp-table tr[data-id='" + id + "'] td.left", "2");
            assertThat(supervisor.isVisible("#live-idle")).as("a draft is not being dialed").isTrue();

            // 5. Start: the dialer's live figures appear (nothing dialed: no agent is logged in), abandon vs limit.
            supervisor.click("#btn-start");
            supervisor.waitForText("#d-state", "Running");
            supervisor.waitForAttribute("#live", "data-state", "RUNNING");
            supervisor.waitForText("#live [data-figure=abandonToday] .tile-value", "0% / 3%");
            supervisor.waitForText("#live [data-figure=abandon30Day] .tile-value", "0% / 3%");
            supervisor.waitForText("#live [data-figure=agents] .tile-value", "0");
            assertThat(supervisor.script("return document.querySelector('#live [data-figure=abandon30Day]').className"))
                    .asString().contains("ok");
            assertThat(supervisor.isVisible("#live-idle")).isFalse();
            assertThat(supervisor.script("return document.querySelector('#btn-start').disabled")).isEqualTo(true);
            assertThat(server.contactCenter().store().campaigns().get(id).state()).isEqualTo(CampaignState.RUNNING);
            supervisor.screenshot(ConsoleBrowserTest.SCREENSHOTS.resolve("campaigns.png"));

            // 6. Pause, then stop (confirmed); the panel follows.
            supervisor.click("#btn-pause");
            supervisor.waitForText("#d-state", "Paused");
            supervisor.waitForAttribute("#live", "data-state", "PAUSED");
            assertThat(server.contactCenter().store().campaigns().get(id).state()).isEqualTo(CampaignState.PAUSED);
            supervisor.script("window.confirm = () => true");
            supervisor.click("#btn-stop");
            supervisor.waitForText("#d-state", "Stopped");
            supervisor.waitForText("#cmp-table tr[data-id='" + id + "'] td:nth-child(2)", "Stopped");
            assertThat(server.contactCenter().store().campaigns().get(id).state()).isEqualTo(CampaignState.STOPPED);
            assertThat(supervisor.script("return document.querySelector('#btn-start').disabled")).isEqualTo(true);
            // An illegal move (the button is disabled; pressed anyway): the server's 409 is shown, not a trace.
            supervisor.script("const b = document.querySelector('#btn-start'); b.disabled = false; b.click();");
            supervisor.waitForAttribute("#move-error", "data-status", "409");
            supervisor.waitForText("#move-error", "STOPPED is final");

            // 7. Do-not-call: add, import (a bad row reported), remove.
            supervisor.find("#dnc-phone").sendKeys("030 7770099");
            supervisor.click("#btn-dnc-add");
            supervisor.waitForText("#dnc-table tbody", "7770099");
            Path dnc = files.resolve("dnc.csv");
            Files.writeString(dnc, "phone\n+4930880001\nabc\n", StandardCharsets.UTF_8);
            supervisor.find("#dnc-file").sendKeys(dnc.toString());
            supervisor.click("#btn-dnc-import");
            supervisor.waitForText("#dnc-report", "2 rows: 1 added, 0 already listed, 1 refused.");
            supervisor.waitForText("#dnc-table tbody", "+4930880001");
            supervisor.find("#dnc-phone").sendKeys("no number");
            supervisor.click("#btn-dnc-add");
            supervisor.waitForAttribute("#dnc-error", "data-status", "400");
            supervisor.waitForText("#dnc-error li[data-field=phone]", "phone");
            int before = supervisor.count("#dnc-table tbody tr");
            supervisor.click("#dnc-table tbody tr[data-phone='+4930880001'] button.remove");
            supervisor.until(d -> supervisor.count("#dnc-table tbody tr") == before - 1 ? true : null,
                    "the number removed from the list");
            assertThat(other.get("/api/dnc?list=internal").bodyAsJsonObject().getJsonArray("items").stream()
                    .map(o -> ((JsonObject) o).getString("phone"))).doesNotContain("+4930880001").hasSize(1);

            // 8. Chinese.
            supervisor.click("#lang-toggle");
            supervisor.waitForText("#btn-start", "开始");
            supervisor.waitForText("#d-state", "已停止");
            supervisor.waitForText("#cmp-table thead", "剩余记录");
            supervisor.waitForText("#dnc-card h2", "禁呼名单");
            // Only the refusals this test provoked were logged: no script errors, no CSP violations.
            assertThat(supervisor.consoleErrors()).allSatisfy(e -> assertThat(e)
                    .containsAnyOf("/api/campaigns", "/api/dnc").containsAnyOf(" 400 ", " 409 ", " 404 "));

            // An agent: the page and its API are refused.
            agent.logIn("alice", "alice-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.go("/campaigns.html");
            agent.waitForText("body", "Forbidden");
            assertThat(agent.script("return fetch('/api/campaigns', {credentials: 'same-origin'}).then(r => r.status)"))
                    .isEqualTo(403L);
            assertThat(ApiClient.bearer(vertx, server.port(), "alice", "alice-demo").get("/api/campaigns/" + id + "/live")
                    .statusCode()).isEqualTo(403);
        }
    }

    private static void setValue(Browser b, String css, String value) {
        b.find(css).clear();
        b.find(css).sendKeys(value);
    }
}
