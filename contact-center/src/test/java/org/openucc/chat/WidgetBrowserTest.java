package org.openucc.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;

/**
 * The "done when", in a real browser: the plain demo page with the one widget tag, a visitor
 * who fills the pre-chat form and chats with the demo agent bob (on /ws/agent), markup in a line shown
 * as text, a reload that resumes the conversation, the rating at the end.
 */
@ExtendWith(VertxExtension.class)
class WidgetBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void aVisitorOnAPlainPageChatsWithTheDemoAgentAndSurvivesAReload(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             HeadlessChromium browser = HeadlessChromium.start()) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders())) {
                agent.next("hello");
                agent.command(new JsonObject().put("type", "ready"));

                String page = "http://127.0.0.1:" + server.port() + "/chat/demo.html";
                browser.open(page);
                await().atMost(WAIT).until(() -> Boolean.TRUE.equals(browser.eval(
                        "!!document.querySelector('#openucc-chat select[name=topic] option')")));
                browser.eval("(() => { const w = document.querySelector('#openucc-chat');"
                        + " document.getElementById('openucc-chat-open').click();"
                        + " w.querySelector('input[name=name]').value = 'Hannah Vogel';"
                        + " w.querySelector('input[name=email]').value = 'hannah.vogel@vogel-logistik.example';"
                        + " w.querySelector('form').requestSubmit(); return true; })()");

                assertThat(browser.eval("getComputedStyle(document.getElementById('openucc-chat-panel')).display"))
                        .as("the launcher opened the chat panel").isEqualTo("flex");
                JsonObject offer = agent.next("offer");
                String chatId = offer.getString("interactionId");
                assertThat(offer.getJsonObject("screenPop").getJsonObject("context").getString("web.currentPage"))
                        .isEqualTo(page);
                assertThat(offer.getJsonObject("screenPop").getJsonObject("customer").getString("name"))
                        .isEqualTo("Vogel Logistik GmbH");
                agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId));
                await().atMost(WAIT).until(() -> text(browser).contains("Bob Chen is chatting with you"));

                agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "Hello <b>Hannah</b>"));
                await().atMost(WAIT).until(() -> text(browser).contains("Hello <b>Hannah</b>"));
                assertThat(browser.eval("document.querySelectorAll('#openucc-chat b').length")).isEqualTo(0);

                browser.eval("(() => { const w = document.querySelector('#openucc-chat');"
                        + " w.querySelector('input[name=text]').value = 'Where is my parcel?';"
                        + " w.querySelectorAll('form')[1].requestSubmit(); return true; })()");
                assertThat(agent.next("chatMessage").getString("text")).isEqualTo("Where is my parcel?");
                await().atMost(WAIT).until(() -> text(browser).contains("✓✓"));
                // For people: what the visitor sees (target/widget-chat.png), kept with the build output.
                java.nio.file.Files.write(Path.of("target", "widget-chat.png"), browser.screenshot());

                // A reload: the widget comes back with the same chat and everything said.
                browser.eval("location.reload(); true");
                agent.next("chatVisitorLeft");
                agent.next("chatVisitorBack");
                await().atMost(WAIT).until(() -> text(browser).contains("Where is my parcel?")
                        && text(browser).contains("Hello <b>Hannah</b>"));
                assertThat(browser.eval("getComputedStyle(document.getElementById('openucc-chat-panel')).display"))
                        .as("a page with a chat going on opens it again").isEqualTo("flex");

                agent.command(new JsonObject().put("type", "end").put("interactionId", chatId));
                await().atMost(WAIT).until(() -> text(browser).contains("How did we do?"));
                browser.eval("document.querySelector('#openucc-chat button[aria-label=\"5 stars\"]').click(); true");
                await().atMost(WAIT).until(() -> text(browser).contains("Thank you for your rating."));
            }
        }
    }

    /**
     * Issue 14: the widget's status line says the visitor is being connected while the agent's console
     * rings (it was empty), and a chat the visitor ends before any agent took it asks for no rating.
     */
    @Test
    void theWidgetSaysTheVisitorIsBeingConnectedWhileAnOfferRingsAndAsksNoRatingWhenNoAgentJoined(Vertx vertx)
            throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             HeadlessChromium browser = HeadlessChromium.start()) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders())) {
                agent.next("hello");
                agent.command(new JsonObject().put("type", "ready"));

                browser.open("http://127.0.0.1:" + server.port() + "/chat/demo.html");
                await().atMost(WAIT).until(() -> Boolean.TRUE.equals(browser.eval(
                        "!!document.querySelector('#openucc-chat select[name=topic] option')")));
                browser.eval("(() => { const w = document.querySelector('#openucc-chat');"
                        + " document.getElementById('openucc-chat-open').click();"
                        + " w.querySelector('input[name=name]').value = 'Impatient Visitor';"
                        + " w.querySelector('form').requestSubmit(); return true; })()");
                agent.next("offer"); // bob's console rings; nobody accepts
                await().atMost(WAIT).until(() -> text(browser).contains("Connecting you to an agent"));

                browser.eval("[...document.querySelectorAll('#openucc-chat button')]"
                        + ".find(b => b.textContent === 'End').click(); true");
                await().atMost(WAIT).until(() -> text(browser).contains("The chat has ended."));
                assertThat(text(browser)).doesNotContain("How did we do?");
                assertThat(browser.eval("document.querySelectorAll('#openucc-chat button[aria-label=\"5 stars\"]').length"))
                        .isEqualTo(0);
            }
        }
    }

    private static String text(HeadlessChromium browser) {
        Object t = browser.eval("(document.querySelector('#openucc-chat') || {}).textContent || ''");
        return String.valueOf(t);
    }
}
