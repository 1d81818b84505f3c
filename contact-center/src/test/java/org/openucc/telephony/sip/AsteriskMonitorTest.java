package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openucc.telephony.sip.MonitorSipTest.AGENT_HZ;
import static org.openucc.telephony.sip.MonitorSipTest.CUSTOMER_HZ;
import static org.openucc.telephony.sip.MonitorSipTest.SUPERVISOR_HZ;
import static org.openucc.telephony.sip.MonitorSipTest.assertHears;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.AsteriskConfig.Server;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServiceNumber;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.telephony.asterisk.AsteriskPbx;

/**
 * Listen, whisper and barge on a call carried by a real Asterisk (chan_sip, generated configuration on
 * loopback): the caller, the agent's phone and the supervisor's own phone are jain-sip phones registered
 * to (or calling) Asterisk, each sending its own tone; OpenUCC rings the supervisor's phone with AMI
 * Originate and moves it into ChanSpy on the agent's channel. Who hears whom is checked per mode with
 * Goertzel filters, ChanSpy's options are read from Asterisk's channel list, and every session is in the
 * interaction log.
 */
@ExtendWith(VertxExtension.class)
class AsteriskMonitorTest {
    static final Duration LIMIT = Duration.ofSeconds(60);
    static final String SECRET_ENV = "OPENUCC_AMI_SECRET";

    @TempDir
    Path work;
    ContactCenter server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aSupervisorListensWhispersAndBargesThroughChanSpy(Vertx vertx) throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = AsteriskPbx.builder().agiPort(agi).agent("2001", "alice-phone")
                .agent("2002", "bob-phone").agent("2900", "supervisor-phone").service("1001").build().start()) {
            ContactCenterConfig c = TestServer.config(work.resolve("data"));
            server = new ContactCenter(c.withAsterisk(c.asterisk().with(List.of(new Server("pbx1", "127.0.0.1",
                    pbx.amiPort(), pbx.amiUser(), SECRET_ENV)), agi, List.of(),
                    List.of(new ServiceNumber("1001", "sales", null)))),
                    name -> SECRET_ENV.equals(name) ? pbx.amiSecret() : null);
            server.start();
            int sipPort = pbx.config().sipPort();
            try (TestPhone alicePhone = new TestPhone("2001", "127.0.0.1", sipPort);
                    TestPhone supervisorPhone = new TestPhone("2900", "127.0.0.1", sipPort);
                    TestPhone callerPhone = new TestPhone("5551234", "127.0.0.1", sipPort)) {
                assertThat(alicePhone.register("alice-phone", 3600).getStatusCode()).isEqualTo(200);
                await("alice's device reachable through AMI").atMost(LIMIT)
                        .until(() -> server.asterisk().telephony().isReachable("alice"));
                int port = server.http().port();
                ApiClient supervisor = ApiClient.bearer(vertx, port, "supervisor", "supervisor-demo");
                ApiClient api = ApiClient.cookie(vertx, port, "alice", "alice-demo");
                try (ConsoleClient alice = ConsoleClient.connect(vertx, port, "/ws/agent", api.sessionHeaders())) {
                    alice.next("hello");
                    assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                    TestPhone.Call caller = callerPhone.call("1001");
                    String id = alice.next("offer", LIMIT).getString("interactionId");
                    alice.next("connected", LIMIT);
                    TestPhone.Call agentLeg = alicePhone.firstIncoming.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(caller.finalStatus.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(200);
                    caller.rtp.startTone(CUSTOMER_HZ);
                    agentLeg.rtp.startTone(AGENT_HZ);
                    assertHears(caller, "caller before monitoring", AGENT_HZ);
                    assertHears(agentLeg, "agent before monitoring", CUSTOMER_HZ);
                    String monitor = "/api/interactions/" + id + "/monitor";

                    // The rules of the built-in stack: supervisors only, a known call, a registered phone.
                    ApiClient bob = ApiClient.bearer(vertx, port, "bob", "bob-demo");
                    assertThat(bob.post(monitor, new JsonObject().put("mode", "LISTEN")).statusCode()).isEqualTo(403);
                    assertThat(supervisor.post("/api/interactions/nope/monitor", new JsonObject().put("mode", "LISTEN"))
                            .statusCode()).isEqualTo(404);
                    var unregistered = supervisor.post(monitor, new JsonObject().put("mode", "LISTEN"));
                    assertThat(unregistered.statusCode()).isEqualTo(409);
                    assertThat(unregistered.bodyAsJsonObject().getString("message"))
                            .contains("phone 2900 is not registered");

                    assertThat(supervisorPhone.register("supervisor-phone", 3600).getStatusCode()).isEqualTo(200);
                    await("the supervisor's phone reachable through AMI").atMost(LIMIT)
                            .until(() -> server.asterisk().telephony().phoneRegistered("2900"));
                    var started = supervisor.post(monitor, new JsonObject().put("mode", "LISTEN"));
                    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
                    assertThat(started.bodyAsJsonObject().getString("mode")).isEqualTo("LISTEN");
                    assertThat(started.bodyAsJsonObject().getString("agentId")).isEqualTo("alice");
                    TestPhone.Call sup = supervisorPhone.firstIncoming.get(5, TimeUnit.SECONDS);
                    sup.rtp.startTone(SUPERVISOR_HZ);
                    assertSpying(pbx, "qES");
                    assertThat(supervisor.post(monitor, new JsonObject().put("mode", "LISTEN")).statusCode())
                            .as("one supervisor at a time").isEqualTo(409);

                    // LISTEN: the supervisor hears both; nobody hears the supervisor.
                    settled(sup, "supervisor, LISTEN", CUSTOMER_HZ, AGENT_HZ);
                    assertHears(sup, "supervisor, LISTEN", CUSTOMER_HZ, AGENT_HZ);
                    assertHears(caller, "caller, LISTEN", AGENT_HZ);
                    assertHears(agentLeg, "agent, LISTEN", CUSTOMER_HZ);

                    // WHISPER: the agent hears the supervisor too; the customer still only the agent.
                    assertThat(supervisor.put(monitor, new JsonObject().put("mode", "WHISPER")).statusCode())
                            .isEqualTo(200);
                    assertSpying(pbx, "qESw");
                    settled(agentLeg, "agent, WHISPER", CUSTOMER_HZ, SUPERVISOR_HZ);
                    assertHears(sup, "supervisor, WHISPER", CUSTOMER_HZ, AGENT_HZ);
                    assertHears(agentLeg, "agent, WHISPER", CUSTOMER_HZ, SUPERVISOR_HZ);
                    assertHears(caller, "caller, WHISPER", AGENT_HZ);

                    // BARGE: everyone hears the other two.
                    var barge = supervisor.put(monitor, new JsonObject().put("mode", "BARGE"));
                    assertThat(barge.bodyAsJsonObject().getString("mode")).isEqualTo("BARGE");
                    assertSpying(pbx, "qESB");
                    settled(caller, "caller, BARGE", AGENT_HZ, SUPERVISOR_HZ);
                    assertHears(sup, "supervisor, BARGE", CUSTOMER_HZ, AGENT_HZ);
                    assertHears(agentLeg, "agent, BARGE", CUSTOMER_HZ, SUPERVISOR_HZ);
                    assertHears(caller, "caller, BARGE", AGENT_HZ, SUPERVISOR_HZ);

                    // Back to LISTEN live, on the same call of the supervisor's phone.
                    assertThat(supervisor.put(monitor, new JsonObject().put("mode", "LISTEN")).statusCode())
                            .isEqualTo(200);
                    assertSpying(pbx, "qES");
                    settled(caller, "caller, LISTEN again", AGENT_HZ);
                    assertHears(caller, "caller, LISTEN again", AGENT_HZ);
                    assertHears(agentLeg, "agent, LISTEN again", CUSTOMER_HZ);
                    assertThat(supervisorPhone.incoming).as("one call to the supervisor's phone throughout").hasSize(1);
                    assertThat(sup.bye).isNotDone();

                    assertThat(supervisor.delete(monitor).statusCode()).isEqualTo(204);
                    sup.bye.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                    settled(caller, "caller after monitoring", AGENT_HZ);
                    assertHears(caller, "caller after monitoring", AGENT_HZ);
                    assertHears(agentLeg, "agent after monitoring", CUSTOMER_HZ);
                    assertThat(supervisor.delete(monitor).statusCode()).as("nobody monitors any more").isEqualTo(409);

                    List<LogEvent> monitoring = timelineWith(id, LogEventType.MONITOR_ENDED).stream()
                            .filter(e -> e.type().name().startsWith("MONITOR_")).toList();
                    assertThat(monitoring).extracting(LogEvent::type).containsExactly(LogEventType.MONITOR_STARTED,
                            LogEventType.MONITOR_MODE_CHANGED, LogEventType.MONITOR_MODE_CHANGED,
                            LogEventType.MONITOR_MODE_CHANGED, LogEventType.MONITOR_ENDED);
                    assertThat(monitoring).extracting(e -> e.details().get("mode"))
                            .containsExactly("LISTEN", "WHISPER", "BARGE", "LISTEN", "LISTEN");
                    assertThat(monitoring).extracting(e -> e.details().get("previousMode"))
                            .containsExactly(null, "LISTEN", "WHISPER", "BARGE", null);
                    assertThat(monitoring).allSatisfy(e -> {
                        assertThat(e.details()).containsEntry("supervisor", "supervisor");
                        assertThat(e.agentId()).isEqualTo("alice");
                    });
                    assertThat(monitoring.get(4).details()).containsEntry("reason", "ended by supervisor");

                    // Again in BARGE; the supervisor hangs up: the session ends, the call goes on.
                    assertThat(supervisor.post(monitor, new JsonObject().put("mode", "BARGE")).statusCode())
                            .isEqualTo(200);
                    TestPhone.Call second = await().atMost(LIMIT).until(() -> supervisorPhone.incoming.size() == 2
                            ? supervisorPhone.incoming.get(1) : null, x -> x != null);
                    second.rtp.startTone(SUPERVISOR_HZ);
                    assertSpying(pbx, "qESB");
                    settled(caller, "caller, BARGE again", AGENT_HZ, SUPERVISOR_HZ);
                    assertHears(caller, "caller, BARGE again", AGENT_HZ, SUPERVISOR_HZ);
                    assertThat(second.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
                    await("the second session ended by the supervisor's hang-up").atMost(LIMIT).until(() ->
                            timeline(id).stream().anyMatch(e -> e.type() == LogEventType.MONITOR_ENDED
                                    && "the supervisor hung up".equals(e.details().get("reason"))));
                    settled(caller, "caller after the supervisor hung up", AGENT_HZ);
                    assertHears(caller, "caller after the supervisor hung up", AGENT_HZ);
                    assertThat(caller.bye).as("the call goes on").isNotDone();

                    // A busy phone: no session, the reason in the 409.
                    supervisorPhone.mode = TestPhone.Mode.BUSY;
                    var busy = supervisor.post(monitor, new JsonObject().put("mode", "LISTEN"));
                    assertThat(busy.statusCode()).as(busy.bodyAsString()).isEqualTo(409);
                    assertThat(busy.bodyAsJsonObject().getString("message")).contains("did not take the monitoring call");
                    assertThat(timeline(id)).filteredOn(e -> e.type() == LogEventType.MONITOR_STARTED).hasSize(2);
                    assertHears(caller, "caller, untouched by the busy phone", AGENT_HZ);
                }
            }
        }
    }

    /**
     * Waits (bounded) until a 200 ms window of what {@code leg} receives holds exactly the tones {@code expected}:
     * Asterisk takes a moment to mix a new ChanSpy in or out; the strict one-second checks follow.
     */
    private static void settled(TestPhone.Call leg, String who, double... expected) {
        await(who + " settles").atMost(LIMIT).until(() -> {
            List<RtpProbe.Packet> all = leg.rtp.audio();
            if (all.size() < 10) {
                return false;
            }
            List<RtpProbe.Packet> window = all.subList(all.size() - 10, all.size());
            for (double hz : new double[] {CUSTOMER_HZ, AGENT_HZ, SUPERVISOR_HZ}) {
                boolean wanted = java.util.Arrays.stream(expected).anyMatch(e -> e == hz);
                double a = MonitorSipTest.amplitude(window, hz);
                if (wanted ? a <= MonitorSipTest.PRESENT : a >= MonitorSipTest.ABSENT) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Asterisk's channel list shows the supervisor's channel in ChanSpy on alice's channel with {@code options}. */
    private static void assertSpying(AsteriskPbx pbx, String options) {
        await("the supervisor's channel in ChanSpy(...," + options + ")").atMost(LIMIT).until(() -> {
            String channels = pbx.cli("core show channels concise");
            return channels.lines().anyMatch(l -> l.startsWith("SIP/2900-") && l.contains("!ChanSpy!SIP/2001-")
                    && l.contains("," + options + "!"));
        });
    }

    private List<LogEvent> timeline(String interactionId) {
        InteractionLog log = server.store().interactionLog();
        log.flush().join();
        return log.timeline(interactionId);
    }

    private List<LogEvent> timelineWith(String interactionId, LogEventType type) {
        return await().atMost(LIMIT).until(() -> timeline(interactionId),
                t -> t.stream().anyMatch(e -> e.type() == type));
    }
}
