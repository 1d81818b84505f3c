package org.openucc.cti;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.crm.DemoCustomers;

/**
 * A follow-up task asked for at wrap-up is never dropped: for an identified customer it goes to the
 * customer, for a caller who was never identified it is stored unassigned with the interaction and
 * listed where agents look (over the real agent WebSocket, the REST API and the H2 store).
 */
@ExtendWith(VertxExtension.class)
class WrapUpFollowUpTest {
    @TempDir
    Path dataDir;

    @Test
    void aFollowUpForAnUnidentifiedCallerIsStoredUnassignedAndListed(Vertx vertx) throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            ApiClient integration = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));

                // Nobody identified: no customer, no phone, no email.
                String unknown = take(console, integration.post("/api/interactions", new JsonObject()
                        .put("channel", "VOICE").put("queueId", "sales")).bodyAsJsonObject().getString("id"));
                JsonObject blank = console.command(wrapUp(unknown).put("followUp", " "));
                assertThat(blank.getInteger("status")).as(blank.encode()).isEqualTo(400);
                assertThat(blank.getJsonArray("fields").getJsonObject(0).getString("field")).isEqualTo("followUp");

                JsonObject ack = console.command(wrapUp(unknown).put("followUp", "Call back about the broken router")
                        .put("followUpDue", "2026-12-10T12:00:00Z"));
                assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
                JsonObject result = ack.getJsonObject("result");
                assertThat(result.getString("customerId")).isNull();
                String taskId = result.getString("taskId");
                assertThat(taskId).isNotNull();

                JsonArray unassigned = alice.get("/api/tasks?unassigned=true&openOnly=true").bodyAsJsonObject()
                        .getJsonArray("items");
                assertThat(unassigned).hasSize(1);
                JsonObject task = unassigned.getJsonObject(0);
                assertThat(task.getString("id")).isEqualTo(taskId);
                assertThat(task.getString("subject")).isEqualTo("Call back about the broken router");
                assertThat(task.getString("interactionId")).isEqualTo(unknown);
                assertThat(task.getString("ownerAgentId")).isEqualTo("alice");
                assertThat(task.getString("due")).isEqualTo("2026-12-10T12:00:00Z");
                assertThat(task.containsKey("customerId")).isFalse();
                assertThat(alice.get("/api/tasks").bodyAsJsonObject().getJsonArray("items"))
                        .extracting(t -> ((JsonObject) t).getString("id")).contains(taskId);

                // An identified caller's follow-up goes to the customer, not to the unassigned list.
                String known = take(console, integration.post("/api/interactions", new JsonObject()
                        .put("channel", "VOICE").put("queueId", "sales").put("phone", DemoCustomers.VIP.phone()))
                        .bodyAsJsonObject().getString("id"));
                JsonObject knownAck = console.command(wrapUp(known).put("followUp", "Send the VIP offer"));
                assertThat(knownAck.getJsonObject("result").getString("customerId"))
                        .isEqualTo(DemoCustomers.VIP.customerId());
                assertThat(alice.get("/api/customers/" + DemoCustomers.VIP.customerId() + "/tasks").bodyAsJsonObject()
                        .getJsonArray("items")).extracting(t -> ((JsonObject) t).getString("subject"))
                        .contains("Send the VIP offer");
                assertThat(alice.get("/api/tasks?unassigned=true").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
            }
            // Someone who is not an agent has no list of their own: told to ask for the unassigned ones.
            var supervisorOwn = integration.get("/api/tasks");
            assertThat(supervisorOwn.statusCode()).isEqualTo(400);
            assertThat(supervisorOwn.bodyAsString()).contains("unassigned");
        }
    }

    /** Accepts the offer and ends the call: the interaction is in wrap-up. */
    private static String take(ConsoleClient console, String interactionId) {
        assertThat(console.next("offer").getString("interactionId")).isEqualTo(interactionId);
        assertThat(console.command(new JsonObject().put("type", "accept").put("interactionId", interactionId))
                .getString("type")).isEqualTo("ack");
        console.command(new JsonObject().put("type", "end").put("interactionId", interactionId));
        console.next("wrapUpStarted");
        return interactionId;
    }

    private static JsonObject wrapUp(String interactionId) {
        return new JsonObject().put("type", "wrapUp").put("interactionId", interactionId).put("disposition", "resolved");
    }
}
