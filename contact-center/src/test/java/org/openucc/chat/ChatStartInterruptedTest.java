package org.openucc.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.api.TestServer;
import org.openucc.intake.InteractionIntake;
import org.openucc.interaction.Channel;

/**
 * A chat whose interaction was created but whose chat was never stored (the server stopped in between,
 * so its visitor never got "started" nor a resume token) is not put back in front of agents after a
 * restart, where nobody could ever join it: it ends with the reason (stored chats coming back: RecoveryRestartTest).
 */
@ExtendWith(VertxExtension.class)
class ChatStartInterruptedTest {
    @TempDir
    Path dataDir;

    @Test
    void aChatInteractionWithoutItsStoredChatEndsWithAReasonAfterARestart(Vertx vertx) throws Exception {
        String orphan;
        try (TestServer server = TestServer.start(dataDir)) {
            ContactCenter cc = server.contactCenter();
            // What ChatService.start does up to the moment it stores the chat: the interaction is created
            // and queued; the stop comes before the chat (with its token) is stored.
            InteractionIntake intake = new InteractionIntake(cc.routing(), cc.store().customers(),
                    cc.store().interactionLog(), Clock.systemUTC());
            orphan = intake.create(new InteractionIntake.Request(Channel.CHAT, "chat", "INBOUND", null, null, null, null,
                    null, Map.of(), 0, null, Map.of("chat.visitor", "Nobody"))).id();
            assertThat(waiting(ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo"))).contains(orphan);
        }
        try (TestServer again = TestServer.start(dataDir)) {
            ApiClient supervisor = ApiClient.bearer(vertx, again.port(), "supervisor", "supervisor-demo");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    supervisor.get("/api/interactions/" + orphan).bodyAsJsonObject().getJsonObject("summary")
                            .getString("endedAt") != null);
            JsonObject summary = supervisor.get("/api/interactions/" + orphan).bodyAsJsonObject().getJsonObject("summary");
            assertThat(summary.getString("endCause")).isEqualTo(ChatService.NEVER_STARTED);
            assertThat(summary.getString("outcome")).isNotEqualTo("IN_PROGRESS");
            assertThat(waiting(supervisor)).doesNotContain(orphan);
        }
    }

    private static List<String> waiting(ApiClient client) {
        HttpResponse<Buffer> r = client.get("/api/queues/chat/waiting");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }
}
