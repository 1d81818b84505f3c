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
import org.openqa.selenium.Keys;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.crm.DemoCustomers;

/**
 * The chat and email work areas of the agent console in a real headless Chromium against the whole
 * server: a visitor on /ws/chat (the widget's protocol) chats with the demo chat agent, who accepts in
 * the page, reads the visitor's line as text, sees them typing, inserts a canned answer and replies
 * from the send box with Enter.
 */
@ExtendWith(VertxExtension.class)
class ChannelTabsBrowserTest {
    @TempDir
    Path dataDir;

    @Test
    void agentAcceptsAChatInThePageReadsTheVisitorAsTextAndRepliesWithEnter(Vertx vertx) throws Exception {
        String visitorText = "Where is my <b>parcel</b>? <script>window.pwned=1</script>\nOrder 4711";
        try (TestServer server = TestServer.start(dataDir);
             Browser agent = Browser.open(server.port());
             ConsoleClient visitor = ConsoleClient.connect(vertx, server.port(), "/ws/chat", MultiMap.caseInsensitiveMultiMap())) {
            agent.logIn("bob", "bob-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.click("#btn-ready");
            agent.waitForAttribute("#agent-state", "data-state", "READY");

            visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Hannah Vogel")
                    .put("email", DemoCustomers.VIP.email()).put("topic", "support").encode());
            String chatId = visitor.next("started").getString("chatId");

            agent.waitForAttribute("#offer", "data-interaction-id", chatId);
            agent.waitForText("#offer-title", "CHAT");
            agent.click("#btn-accept");
            assertThat(visitor.next("agentJoined").getString("agentName")).isEqualTo("Bob Chen");
            agent.waitForVisible("#chat-area", true);
            agent.waitForAttribute("#interaction-state", "data-state", "CONNECTED");
            assertThat(agent.isVisible("#email-area")).isFalse();

            // The visitor types, then writes markup: the page shows "typing…" and then the line, as text.
            visitor.sendRaw(new JsonObject().put("type", "typing").put("typing", true).encode());
            agent.waitForVisible("#chat-typing", true);
            visitor.sendRaw(new JsonObject().put("type", "message").put("text", visitorText).encode());
            agent.waitForText("#chat-transcript li[data-from=visitor] .chat-text", "Where is my <b>parcel</b>? <script>");
            agent.waitForVisible("#chat-typing", false);
            assertThat(agent.count("#chat-transcript b")).isZero();
            assertThat(agent.count("#chat-transcript script")).isZero();
            assertThat(agent.script("return window.pwned === undefined")).isEqualTo(true);
            assertThat(agent.text("#chat-transcript li[data-from=visitor] .chat-who")).contains("Hannah Vogel");
            // The page told the server the agent read it.
            assertThat(visitor.next(m -> "receipt".equals(m.getString("type")) && "read".equals(m.getString("status")),
                    "read receipt").getString("messageId")).isNotBlank();

            // A canned answer from the knowledge base goes into the send box.
            agent.find("#canned-search").sendKeys("hours");
            agent.until(d -> "Business hours".equals(agent.script(
                    "const s = document.querySelector('#canned-select'); return s.options.length === 1 ? s.selectedOptions[0].text : null"))
                    ? true : null, "the search to leave only the canned answer on business hours");
            agent.click("#btn-canned-insert");
            assertThat(agent.script("return document.querySelector('#chat-input').value")).asString()
                    .startsWith("Monday to Friday 08:00-20:00");
            agent.script("document.querySelector('#chat-input').value = ''");

            // Typing in the box shows the visitor "typing…"; Enter sends the line.
            agent.find("#chat-input").sendKeys("Hello Hannah, let me check 4711.");
            assertThat(visitor.next("typing").getBoolean("typing")).isTrue();
            agent.find("#chat-input").sendKeys(Keys.ENTER);
            JsonObject received = visitor.next("message");
            assertThat(received.getString("text")).isEqualTo("Hello Hannah, let me check 4711.");
            assertThat(received.getString("name")).isEqualTo("Bob Chen");
            agent.waitForText("#chat-transcript li[data-from=agent] .chat-text", "Hello Hannah, let me check 4711.");
            assertThat(agent.script("return document.querySelector('#chat-input').value")).isEqualTo("");

            // The visitor's page reads it: the agent's line says so.
            visitor.sendRaw(new JsonObject().put("type", "read").put("messageId", received.getString("messageId")).encode());
            agent.waitForAttribute("#chat-transcript li[data-from=agent] .chat-receipt", "data-status", "read");

            // After a reload the transcript comes back from the server.
            agent.go("/agent.html");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.waitForText("#chat-transcript li[data-from=visitor] .chat-text", "Order 4711");
            agent.waitForText("#chat-transcript li[data-from=agent] .chat-text", "Hello Hannah, let me check 4711.");
            assertThat(agent.consoleErrors()).isEmpty();
        }
    }
}
