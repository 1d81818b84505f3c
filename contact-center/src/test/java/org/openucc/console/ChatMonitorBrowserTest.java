package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;

/**
 * Chat monitoring in two real headless Chromium windows against the whole server: the supervisor opens
 * the agent's chat from the wallboard (Monitor), sees the transcript live, whispers (the agent's page
 * shows it marked as the supervisor's whisper; the visitor on /ws/chat never gets it), joins (the
 * visitor sees who joined and their line) and leaves; the panel speaks Chinese too. The screenshot goes
 * to target/ (not to docs/screenshots).
 */
@ExtendWith(VertxExtension.class)
class ChatMonitorBrowserTest {
    private static final String WHISPER = "Offer the voucher (whisper-5512)";

    @TempDir
    Path dataDir;

    @Test
    void supervisorWhispersFromTheWallboardAndTheAgentPageShowsIt(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             Browser agent = Browser.open(server.port());
             Browser supervisor = Browser.open(server.port());
             ConsoleClient visitor = ConsoleClient.connect(vertx, server.port(), "/ws/chat", MultiMap.caseInsensitiveMultiMap())) {
            agent.logIn("bob", "bob-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.click("#btn-ready");
            agent.waitForAttribute("#agent-state", "data-state", "READY");
            supervisor.logIn("supervisor", "supervisor-demo");
            supervisor.waitForAttribute("#conn-status", "data-status", "open");

            visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Li Chen").put("topic", "support").encode());
            String chatId = visitor.next("started").getString("chatId");
            agent.waitForAttribute("#offer", "data-interaction-id", chatId);
            agent.click("#btn-accept");
            visitor.next("agentJoined");
            visitor.sendRaw(new JsonObject().put("type", "message").put("text", "My invoice is wrong.").encode());
            agent.waitForText("#chat-transcript li[data-from=visitor] .chat-text", "My invoice is wrong.");

            // The wallboard lists the chat with its agent, and the agent's row offers Monitor too.
            String row = "#chats tr[data-interaction-id='" + chatId + "']";
            supervisor.waitForText(row, "Bob Chen");
            supervisor.find("#agents tr[data-agent-id=bob] button.monitor-chat[data-interaction-id='" + chatId + "']");
            supervisor.click(row + " button.monitor-chat");
            supervisor.waitForAttribute("#monitor-panel", "data-mode", "VIEW");
            supervisor.waitForText("#monitor-transcript li[data-from=visitor] .chat-text", "My invoice is wrong.");
            supervisor.waitForText("#monitor-agent", "Bob Chen");

            // Live: the agent's next line shows in the panel.
            agent.find("#chat-input").sendKeys("Let me check.");
            agent.click("#btn-chat-send");
            supervisor.waitForText("#monitor-transcript li[data-from=agent] .chat-text", "Let me check.");

            // The whisper: the agent's page shows it marked as the supervisor's; the visitor gets nothing of it.
            supervisor.find("#whisper-text").sendKeys(WHISPER);
            supervisor.click("#btn-whisper");
            agent.waitForText("#chat-transcript li[data-from=supervisor][data-internal=true] .chat-text", WHISPER);
            assertThat(agent.text("#chat-transcript li[data-internal=true] .chat-who"))
                    .contains("Whisper from supervisor");
            supervisor.waitForAttribute("#monitor-panel", "data-mode", "WHISPER");
            supervisor.waitForText("#monitor-transcript li[data-internal=true] .chat-text", WHISPER);

            // Join: the visitor sees who joined and the supervisor's line; then the supervisor leaves.
            supervisor.click("#btn-join");
            line(visitor, "supervisor joined the chat");
            supervisor.waitForAttribute("#monitor-panel", "data-mode", "JOIN");
            supervisor.find("#say-text").sendKeys("Hello, I am the team lead.");
            supervisor.click("#btn-say");
            JsonObject said = line(visitor, "Hello, I am the team lead.");
            assertThat(said.getString("from")).isEqualTo("supervisor");
            agent.waitForText("#chat-transcript li[data-from=supervisor] .chat-who", "supervisor (supervisor)");
            assertThat(visitor.received()).noneMatch(m -> m.encode().contains("whisper-5512"));

            // 中文: the panel's controls follow the language.
            supervisor.click("#lang-toggle");
            supervisor.waitForText("#btn-monitor-stop", "停止监控");
            supervisor.waitForText("#monitor-mode", "已加入");
            supervisor.screenshot(Path.of("target", "chat-monitor.png"));
            supervisor.click("#btn-leave");
            line(visitor, "supervisor left the chat");
            supervisor.waitForVisible("#monitor-panel", false);

            assertThat(agent.consoleErrors()).isEmpty();
            assertThat(supervisor.consoleErrors()).isEmpty();
        }
    }

    private static JsonObject line(ConsoleClient visitor, String text) {
        return visitor.next(m -> "message".equals(m.getString("type")) && text.equals(m.getString("text")), "'" + text + "'");
    }
}
