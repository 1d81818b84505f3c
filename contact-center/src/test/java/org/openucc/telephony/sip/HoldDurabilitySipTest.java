package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ConsoleClient;
import org.openucc.config.StoreConfig;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.store.FaultyJdbc;

/**
 * Hold on a real SIP call is acknowledged to the console only once HELD is durable in the log: with the
 * log writer held back at the JDBC seam the console gets no answer, and gets it once the write goes through.
 */
@ExtendWith(VertxExtension.class)
class HoldDurabilitySipTest {
    @TempDir
    Path dataDir;

    @AfterEach
    void reset() {
        FaultyJdbc.reset();
    }

    @Test
    void holdIsAcknowledgedOnlyOnceHeldIsDurable(Vertx vertx) throws Exception {
        String h2 = "jdbc:h2:file:" + dataDir.resolve("openucc").toAbsolutePath() + StoreConfig.H2_OPTIONS;
        try (DemoVoiceServer demo = new DemoVoiceServer(dataDir, c -> c.withStore(new StoreConfig(FaultyJdbc.url(h2), "sa",
                "", 0, null, true, 50, 0, 0, 8, 0)))) {
            DemoVoiceServer.Agent alice = demo.readyAgent(vertx, "alice", "2001");
            TestPhone.Call caller = demo.phone("5551234").call("1001");
            assertThat(caller.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            alice.phone().firstIncoming.get(DemoVoiceServer.WAIT.toSeconds(), TimeUnit.SECONDS);
            ConsoleClient console = alice.console();
            String id = console.next("offer").getString("interactionId");
            console.next("connected");
            demo.contactCenter().store().interactionLog().flush().get(10, TimeUnit.SECONDS);

            FaultyJdbc.holdWriter();
            console.sendRaw(new JsonObject().put("type", "hold").put("interactionId", id).put("id", "hold-1").encode());
            await().atMost(DemoVoiceServer.WAIT).until(() -> FaultyJdbc.heldCommits() >= 1);
            console.sendRaw(new JsonObject().put("type", "ping").put("id", "ping-1").encode());
            console.next(m -> "ping-1".equals(m.getString("id")), "pong");
            assertThat(console.received()).noneMatch(m -> "hold-1".equals(m.getString("id")));

            FaultyJdbc.releaseWriter();
            JsonObject ack = console.next(m -> "hold-1".equals(m.getString("id")), "answer to hold");
            assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
            assertThat(demo.contactCenter().store().interactionLog().timeline(id)).extracting(LogEvent::type)
                    .contains(LogEventType.HELD);
        }
    }
}
