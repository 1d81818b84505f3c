package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;

/**
 * Issue 14, what a new user met in the console, in headless Chromium: the language switch keeps the
 * real connection state and translates the empty bulletin board; nobody is handed a not-ready reason
 * (agent and supervisor pick one, the action waits for it); reasons the server sets itself show as
 * words in both languages (the reports page included); a logged-out agent's state has no 1970 start; a
 * chat's transfer list offers only the queues that take chats, none chosen.
 */
@ExtendWith(VertxExtension.class)
class ConsoleFirstUseBrowserTest {
    @TempDir
    Path dataDir;

    @Test
    void aNewUsersConsoleSpeaksBothLanguagesAsksForReasonsAndOffersOnlyFittingQueues(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             Browser agent = Browser.open(server.port());
             Browser supervisor = Browser.open(server.port())) {
            RoutingPort routing = server.contactCenter().routing();
            ApiClient integration = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");

            agent.logIn("bob", "bob-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.waitForAttribute("#agent-state", "data-state", "LOGGED_OUT");
            agent.waitForText("#conn-status", "Connected");
            agent.waitForText("#bulletins", "No messages.");
            // Logged out since before the server started: no time in state counted from 1970.
            assertThat(agent.text("#state-timer")).isEqualTo("–");

            // The language switch: the badge keeps saying connected, and the empty board is translated.
            agent.click("#lang-toggle");
            agent.waitForText("#btn-ready", "就绪");
            assertThat(agent.text("#conn-status")).isEqualTo("已连接");
            assertThat(agent.find("#conn-status").getDomAttribute("data-status")).isEqualTo("open");
            assertThat(agent.text("#bulletins")).isEqualTo("没有消息。");
            agent.click("#lang-toggle");
            agent.waitForText("#btn-ready", "Ready");
            assertThat(agent.text("#conn-status")).isEqualTo("Connected");
            assertThat(agent.text("#bulletins")).isEqualTo("No messages.");

            // No reason is chosen for the agent; reasons the system sets are not offered.
            agent.until(d -> agent.count("#reason-select option") > 1 ? true : null, "the reason codes");
            assertThat(agent.find("#reason-select").getDomProperty("value")).isEmpty();
            assertThat(agent.find("#btn-not-ready").isEnabled()).isFalse();
            assertThat(optionValues(agent, "#reason-select")).containsExactly("", "break", "lunch", "training", "meeting");
            agent.altKey("n");
            agent.waitForText("#messages", "Choose a reason for not ready first.");
            assertThat(agent.find("#agent-state").getDomAttribute("data-state")).isEqualTo("LOGGED_OUT");
            agent.select("#reason-select", "break");
            agent.click("#btn-not-ready");
            agent.waitForAttribute("#agent-state", "data-state", "NOT_READY");
            agent.waitForText("#agent-reason", "Short break");

            // The supervisor's force-not-ready waits for a reason too.
            supervisor.logIn("supervisor", "supervisor-demo");
            supervisor.waitForAttribute("#conn-status", "data-status", "open");
            supervisor.waitForAttribute("#agents tr[data-agent-id=bob]", "data-state", "NOT_READY");
            supervisor.until(d -> supervisor.count("#agents tr[data-agent-id=bob] select.reason option") > 1 ? true : null,
                    "the reason codes on the wallboard");
            // The wallboard draws its rows anew on every push: read them in one step.
            assertThat(supervisor.property("#agents tr[data-agent-id=bob] select.reason", "value")).isEqualTo("");
            assertThat(supervisor.property("#agents tr[data-agent-id=bob] button.force-not-ready", "disabled"))
                    .isEqualTo(true);
            assertThat(optionValues(supervisor, "#agents tr[data-agent-id=bob] select.reason"))
                    .containsExactly("", "break", "lunch", "training", "meeting");
            supervisor.select("#agents tr[data-agent-id=bob] select.reason", "lunch");
            supervisor.click("#agents tr[data-agent-id=bob] button.force-not-ready");
            agent.waitForText("#agent-reason", "Lunch");
            supervisor.waitForText("#agents tr[data-agent-id=bob] td.reason-cell", "Lunch");

            // Reasons the server sets by itself read as words, in English and Chinese, not as codes.
            send(routing, new RoutingCommand.Login("carol", false));
            supervisor.waitForText("#agents tr[data-agent-id=carol] td.reason-cell", "Just logged in");
            send(routing, new RoutingCommand.NotReady("bob", null));
            agent.waitForText("#agent-reason", "Not ready (no reason given)");
            supervisor.waitForText("#agents tr[data-agent-id=bob] td.reason-cell", "Not ready (no reason given)");
            supervisor.click("#lang-toggle");
            supervisor.waitForText("#agents tr[data-agent-id=carol] td.reason-cell", "刚登录");
            supervisor.waitForText("#agents tr[data-agent-id=bob] td.reason-cell", "未就绪（未给出原因）");
            assertThat(supervisor.text("#conn-status")).isEqualTo("已连接");
            agent.click("#lang-toggle");
            agent.waitForText("#agent-reason", "未就绪（未给出原因）");
            agent.click("#lang-toggle");
            agent.waitForText("#btn-ready", "Ready");

            // A chat in hand: only queues that take chats are offered for a transfer, none chosen.
            agent.click("#btn-ready");
            agent.waitForAttribute("#agent-state", "data-state", "READY");
            HttpResponse<Buffer> created = integration.post("/api/interactions", new JsonObject().put("channel", "CHAT")
                    .put("queueId", "chat").put("chatIdentity", "visitor-14"));
            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
            String chat = created.bodyAsJsonObject().getString("id");
            agent.waitForAttribute("#offer", "data-interaction-id", chat);
            agent.click("#btn-accept");
            agent.waitForAttribute("#interaction-state", "data-state", "CONNECTED");
            agent.until(d -> agent.count("#transfer-queue option") > 1 ? true : null, "the transfer queues");
            assertThat(optionValues(agent, "#transfer-queue")).containsExactly("", "chat");
            assertThat(agent.find("#transfer-queue").getDomProperty("value")).isEmpty();
            assertThat(agent.find("#btn-transfer").isEnabled()).isFalse();
            agent.select("#transfer-queue", "chat");
            assertThat(agent.find("#btn-transfer").isEnabled()).isTrue();

            // The reports page names the reasons as words too (still in Chinese: the choice is kept).
            String today = java.time.LocalDate.now(server.contactCenter().config().reports().timeZone()).toString();
            supervisor.go("/reports.html");
            supervisor.find("#rep-from");
            supervisor.script("for (const id of ['#rep-from', '#rep-to']) { const e = document.querySelector(id);"
                    + " e.value = arguments[0]; e.dispatchEvent(new Event('change')); }", today);
            supervisor.select("#rep-interval", "DAY");
            supervisor.select("#rep-group", "REASON");
            String notReadyRow = "#rep-table tbody tr.total[data-key='not-ready'] td:nth-child(2)";
            supervisor.until(d -> { // the report follows the log: ask again until bob's reasonless time is in it
                if (supervisor.count(notReadyRow) > 0) {
                    return true;
                }
                supervisor.click("#btn-run-report");
                return null;
            }, "bob's time without a reason in the report");
            supervisor.waitForText(notReadyRow, "未就绪（未给出原因）");
            supervisor.waitForText("#rep-table tbody tr.total[data-key='break'] td:nth-child(2)", "Short break");

            assertThat(agent.consoleErrors()).as("script errors or CSP violations in the agent view").isEmpty();
            assertThat(supervisor.consoleErrors()).as("script errors or CSP violations in the supervisor view").isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> optionValues(Browser browser, String selectCss) {
        return (List<String>) browser.script("return [...document.querySelectorAll(arguments[0] + ' option')]"
                + ".map(o => o.value)", selectCss);
    }

    private static <T> T send(RoutingPort routing, RoutingCommand<T> command) throws Exception {
        return routing.send(command).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
