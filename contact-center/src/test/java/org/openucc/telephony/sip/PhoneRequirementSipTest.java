package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The demo server as shipped (sip.requireRegisteredPhone true), a console over the real WebSocket and
 * a real SIP phone: an agent without a registered phone is READY for chats but not offered calls,
 * the console is told why, and the waiting call comes once the phone registers.
 */
@ExtendWith(VertxExtension.class)
class PhoneRequirementSipTest {
    @TempDir
    Path dataDir;

    @Test
    void anAgentWithoutAPhoneTakesChatsAndGetsTheWaitingCallWhenThePhoneRegisters(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withSip(c.sip().withRequireRegisteredPhone(true)))) {
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient integration = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", bob.sessionHeaders());
                 TestPhone phone = new TestPhone("2002", "127.0.0.1", server.contactCenter().sip().port())) {
                JsonObject hello = console.next("hello");
                assertThat(hello.getJsonObject("agent").getBoolean("phoneReachable")).isFalse();
                assertThat(console.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");

                String call = create(integration, "VOICE", "support", "+4930111222");
                String chat = create(integration, "CHAT", "chat", "+4930111333");
                JsonObject offer = console.next("offer");
                assertThat(offer.getString("interactionId")).isEqualTo(chat);
                JsonObject view = bob.get("/api/agents/bob").bodyAsJsonObject();
                assertThat(view.getBoolean("phoneReachable")).isFalse();
                assertThat(view.getString("state")).isEqualTo("RESERVED");
                assertThat(console.command(new JsonObject().put("type", "accept").put("interactionId", chat))
                        .getString("type")).isEqualTo("ack");

                assertThat(phone.register("bob-phone", 3600).getStatusCode()).isEqualTo(200);

                assertThat(console.next("phone").getBoolean("reachable")).isTrue();
                // A chat in hand blocks calls (blending); once it ends, the waiting call is offered.
                console.command(new JsonObject().put("type", "end").put("interactionId", chat));
                console.command(new JsonObject().put("type", "wrapUp").put("interactionId", chat)
                        .put("disposition", "resolved"));
                assertThat(console.next(m -> "offer".equals(m.getString("type")), "the call's offer")
                        .getString("interactionId")).isEqualTo(call);
                assertThat(bob.get("/api/agents/bob").bodyAsJsonObject().getBoolean("phoneReachable")).isTrue();

                assertThat(phone.register("bob-phone", 0).getStatusCode()).isEqualTo(200);
                assertThat(console.next("phone", Duration.ofSeconds(5)).getBoolean("reachable")).isFalse();
                assertThat(console.next("offerEnded").getString("reason")).isEqualTo("phone unregistered");
            }
        }
    }

    private static String create(ApiClient integration, String channel, String queue, String phone) {
        var r = integration.post("/api/interactions", new JsonObject().put("channel", channel).put("queueId", queue)
                .put("phone", phone));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getString("id");
    }
}
