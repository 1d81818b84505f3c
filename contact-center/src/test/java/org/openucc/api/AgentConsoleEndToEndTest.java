package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.DemoCustomers;

/**
 * Issue 3's "done when", as a new user tries it: a demo agent logs in over the API, goes ready over
 * the agent WebSocket; an integration creates an interaction for the demo VIP's phone number; the
 * offer arrives with that customer's record; the agent accepts, ends, wraps up with a disposition and
 * a note; the note is on the customer and the whole timeline is in the log, also after a restart.
 */
@ExtendWith(VertxExtension.class)
class AgentConsoleEndToEndTest {
    private static final List<String> TIMELINE = List.of("INTERACTION_CREATED", "QUEUED", "OFFERED", "CONNECTED",
            "ENDED", "WRAP_UP_STARTED", "DISPOSITION", "WRAP_UP_ENDED");

    @TempDir
    Path dataDir;

    @Test
    void demoAgentTakesAVipCallFromOfferToWrapUpAndItsTimelineSurvivesARestart(Vertx vertx) throws Exception {
        String note = "Refund approved.\n  <b>Customer</b> said: \"thanks\"; DROP TABLE note; --";
        String interactionId;
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient alice = ApiClient.cookie(vertx, server.port(), "alice", "alice-demo");
            ApiClient integration = ApiClient.bearer(vertx, server.port(), "admin", "admin-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                JsonObject hello = console.next("hello");
                assertThat(hello.getJsonObject("agent").getString("state")).isEqualTo("LOGGED_OUT");
                assertThat(hello.getJsonArray("dispositions").stream().map(d -> ((JsonObject) d).getString("code")))
                        .contains("resolved");

                assertThat(console.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                console.next(m -> "state".equals(m.getString("type")) && "READY".equals(m.getString("state")), "READY");

                HttpResponse<Buffer> created = integration.post("/api/interactions", new JsonObject()
                        .put("channel", "VOICE").put("queueId", "sales").put("phone", DemoCustomers.VIP.phone())
                        .put("attributes", new JsonObject().put("ivr.path", "main>sales").put("ivr.digits", "1")
                                .put("subject", "Refund for delayed shipment")));
                assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
                interactionId = created.bodyAsJsonObject().getString("id");
                assertThat(created.bodyAsJsonObject().getString("customerId")).isEqualTo(DemoCustomers.VIP.customerId());
                assertThat(created.bodyAsJsonObject().getString("tier")).isEqualTo("VIP");

                JsonObject offer = console.next("offer");
                assertThat(offer.getString("interactionId")).isEqualTo(interactionId);
                JsonObject pop = offer.getJsonObject("screenPop");
                assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.VIP.customerId());
                assertThat(pop.getJsonObject("customer").getString("name")).isEqualTo(DemoCustomers.VIP.name());
                assertThat(pop.getJsonObject("contact").getString("id")).isEqualTo(DemoCustomers.VIP.contactId());
                assertThat(pop.getString("tier")).isEqualTo("VIP");
                assertThat(pop.getJsonArray("openCases").stream().map(c -> ((JsonObject) c).getString("subject")))
                        .contains(DemoCustomers.VIP_OPEN_CASE_SUBJECT);
                assertThat(pop.getJsonArray("recentInteractions")).hasSize(DemoCustomers.VIP_INTERACTIONS);
                assertThat(pop.getJsonObject("context").getString("ivr.digits")).isEqualTo("1");
                assertThat(pop.getJsonObject("context").getString("phone")).isEqualTo(DemoCustomers.VIP.phone());
                assertThat(pop.getJsonObject("decision").getString("trigger")).isEqualTo("ARRIVAL");

                assertThat(console.command(accept(interactionId)).getString("type")).isEqualTo("ack");
                console.next("connected");
                assertThat(console.command(new JsonObject().put("type", "end").put("interactionId", interactionId))
                        .getString("type")).isEqualTo("ack");
                console.next("wrapUpStarted");
                JsonObject wrapUp = console.command(new JsonObject().put("type", "wrapUp")
                        .put("interactionId", interactionId).put("disposition", "resolved").put("notes", note));
                assertThat(wrapUp.getString("type")).as(wrapUp.encode()).isEqualTo("ack");
                assertThat(wrapUp.getJsonObject("result").getString("noteId")).isNotNull();
                console.next("wrapUpEnded");
            }
            assertNoteAndTimeline(alice, interactionId, note);
        }
        try (TestServer restarted = TestServer.start(dataDir)) {
            ApiClient alice = ApiClient.bearer(vertx, restarted.port(), "alice", "alice-demo");
            assertNoteAndTimeline(alice, interactionId, note);
        }
    }

    static JsonObject accept(String interactionId) {
        return new JsonObject().put("type", "accept").put("interactionId", interactionId);
    }

    static void assertNoteAndTimeline(ApiClient agent, String interactionId, String note) {
        HttpResponse<Buffer> notes = agent.get("/api/customers/" + DemoCustomers.VIP.customerId() + "/notes");
        assertThat(notes.statusCode()).isEqualTo(200);
        JsonObject first = notes.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertThat(first.getString("text")).isEqualTo(note);
        assertThat(first.getString("author")).isEqualTo("alice");
        assertThat(first.getString("interactionId")).isEqualTo(interactionId);

        HttpResponse<Buffer> detail = agent.get("/api/interactions/" + interactionId);
        assertThat(detail.statusCode()).as(detail.bodyAsString()).isEqualTo(200);
        JsonArray timeline = detail.bodyAsJsonObject().getJsonArray("timeline");
        assertThat(timeline.stream().map(e -> ((JsonObject) e).getString("type")).toList())
                .containsSubsequence(TIMELINE);
        JsonObject summary = detail.bodyAsJsonObject().getJsonObject("summary");
        assertThat(summary.getString("disposition")).isEqualTo("resolved");
        assertThat(summary.getString("outcome")).isEqualTo("ANSWERED");
        assertThat(summary.getString("agentId")).isEqualTo("alice");
        assertThat(summary.getString("customerId")).isEqualTo(DemoCustomers.VIP.customerId());
    }
}
