package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.telephony.media.G711;

/**
 * A supervisor listens to, whispers to and barges into a real call: caller, agent and supervisor are
 * jain-sip phones on loopback, each sending its own tone (customer 500 Hz, agent 1300 Hz, supervisor
 * 2100 Hz); what each phone receives is checked per mode with Goertzel filters (who hears whom), and
 * every session is in the interaction log.
 */
@ExtendWith(VertxExtension.class)
class MonitorSipTest {
    static final java.time.Duration WAIT = DemoVoiceServer.WAIT;
    static final double CUSTOMER_HZ = 500;
    static final double AGENT_HZ = 1300;
    static final double SUPERVISOR_HZ = 2100;
    /** A tone sent at amplitude 8000 arrives at about that (G.711); absent ones stay at the noise floor. */
    static final double PRESENT = 2500;
    static final double ABSENT = 400;

    @TempDir
    Path dataDir;
    DemoVoiceServer demo;
    TestPhone.Call caller;
    TestPhone.Call agentLeg;
    TestPhone supervisorPhone;
    ApiClient supervisor;
    String interactionId;
    String monitor;

    @BeforeEach
    void connectedCall(Vertx vertx) throws Exception {
        demo = new DemoVoiceServer(dataDir);
        DemoVoiceServer.Agent alice = demo.readyAgent(vertx, "alice", "2001");
        caller = demo.phone("5551234").call("1001");
        assertThat(caller.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        agentLeg = alice.phone().firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        interactionId = alice.console().next("offer").getString("interactionId");
        alice.console().next("connected");
        monitor = "/api/interactions/" + interactionId + "/monitor";
        supervisor = ApiClient.bearer(vertx, demo.server.port(), "supervisor", "supervisor-demo");
        supervisorPhone = demo.phone("2900");
        caller.rtp.startTone(CUSTOMER_HZ);
        agentLeg.rtp.startTone(AGENT_HZ);
        assertHears(caller, "caller before monitoring", AGENT_HZ);
        assertHears(agentLeg, "agent before monitoring", CUSTOMER_HZ);
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void listenWhisperAndBargeMixWhoHearsWhomAndEverySessionIsLogged(Vertx vertx) throws Exception {
        ApiClient alice = ApiClient.bearer(vertx, demo.server.port(), "alice", "alice-demo");
        assertThat(supervisorPhone.register("supervisor-phone", 3600).getStatusCode()).isEqualTo(200);

        var started = supervisor.post(monitor, new JsonObject().put("mode", "LISTEN"));
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
        assertThat(started.bodyAsJsonObject().getString("mode")).isEqualTo("LISTEN");
        assertThat(started.bodyAsJsonObject().getString("agentId")).isEqualTo("alice");
        TestPhone.Call sup = supervisorPhone.firstIncoming.get(5, TimeUnit.SECONDS);
        assertThat(sup.fromUser()).as("the supervisor's phone shows whose call it is").isEqualTo("alice");
        sup.rtp.startTone(SUPERVISOR_HZ);

        // LISTEN: the supervisor hears both; nobody hears the supervisor.
        assertHears(sup, "supervisor, LISTEN", CUSTOMER_HZ, AGENT_HZ);
        assertHears(caller, "caller, LISTEN", AGENT_HZ);
        assertHears(agentLeg, "agent, LISTEN", CUSTOMER_HZ);

        // WHISPER: the agent hears the supervisor too; the customer still only the agent.
        assertThat(supervisor.put(monitor, new JsonObject().put("mode", "WHISPER")).statusCode()).isEqualTo(200);
        assertHears(sup, "supervisor, WHISPER", CUSTOMER_HZ, AGENT_HZ);
        assertHears(agentLeg, "agent, WHISPER", CUSTOMER_HZ, SUPERVISOR_HZ);
        assertHears(caller, "caller, WHISPER", AGENT_HZ);

        // BARGE: everyone hears the other two.
        var barge = supervisor.put(monitor, new JsonObject().put("mode", "BARGE"));
        assertThat(barge.bodyAsJsonObject().getString("mode")).isEqualTo("BARGE");
        assertHears(sup, "supervisor, BARGE", CUSTOMER_HZ, AGENT_HZ);
        assertHears(agentLeg, "agent, BARGE", CUSTOMER_HZ, SUPERVISOR_HZ);
        assertHears(caller, "caller, BARGE", AGENT_HZ, SUPERVISOR_HZ);

        // Back to LISTEN live: the supervisor drops out of both directions again.
        assertThat(supervisor.put(monitor, new JsonObject().put("mode", "LISTEN")).statusCode()).isEqualTo(200);
        assertHears(caller, "caller, LISTEN again", AGENT_HZ);
        assertHears(agentLeg, "agent, LISTEN again", CUSTOMER_HZ);

        assertThat(supervisor.delete(monitor).statusCode()).isEqualTo(204);
        sup.bye.get(5, TimeUnit.SECONDS);
        assertHears(caller, "caller after monitoring", AGENT_HZ);
        assertHears(agentLeg, "agent after monitoring", CUSTOMER_HZ);
        assertThat(supervisor.delete(monitor).statusCode()).as("nobody monitors any more").isEqualTo(409);

        List<LogEvent> timeline = demo.timelineWith(interactionId, LogEventType.MONITOR_ENDED);
        List<LogEvent> monitoring = timeline.stream().filter(e -> e.type().name().startsWith("MONITOR_")).toList();
        assertThat(monitoring).extracting(LogEvent::type).containsExactly(LogEventType.MONITOR_STARTED,
                LogEventType.MONITOR_MODE_CHANGED, LogEventType.MONITOR_MODE_CHANGED,
                LogEventType.MONITOR_MODE_CHANGED, LogEventType.MONITOR_ENDED);
        assertThat(monitoring).extracting(e -> e.details().get("mode"))
                .containsExactly("LISTEN", "WHISPER", "BARGE", "LISTEN", "LISTEN");
        assertThat(monitoring).allSatisfy(e -> {
            assertThat(e.details()).containsEntry("supervisor", "supervisor");
            assertThat(e.agentId()).isEqualTo("alice");
        });
        assertThat(monitoring.get(4).details()).containsEntry("reason", "ended by supervisor");
        assertThat(supervisor.get("/api/interactions/" + interactionId).bodyAsString()).contains("MONITOR_STARTED");
        assertThat(alice.get("/api/interactions/" + interactionId).bodyAsString())
                .as("silent monitoring stays silent: the agent's timeline does not show it").contains("CONNECTED")
                .doesNotContain("MONITOR_");
        assertThat(caller.bye).as("the call goes on").isNotDone();
    }

    @Test
    void theSupervisorHangingUpEndsTheSessionAndTheCallEndingHangsUpTheSupervisor() throws Exception {
        assertThat(supervisorPhone.register("supervisor-phone", 3600).getStatusCode()).isEqualTo(200);
        assertThat(supervisor.post(monitor, new JsonObject().put("mode", "BARGE")).statusCode()).isEqualTo(200);
        TestPhone.Call first = supervisorPhone.firstIncoming.get(5, TimeUnit.SECONDS);
        first.rtp.startTone(SUPERVISOR_HZ);
        assertHears(caller, "caller, BARGE", AGENT_HZ, SUPERVISOR_HZ);
        assertThat(first.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        demo.awaitEventOf(interactionId, LogEventType.MONITOR_ENDED,
                e -> "the supervisor hung up".equals(e.details().get("reason")));
        assertHears(caller, "caller after the supervisor hung up", AGENT_HZ);

        // Again, then the caller hangs up: the supervisor's phone is hung up with the call.
        assertThat(supervisor.post(monitor, new JsonObject().put("mode", "LISTEN")).statusCode()).isEqualTo(200);
        TestPhone.Call second = await().atMost(WAIT).until(() -> supervisorPhone.incoming.size() == 2
                ? supervisorPhone.incoming.get(1) : null, c -> c != null);
        var again = supervisor.post(monitor, new JsonObject().put("mode", "LISTEN"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsJsonObject().getString("message")).contains("monitored by supervisor already");
        assertThat(caller.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        second.bye.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        demo.awaitEventOf(interactionId, LogEventType.MONITOR_ENDED,
                e -> "the call ended".equals(e.details().get("reason")));
        assertThat(supervisor.post(monitor, new JsonObject().put("mode", "LISTEN")).statusCode())
                .as("the call is over").isEqualTo(409);
    }

    @Test
    void onlySupervisorsWithARegisteredPhoneMayMonitorAConnectedCall(Vertx vertx) throws Exception {
        ApiClient agent = ApiClient.bearer(vertx, demo.server.port(), "bob", "bob-demo");
        assertThat(agent.post(monitor, new JsonObject().put("mode", "LISTEN")).statusCode()).isEqualTo(403);
        assertThat(supervisor.post("/api/interactions/nope/monitor", new JsonObject().put("mode", "LISTEN"))
                .statusCode()).isEqualTo(404);
        assertThat(supervisor.post(monitor, new JsonObject().put("mode", "SPY")).statusCode()).isEqualTo(400);

        var unregistered = supervisor.post(monitor, new JsonObject().put("mode", "LISTEN"));
        assertThat(unregistered.statusCode()).isEqualTo(409);
        assertThat(unregistered.bodyAsJsonObject().getString("message")).contains("phone 2900 is not registered");

        ApiClient admin = ApiClient.bearer(vertx, demo.server.port(), "admin", "admin-demo");
        var noPhone = admin.post(monitor, new JsonObject().put("mode", "LISTEN"));
        assertThat(noPhone.statusCode()).isEqualTo(409);
        assertThat(noPhone.bodyAsJsonObject().getString("message")).contains("has no phone");

        supervisorPhone.mode = TestPhone.Mode.BUSY;
        assertThat(supervisorPhone.register("supervisor-phone", 3600).getStatusCode()).isEqualTo(200);
        var busy = supervisor.post(monitor, new JsonObject().put("mode", "LISTEN"));
        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.bodyAsJsonObject().getString("message")).contains("did not take the monitoring call");
        assertThat(supervisor.put(monitor, new JsonObject().put("mode", "BARGE")).statusCode()).isEqualTo(409);

        demo.contactCenter().store().interactionLog().flush().join();
        assertThat(demo.contactCenter().store().interactionLog().timeline(interactionId))
                .as("a phone that never answered is no session").noneMatch(e -> e.type().name().startsWith("MONITOR_"));
        assertHears(caller, "caller, untouched", AGENT_HZ);
    }

    // ------------------------------------------------------------------ what a phone hears

    /** The next second of audio at {@code leg} (after 200 ms to settle) holds exactly the tones {@code expected}. */
    static void assertHears(TestPhone.Call leg, String who, double... expected) {
        int from = leg.rtp.audio().size() + 10;
        int until = from + 50;
        await().atMost(WAIT).until(() -> leg.rtp.audio().size() >= until);
        List<RtpProbe.Packet> window = leg.rtp.audio().subList(from, until);
        Map<Double, Double> heard = new TreeMap<>();
        for (double hz : new double[] {CUSTOMER_HZ, AGENT_HZ, SUPERVISOR_HZ}) {
            heard.put(hz, amplitude(window, hz));
        }
        System.out.printf("%s: amplitudes by Hz %s%n", who, heard);
        for (double hz : new double[] {CUSTOMER_HZ, AGENT_HZ, SUPERVISOR_HZ}) {
            boolean wanted = java.util.Arrays.stream(expected).anyMatch(e -> e == hz);
            if (wanted) {
                assertThat(heard.get(hz)).as("%s hears %s Hz (amplitudes %s)", who, hz, heard).isGreaterThan(PRESENT);
            } else {
                assertThat(heard.get(hz)).as("%s does not hear %s Hz (amplitudes %s)", who, hz, heard)
                        .isLessThan(ABSENT);
            }
        }
    }

    /** Goertzel: the amplitude of the {@code hz} component of the packets' audio (8 kHz G.711). */
    static double amplitude(List<RtpProbe.Packet> packets, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000);
        double s1 = 0;
        double s2 = 0;
        int n = 0;
        for (RtpProbe.Packet p : packets) {
            for (byte b : p.payload()) {
                double x = p.payloadType() == 8 ? G711.alawToLinear(b) : G711.ulawToLinear(b);
                double s0 = x + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
                n++;
            }
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / n;
    }
}
