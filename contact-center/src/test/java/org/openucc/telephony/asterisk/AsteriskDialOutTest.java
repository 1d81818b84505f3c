package org.openucc.telephony.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.config.AsteriskConfig.Outbound;
import org.openucc.config.CallbackConfig;
import org.openucc.config.ChannelsConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.DialOutConfig;
import org.openucc.crm.DemoCustomers;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.AgentPhone;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.Behaviour;
import org.openucc.telephony.sip.Sipp;

/**
 * Agents whose phones are on Asterisk dial out from the console and take web callbacks: Asterisk rings the
 * agent's phone first (a sipp phone registered to it), then reaches the customer through its outbound trunk
 * ({@code asterisk.outbound}: "the public network", a sipp UAS that is Asterisk's peer {@code carrier}), with
 * the E.164 number, not the built-in stack's SIP URI. Without an outbound trunk an Asterisk agent's dial-out is
 * refused with the reason.
 */
@ExtendWith(VertxExtension.class)
class AsteriskDialOutTest {
    static final Duration LIMIT = AsteriskCallTest.LIMIT;
    static final String CALLER_ID = "4930555000";

    @TempDir
    Path work;
    ContactCenter server;
    final List<Sipp> sipps = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        sipps.forEach(Sipp::close);
    }

    /**
     * The demo on Asterisk with dial-out and callbacks on (their dialUri, for the built-in stack, points nowhere
     * useful; their caller ID is the default "openucc", so Asterisk presents asterisk.outbound's).
     */
    private void startServer(AsteriskPbx pbx, int agi, Outbound outbound) throws Exception {
        ContactCenterConfig c = AsteriskCallTest.config(work.resolve("data"), pbx, agi);
        c = c.withAsterisk(c.asterisk().withOutbound(outbound));
        CallbackConfig callbacks = new CallbackConfig(true, List.of("general"), 1, Duration.ofMinutes(1),
                Duration.ofSeconds(15), 5, null, "sip:{number}@127.0.0.1:9", null, null);
        c = c.withChannels(new ChannelsConfig(c.channels().chat(), c.channels().email(), callbacks,
                new DialOutConfig(true, "outbound", null, null, Duration.ofSeconds(15), 10, null)));
        server = new ContactCenter(c, AsteriskCallTest.env(pbx));
        server.start();
        await("the AMI link up").atMost(LIMIT).until(() -> server.asterisk().telephony().problem().isEmpty());
    }

    private Sipp network(int port, Path messages, int calls) throws Exception {
        Path dir = Files.createDirectories(work.resolve("sipp"));
        Sipp s = Sipp.start(dir, "public-network", "-sf", Sipp.scenario("trunk/public-network.xml").toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(port), "-mp", String.valueOf(Sipp.freeMediaPort()),
                "-m", String.valueOf(calls), "-trace_msg", "-message_file", messages.toString());
        sipps.add(s);
        await("the public network listening").atMost(LIMIT).until(() -> !s.isAlive() || bound(port));
        assertThat(s.isAlive()).as(s.output()).isTrue();
        return s;
    }

    private static boolean bound(int port) {
        try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (java.net.SocketException taken) {
            return true;
        }
    }

    @Test
    void anAgentOnAsteriskDialsOutAndTakesAWebCallbackTheirPhoneFirstThenTheCustomerThroughTheTrunk(Vertx vertx)
            throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        int net = Sipp.freeUdpPort();
        Path messages = work.resolve("network-messages.log");
        try (AsteriskPbx pbx = AsteriskCallTest.pbx(agi).trunk("carrier", net).build().start()) {
            startServer(pbx, agi, new Outbound("SIP/carrier/${digits}", null, CALLER_ID));
            Sipp network = network(net, messages, 2);
            // alice's phone rings 2 s before it answers: long enough to see that the customer is not rung yet.
            try (AgentPhone alicePhone = SippAgainstAsterisk.agent(pbx, work.resolve("sipp"), "2001", "alice-phone",
                    Behaviour.ANSWER, Duration.ofSeconds(2))) {
                alicePhone.awaitRegistered(LIMIT);
                await("alice's device reachable").atMost(LIMIT)
                        .until(() -> server.asterisk().telephony().isReachable("alice"));
                assertThat(server.asterisk().carriesAgent("alice")).isTrue();
                int port = server.http().port();
                ApiClient api = ApiClient.bearer(vertx, port, "alice", "alice-demo");
                try (ConsoleClient alice = ConsoleClient.connect(vertx, port, "/ws/agent", api.sessionHeaders())) {
                    alice.next("hello");
                    assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                    await("alice's phone reachable in the ACD").atMost(LIMIT).until(() ->
                            api.get("/api/agents/alice").bodyAsJsonObject().getBoolean("phoneReachable", false));

                    // Dial-out from the API the console uses.
                    HttpResponse<Buffer> dialled = api.post("/api/agents/me/calls",
                            new JsonObject().put("number", DemoCustomers.VIP.phone()));
                    assertThat(dialled.statusCode()).as(dialled.bodyAsString()).isEqualTo(202);
                    String id = dialled.bodyAsJsonObject().getString("interactionId");
                    assertThat(dialled.bodyAsJsonObject().getString("customerId")).isEqualTo(DemoCustomers.VIP.customerId());
                    assertThat(alice.next("offer", LIMIT).getString("interactionId")).isEqualTo(id);
                    alice.next("connected", LIMIT);

                    // Her phone rings first; the trunk is not used before she answers.
                    await("alice's phone rings").atMost(LIMIT).until(() -> alicePhone.rings() >= 1);
                    assertThat(alicePhone.answered()).isZero();
                    assertThat(pbx.cli("core show channels concise")).as("no call to the carrier while alice's phone rings")
                            .doesNotContain("SIP/carrier-");
                    alicePhone.awaitAnswered(1, LIMIT);
                    List<LogEvent> timeline = timelineWith(id, LogEventType.DIAL_OUT_RESULT);
                    assertThat(timeline).filteredOn(e -> e.type() == LogEventType.DIAL_OUT_RESULT).singleElement()
                            .satisfies(e -> assertThat(e.details()).as(e.details().toString())
                                    .containsEntry("result", "ANSWERED").containsEntry("number", DemoCustomers.VIP.phone()));
                    await("alice and the customer in one bridge").atMost(LIMIT)
                            .until(() -> pbx.cli("bridge show all").contains("basic"));
                    String sent = Files.readString(messages, StandardCharsets.ISO_8859_1);
                    assertThat(sent).as("the INVITE to the carrier: the number over the trunk, asterisk.outbound's caller ID")
                            .contains("INVITE sip:" + DemoCustomers.VIP.phone().substring(1) + "@127.0.0.1:" + net)
                            .contains("<sip:" + CALLER_ID + "@");

                    JsonObject hangup = alice.command(new JsonObject().put("type", "hangup").put("interactionId", id));
                    assertThat(hangup.getString("type")).as(hangup.encode()).isEqualTo("ack");
                    alice.next(m -> "wrapUpStarted".equals(m.getString("type")) && id.equals(m.getString("interactionId")),
                            "wrap-up of " + id);
                    timeline = timelineWith(id, LogEventType.ENDED);
                    assertThat(timeline).extracting(LogEvent::type).as(timeline.toString()).containsSubsequence(
                            LogEventType.INTERACTION_CREATED, LogEventType.CONNECTED, LogEventType.DIAL_OUT_RESULT,
                            LogEventType.ENDED);
                    assertThat(timeline.get(0).details()).containsEntry("channel", "OUTBOUND_VOICE")
                            .containsEntry("direction", "OUTBOUND");
                    JsonObject wrapped = alice.command(new JsonObject().put("type", "wrapUp").put("interactionId", id)
                            .put("disposition", "sale"));
                    assertThat(wrapped.getString("type")).as(wrapped.encode()).isEqualTo("ack");
                    await("no channel left on Asterisk").atMost(LIMIT)
                            .until(() -> pbx.cli("core show channels count").contains("0 active channels"));

                    // A web callback alice accepts: the same way, her phone first, then the customer over the trunk.
                    assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                    HttpResponse<Buffer> asked = ApiClient.anonymous(vertx, port).post("/api/callbacks",
                            new JsonObject().put("name", "Hannah Vogel").put("phone", DemoCustomers.VIP.phone())
                                    .put("queueId", "general"));
                    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
                    String callback = asked.bodyAsJsonObject().getString("interactionId");
                    alice.next(m -> "offer".equals(m.getString("type")) && callback.equals(m.getString("interactionId")),
                            "the callback's offer");
                    JsonObject accepted = alice.command(new JsonObject().put("type", "accept").put("interactionId", callback));
                    assertThat(accepted.getString("type")).as(accepted.encode()).isEqualTo("ack");
                    await("alice's phone rings again").atMost(LIMIT).until(() -> alicePhone.rings() >= 2);
                    assertThat(alicePhone.answered()).isEqualTo(1);
                    assertThat(pbx.cli("core show channels concise")).as("no call to the carrier while alice's phone rings")
                            .doesNotContain("SIP/carrier-");
                    alicePhone.awaitAnswered(2, LIMIT);
                    List<LogEvent> attempt = timelineWith(callback, LogEventType.CALLBACK_ATTEMPT);
                    assertThat(attempt).filteredOn(e -> e.type() == LogEventType.CALLBACK_ATTEMPT).singleElement()
                            .satisfies(e -> assertThat(e.details()).as(e.details().toString())
                                    .containsEntry("result", "ANSWERED"));
                    await("bridged").atMost(LIMIT).until(() -> pbx.cli("bridge show all").contains("basic"));
                    JsonObject end = alice.command(new JsonObject().put("type", "hangup").put("interactionId", callback));
                    assertThat(end.getString("type")).as(end.encode()).isEqualTo("ack");
                    alice.next(m -> "wrapUpStarted".equals(m.getString("type"))
                            && callback.equals(m.getString("interactionId")), "wrap-up of " + callback);
                    assertThat(network.await(LIMIT.toSeconds())).as("the public network answered two calls and got"
                            + " their BYEs:\n%s", network.output()).isZero();
                    assertThat(Files.readString(messages, StandardCharsets.ISO_8859_1))
                            .as("no INVITE went to the built-in stack's dialUri").doesNotContain("127.0.0.1:9");
                }
            }
        }
    }

    @Test
    void withoutAnOutboundTrunkAnAsteriskAgentsDialOutIsRefusedWithTheReason(Vertx vertx) throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = AsteriskCallTest.pbx(agi).build().start()) {
            startServer(pbx, agi, Outbound.NONE);
            int port = server.http().port();
            ApiClient api = ApiClient.bearer(vertx, port, "alice", "alice-demo");
            try (ConsoleClient alice = ConsoleClient.connect(vertx, port, "/ws/agent", api.sessionHeaders())) {
                alice.next("hello");
                assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                HttpResponse<Buffer> refused = api.post("/api/agents/me/calls",
                        new JsonObject().put("number", DemoCustomers.VIP.phone()));
                assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
                assertThat(refused.bodyAsJsonObject().getString("message")).contains("alice").contains("Asterisk")
                        .contains("asterisk.outbound");
                InteractionLog log = server.store().interactionLog();
                log.flush().join();
                assertThat(log.events(new org.openucc.log.LogQuery(null, null, "outbound", null, null, null, null, null,
                        10, false)).events()).as("nothing started").isEmpty();
            }
        }
    }

    private List<LogEvent> timelineWith(String interactionId, LogEventType type) {
        InteractionLog log = server.store().interactionLog();
        return await().atMost(LIMIT).until(() -> {
            log.flush().join();
            return log.timeline(interactionId);
        }, t -> t.stream().anyMatch(e -> e.type() == type));
    }
}
