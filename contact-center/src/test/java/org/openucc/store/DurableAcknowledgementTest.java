package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.StoreConfig;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;

/**
 * Durable before acknowledged, seen from outside: a real server whose H2 file is reached through
 * {@link FaultyJdbc}, real agent WebSockets and REST clients. An accept is not acknowledged while its
 * log write is held back; a log behind by its capacity refuses new requests with 503 + Retry-After and
 * changes nothing; a database that cannot write turns /health DOWN with the reason, refuses requests,
 * and recovers by itself with every acknowledged change in the log.
 */
@ExtendWith(VertxExtension.class)
class DurableAcknowledgementTest {
    @TempDir
    Path dataDir;

    @AfterEach
    void reset() {
        FaultyJdbc.reset();
    }

    private TestServer start(int logQueueCapacity) throws Exception {
        String h2 = "jdbc:h2:file:" + dataDir.resolve("openucc").toAbsolutePath() + StoreConfig.H2_OPTIONS;
        // No demo data: the tests read the agents' events, and the demo history names the configured agents.
        return TestServer.start(dataDir, c -> c.withStore(new StoreConfig(FaultyJdbc.url(h2), "sa", "", 0, null, false, 0,
                0, 0, 8, logQueueCapacity)));
    }

    private static JsonObject command(String type) {
        return new JsonObject().put("type", type);
    }

    @Test
    void anAcceptIsAcknowledgedOnlyOnceItsLogEntryIsDurable(Vertx vertx) throws Exception {
        try (TestServer server = start(0)) {
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            ApiClient integration = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                assertThat(console.command(command("ready")).getString("type")).isEqualTo("ack");
                String id = integration.post("/api/interactions", new JsonObject().put("channel", "VOICE")
                        .put("queueId", "sales")).bodyAsJsonObject().getString("id");
                assertThat(console.next("offer").getString("interactionId")).isEqualTo(id);
                server.contactCenter().store().interactionLog().flush().get(10, TimeUnit.SECONDS);

                FaultyJdbc.holdWriter();
                console.sendRaw(command("accept").put("interactionId", id).put("id", "accept-1").encode());
                await().atMost(Duration.ofSeconds(10)).until(() -> FaultyJdbc.heldCommits() >= 1);
                // A round trip on the same socket after the accept reached the log writer: still no answer to it.
                console.sendRaw(command("ping").put("id", "ping-1").encode());
                console.next(m -> "ping-1".equals(m.getString("id")), "pong");
                assertThat(console.received()).noneMatch(m -> "accept-1".equals(m.getString("id")));
                assertThat(console.received()).noneMatch(m -> "connected".equals(m.getString("type")));

                FaultyJdbc.releaseWriter();
                JsonObject ack = console.next(m -> "accept-1".equals(m.getString("id")), "answer to accept");
                assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
                assertThat(server.contactCenter().store().interactionLog().timeline(id)).extracting(LogEvent::type)
                        .contains(LogEventType.CONNECTED);
            }
        }
    }

    @Test
    void aLogBehindByItsCapacityRefusesRequestsUnchangedAndServesThemOnceCaughtUp(Vertx vertx) throws Exception {
        try (TestServer server = start(1)) {
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                server.contactCenter().store().interactionLog().flush().get(10, TimeUnit.SECONDS);

                FaultyJdbc.holdWriter();
                CompletableFuture<HttpResponse<Buffer>> bobsBreak = CompletableFuture.supplyAsync(() ->
                        bob.post("/api/agents/bob/state", new JsonObject().put("state", "NOT_READY").put("reason", "break")));
                await().atMost(Duration.ofSeconds(10)).until(() -> FaultyJdbc.heldCommits() >= 1);

                JsonObject refused = console.command(command("ready"));
                assertThat(refused.getString("type")).as(refused.encode()).isEqualTo("error");
                assertThat(refused.getInteger("status")).isEqualTo(503);
                assertThat(refused.getString("message")).contains("events behind").contains("nothing was changed");
                assertThat(refused.getLong("retryAfterSeconds")).isPositive();
                HttpResponse<Buffer> rest = alice.post("/api/agents/alice/state", new JsonObject().put("state", "READY"));
                assertThat(rest.statusCode()).as(rest.bodyAsString()).isEqualTo(503);
                assertThat(rest.getHeader("retry-after")).isNotNull();
                assertThat(rest.bodyAsJsonObject().getString("message")).contains("events behind");
                assertThat(server.contactCenter().rejections().total("log", "queue-full")).isEqualTo(2);
                assertThat(bobsBreak).isNotDone();

                FaultyJdbc.releaseWriter();
                assertThat(bobsBreak.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                // Unchanged by the refusals: alice never became ready, and the log has no change of hers.
                assertThat(alice.get("/api/agents/alice").bodyAsJsonObject().getString("state")).isEqualTo("LOGGED_OUT");
                assertThat(server.contactCenter().store().interactionLog().events(LogQuery.forAgent("alice").limit(10))
                        .events()).isEmpty();

                JsonObject served = console.command(command("ready"));
                assertThat(served.getString("type")).as(served.encode()).isEqualTo("ack");
                assertThat(alice.get("/api/agents/alice").bodyAsJsonObject().getString("state")).isEqualTo("READY");
            }
        }
    }

    @Test
    void aDatabaseThatCannotWriteIsDownWithTheReasonRefusesRequestsAndRecoversByItself(Vertx vertx) throws Exception {
        try (TestServer server = start(0)) {
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            ApiClient bob = ApiClient.bearer(vertx, server.port(), "bob", "bob-demo");
            ApiClient anonymous = ApiClient.anonymous(vertx, server.port());
            assertThat(anonymous.get("/health").statusCode()).isEqualTo(200);

            FaultyJdbc.failCommits(true);
            CompletableFuture<HttpResponse<Buffer>> bobsBreak = CompletableFuture.supplyAsync(() ->
                    bob.post("/api/agents/bob/state", new JsonObject().put("state", "NOT_READY").put("reason", "break")));
            await().atMost(Duration.ofSeconds(20)).until(() -> anonymous.get("/health").statusCode() == 503);
            JsonObject health = anonymous.get("/health").bodyAsJsonObject();
            assertThat(health.getString("status")).isEqualTo("DOWN");
            JsonObject storeHealth = health.getJsonObject("components").getJsonObject("store");
            assertThat(storeHealth.getString("status")).isEqualTo("DOWN");
            assertThat(storeHealth.getJsonObject("details", storeHealth).encode())
                    .contains("interaction log cannot write").contains("No space left on device");

            HttpResponse<Buffer> refused = alice.post("/api/agents/alice/state", new JsonObject().put("state", "READY"));
            assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
            assertThat(refused.bodyAsJsonObject().getString("message")).contains("cannot write")
                    .contains("No space left on device");
            assertThat(refused.getHeader("retry-after")).isNotNull();
            assertThat(server.contactCenter().rejections().total("log", "store-down")).isPositive();
            assertThat(bobsBreak).isNotDone(); // waiting for its durable commit, not failed

            FaultyJdbc.failCommits(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> anonymous.get("/health").statusCode() == 200);
            assertThat(bobsBreak.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(server.contactCenter().store().interactionLog().events(LogQuery.forAgent("bob").limit(10)).events())
                    .extracting(LogEvent::type).contains(LogEventType.AGENT_LOGGED_IN);
            HttpResponse<Buffer> served = alice.post("/api/agents/alice/state", new JsonObject().put("state", "READY"));
            assertThat(served.statusCode()).as(served.bodyAsString()).isEqualTo(200);
        }
    }
}
