package org.openucc.cti;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.crm.DemoCustomers;

/** The agent WebSocket: bad messages, someone else's interaction, reconnects, call control, wrap-up rules. */
@ExtendWith(VertxExtension.class)
class AgentStreamTest {
    @TempDir
    static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ConsoleClient console(Vertx vertx, String user) {
        ApiClient client = ApiClient.bearer(vertx, server.port(), user, user + "-demo");
        ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", client.sessionHeaders());
        console.next("hello");
        return console;
    }

    /** Each test calls for its own customer: the queues' sticky windows would send a returning one to their last agent. */
    private static String create(Vertx vertx, String queue, String channel, DemoCustomers.Demo customer) {
        ApiClient integration = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
        var r = integration.post("/api/interactions", new JsonObject().put("channel", channel).put("queueId", queue)
                .put("phone", customer.phone()));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getString("id");
    }

    private static JsonObject command(String type, String interactionId) {
        return new JsonObject().put("type", type).put("interactionId", interactionId);
    }

    /**
     * Issue 14: an agent who has not logged in since the server started has no known start of that
     * state: the hello gives no "since" (it said 1970-01-01); once they log out, it is when they did.
     */
    @Test
    void theHelloOfAnAgentNeverLoggedInGivesNoSinceAndAfterALogoutTheTimeOfIt(Vertx vertx) {
        String loggedOutAt;
        try (ConsoleClient judy = ConsoleClient.connect(vertx, server.port(), "/ws/agent",
                ApiClient.bearer(vertx, server.port(), "judy", "judy-demo").sessionHeaders())) {
            JsonObject agent = judy.next("hello").getJsonObject("agent");
            assertThat(agent.getString("state")).isEqualTo("LOGGED_OUT");
            assertThat(agent.containsKey("since")).as("since in %s", agent).isFalse();

            judy.command(new JsonObject().put("type", "ready"));
            JsonObject out = judy.command(new JsonObject().put("type", "logout"));
            assertThat(out.getString("type")).as(out.encode()).isEqualTo("ack");
            loggedOutAt = out.getJsonObject("result").getString("since");
        }
        assertThat(java.time.Instant.parse(loggedOutAt)).isAfter(java.time.Instant.EPOCH);
        try (ConsoleClient again = console(vertx, "judy")) {
            // console() took the hello; the state it described is among what was received
            JsonObject agent = again.received().stream().filter(m -> "hello".equals(m.getString("type"))).findFirst()
                    .orElseThrow().getJsonObject("agent");
            assertThat(agent.getString("state")).isEqualTo("LOGGED_OUT");
            assertThat(agent.getString("since")).isEqualTo(loggedOutAt);
        }
    }

    @Test
    void badMessagesGetAnErrorWithTheirIdAndTheConnectionStays(Vertx vertx) {
        try (ConsoleClient frank = console(vertx, "frank")) {
            frank.sendRaw("{not json");
            assertThat(frank.next("error").getString("message")).startsWith("malformed JSON");
            frank.sendBinary(new byte[] {1, 2, 3});
            assertThat(frank.next("error").getInteger("status")).isEqualTo(400);

            JsonObject unknownType = frank.command(new JsonObject().put("type", "teleport"));
            assertThat(unknownType.getString("type")).isEqualTo("error");
            assertThat(unknownType.getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("type");

            JsonObject missing = frank.command(new JsonObject().put("type", "accept"));
            assertThat(missing.getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("interactionId");

            JsonObject unknownField = frank.command(new JsonObject().put("type", "ready").put("force", true));
            assertThat(unknownField.getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("force");

            JsonObject badReason = frank.command(new JsonObject().put("type", "notReady").put("reason", "nap"));
            assertThat(badReason.getInteger("status")).isEqualTo(400);
            assertThat(badReason.getString("message")).contains("break");

            frank.sendRaw(new JsonObject().put("type", "ping").put("id", 42).encode());
            assertThat(frank.next("pong").getString("id")).isEqualTo("42");
            assertThat(frank.command(new JsonObject().put("type", "notReady").put("reason", "break"))
                    .getJsonObject("result").getString("state")).isEqualTo("NOT_READY");
            assertThat(frank.isClosed()).isFalse();
        }
    }

    @Test
    void anAgentCannotActOnAnotherAgentsInteraction(Vertx vertx) {
        try (ConsoleClient carol = console(vertx, "carol"); ConsoleClient erin = console(vertx, "erin")) {
            carol.command(new JsonObject().put("type", "ready"));
            String id = create(vertx, "billing", "VOICE", DemoCustomers.C_TIER);
            assertThat(carol.next("offer").getString("interactionId")).isEqualTo(id);

            assertThat(erin.command(command("accept", id)).getInteger("status")).isEqualTo(409);
            assertThat(erin.command(command("decline", id)).getInteger("status")).isEqualTo(409);
            assertThat(erin.command(command("end", id)).getInteger("status")).isEqualTo(403);
            assertThat(erin.command(command("wrapUp", id).put("disposition", "resolved")).getInteger("status"))
                    .isEqualTo(403);
            ApiClient erinRest = ApiClient.bearer(vertx, server.port(), "erin", "erin-demo");
            assertThat(erinRest.post("/api/interactions/" + id + "/end", null).statusCode()).isEqualTo(403);
            assertThat(erinRest.get("/api/interactions/" + id).statusCode()).isEqualTo(403);

            assertThat(carol.command(command("accept", id)).getString("type")).isEqualTo("ack");
            ApiClient carolRest = ApiClient.bearer(vertx, server.port(), "carol", "carol-demo");
            assertThat(carolRest.get("/api/interactions/" + id).statusCode()).isEqualTo(200);
            assertThat(erin.received().stream().map(m -> m.getString("type")))
                    .as("erin saw nothing of carol's offer").doesNotContain("offer", "connected");
        }
    }

    @Test
    void aReconnectingConsoleGetsTheRingingOfferAndTheWorkInHandWithTheirScreenPops(Vertx vertx) {
        String id;
        try (ConsoleClient ivan = console(vertx, "ivan")) {
            ivan.command(new JsonObject().put("type", "ready"));
            id = create(vertx, "support", "VOICE", DemoCustomers.A_TIER);
            assertThat(ivan.next("offer").getString("interactionId")).isEqualTo(id);
        }
        try (ConsoleClient again = ConsoleClient.connect(vertx, server.port(), "/ws/agent",
                ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo").sessionHeaders())) {
            JsonObject hello = again.next("hello");
            assertThat(hello.getJsonObject("agent").getString("state")).isEqualTo("RESERVED");
            JsonObject offer = hello.getJsonObject("offer");
            assertThat(offer.getString("interactionId")).isEqualTo(id);
            assertThat(offer.getJsonObject("screenPop").getJsonObject("customer").getString("id"))
                    .isEqualTo(DemoCustomers.A_TIER.customerId());
            assertThat(again.command(command("accept", id)).getString("type")).isEqualTo("ack");

            JsonObject hold = again.command(command("hold", id));
            assertThat(hold.getInteger("status")).as("created through the API: no call to hold").isEqualTo(409);
            assertThat(hold.getString("message")).contains("has no connected call on this server");
        }
        try (ConsoleClient third = ConsoleClient.connect(vertx, server.port(), "/ws/agent",
                ApiClient.bearer(vertx, server.port(), "ivan", "ivan-demo").sessionHeaders())) {
            JsonObject hello = third.next("hello");
            assertThat(hello.getJsonObject("agent").getString("state")).isEqualTo("BUSY");
            assertThat(hello.containsKey("offer")).isFalse();
            JsonObject inHand = hello.getJsonArray("interactions").getJsonObject(0);
            assertThat(inHand.getString("interactionId")).isEqualTo(id);
            assertThat(inHand.getString("state")).isEqualTo("CONNECTED");
            assertThat(inHand.getJsonObject("screenPop").getJsonObject("contact").getString("id"))
                    .isEqualTo(DemoCustomers.A_TIER.contactId());
        }
    }

    @Test
    void wrapUpNeedsAConfiguredDispositionAndAnEndedInteraction(Vertx vertx) {
        try (ConsoleClient grace = console(vertx, "grace")) {
            grace.command(new JsonObject().put("type", "ready"));
            String id = create(vertx, "chat", "CHAT", DemoCustomers.B_TIER);
            grace.next("offer");
            grace.command(command("accept", id));
            assertThat(grace.command(command("hold", id)).getString("message")).contains("call control is for voice");
            assertThat(grace.command(command("wrapUp", id).put("disposition", "resolved")).getInteger("status"))
                    .as("still connected").isEqualTo(409);
            grace.command(command("end", id));
            JsonObject bad = grace.command(command("wrapUp", id).put("disposition", "made-up"));
            assertThat(bad.getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("disposition");
            JsonObject ok = grace.command(command("wrapUp", id).put("disposition", "follow-up"));
            assertThat(ok.getString("type")).as(ok.encode()).isEqualTo("ack");
            assertThat(grace.command(command("wrapUp", id).put("disposition", "resolved")).getInteger("status"))
                    .as("one disposition per interaction").isEqualTo(409);
            List<String> types = grace.received().stream().map(m -> m.getString("type")).toList();
            assertThat(types).containsSubsequence("offer", "connected", "ended", "wrapUpStarted", "wrapUpEnded");
        }
    }
}
