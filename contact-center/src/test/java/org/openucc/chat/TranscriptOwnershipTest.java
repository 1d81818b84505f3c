package org.openucc.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.crm.DemoCustomers;

/**
 * Who may read chat lines over REST: an agent searches and reads only the transcripts of
 * interactions they were offered or handled, even within a customer they may open; supervisors
 * read them all. A real chat over real WebSockets, searched with a real HTTP client.
 */
@ExtendWith(VertxExtension.class)
class TranscriptOwnershipTest {
    @TempDir
    Path dataDir;

    @Test
    void anAgentCannotReadAnotherAgentsChatLinesThroughTheSearchNorTheTranscript(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient dave = ApiClient.bearer(vertx, server.port(), "dave", "dave-demo");
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            String customer = DemoCustomers.VIP.customerId();
            String chatId;
            try (ConsoleClient agent = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 ConsoleClient visitor = ConsoleClient.connect(vertx, server.port(), "/ws/chat",
                         MultiMap.caseInsensitiveMultiMap())) {
                agent.next("hello");
                agent.command(new JsonObject().put("type", "ready"));
                visitor.sendRaw(new JsonObject().put("type", "start").put("name", "Hannah Vogel")
                        .put("email", DemoCustomers.VIP.email()).put("topic", "support").encode());
                chatId = visitor.next("started").getString("chatId");
                agent.next("offer");
                agent.command(new JsonObject().put("type", "accept").put("interactionId", chatId));
                visitor.next("agentJoined");
                visitor.sendRaw(new JsonObject().put("type", "message").put("text", "My secret PIN is 4711").encode());
                agent.next("chatMessage");
                JsonObject sent = agent.command(new JsonObject().put("type", "chatSend").put("interactionId", chatId)
                        .put("text", "Thanks, your secret PIN is noted"));
                assertThat(sent.getString("type")).as(sent.encode()).isEqualTo("ack");
                visitor.next("message");
            }
            String search = "/api/messages?q=secret&customerId=" + customer;

            // dave may open the customer, but not bob's chat with them.
            assertThat(dave.get("/api/customers/" + customer).statusCode()).isEqualTo(200);
            HttpResponse<Buffer> daves = dave.get(search);
            assertThat(daves.statusCode()).as(daves.bodyAsString()).isEqualTo(200);
            assertThat(daves.bodyAsJsonObject().getJsonArray("items")).isEmpty();
            assertThat(dave.get("/api/interactions/" + chatId + "/messages").statusCode()).isEqualTo(403);
            assertThat(dave.get("/api/messages?q=secret").statusCode()).isEqualTo(403);

            // bob, who handled it, and the supervisor find both lines.
            assertThat(interactionsOf(bob.get(search))).containsExactly(chatId, chatId);
            assertThat(interactionsOf(supervisor.get(search))).containsExactly(chatId, chatId);
            assertThat(interactionsOf(supervisor.get("/api/messages?q=secret"))).containsExactly(chatId, chatId);
            assertThat(bob.get("/api/interactions/" + chatId + "/messages").statusCode()).isEqualTo(200);
        }
    }

    private static List<String> interactionsOf(HttpResponse<Buffer> found) {
        assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
        return found.bodyAsJsonObject().getJsonArray("items").stream()
                .map(m -> ((JsonObject) m).getString("interactionId")).toList();
    }
}
