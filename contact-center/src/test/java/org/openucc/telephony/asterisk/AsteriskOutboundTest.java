package org.openucc.telephony.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.config.AsteriskConfig.Outbound;
import org.openucc.config.ContactCenterConfig;
import org.openucc.fault.NotSupportedException;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.telephony.AmdResult;
import org.openucc.telephony.AmdResult.Verdict;
import org.openucc.telephony.AmdSettings;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.RecordingHandle;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.AgentPhone;
import org.openucc.telephony.media.WavAudio;
import org.openucc.telephony.sip.Sipp;
import org.openucc.telephony.sip.WavPcap;

/**
 * Calls to outside numbers on Asterisk: OpenUCC originates them through Asterisk's trunk to "the
 * public network" (a sipp UAS that is Asterisk's peer {@code carrier} on loopback); the answered
 * channel comes to OpenUCC over FastAGI and is bridged to an agent's phone by the voice flow like an
 * inbound caller; busy, unanswered and failed calls end with their causes; Asterisk's AMD() tells a
 * machine's greeting from a person's hello.
 */
@ExtendWith(VertxExtension.class)
class AsteriskOutboundTest {
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

    /** Asterisk with the demo's agent phones and a trunk peer {@code carrier} at {@code networkPort}. */
    private AsteriskPbx pbx(int agi, int networkPort) {
        return AsteriskCallTest.pbx(agi).trunk("carrier", networkPort).build().start();
    }

    /** The demo on Asterisk, numbers dialled as SIP/carrier/<digits> with the center's caller ID. */
    private void startServer(AsteriskPbx pbx, int agi) throws Exception {
        ContactCenterConfig c = AsteriskCallTest.config(work.resolve("data"), pbx, agi);
        c = c.withAsterisk(c.asterisk().withOutbound(new Outbound("SIP/carrier/${digits}", null, CALLER_ID)));
        server = new ContactCenter(c, AsteriskCallTest.env(pbx));
        server.start();
        await("the AMI link up").atMost(LIMIT).until(() -> server.asterisk().telephony().problem().isEmpty());
    }

    /** A sipp UAS on {@code port}: {@code scenario} under src/test/resources/sipp. */
    private Sipp network(String name, String scenario, int port, String... more) throws Exception {
        Path dir = Files.createDirectories(work.resolve("sipp"));
        List<String> args = new java.util.ArrayList<>(List.of("-sf", Sipp.scenario(scenario).toString(), "-i",
                "127.0.0.1", "-p", String.valueOf(port), "-mp", String.valueOf(Sipp.freeMediaPort())));
        args.addAll(List.of(more));
        Sipp s = Sipp.start(dir, name, args.toArray(String[]::new));
        sipps.add(s);
        await(name + " listening").atMost(LIMIT).until(() -> !s.isAlive() || bound(port));
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

    private CallControl answered(String number, Duration ring) throws Exception {
        return server.asterisk().telephony().dial(new DialRequest(number, CALLER_ID, ring)).answered()
                .toCompletableFuture().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aCustomerAnswersThroughTheTrunkAndTheVoiceFlowBridgesThemToAnAgent(Vertx vertx) throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        int net = Sipp.freeUdpPort();
        Path messages = work.resolve("network-messages.log");
        try (AsteriskPbx pbx = pbx(agi, net)) {
            startServer(pbx, agi);
            AsteriskTelephony telephony = server.asterisk().telephony();
            assertThat(telephony.reaches("+4930123450")).isTrue();
            assertThat(telephony.reaches("sip:someone@example.net")).isFalse();
            Sipp network = network("public-network", "trunk/public-network.xml", net, "-m", "1", "-trace_msg",
                    "-message_file", messages.toString());
            try (AgentPhone alicePhone = SippAgainstAsterisk.agent(pbx, work.resolve("sipp"), "2001", "alice-phone")) {
                alicePhone.awaitRegistered(LIMIT);
                await("alice's device reachable").atMost(LIMIT).until(() -> telephony.isReachable("alice"));
                int port = server.http().port();
                try (ConsoleClient alice = ConsoleClient.connect(vertx, port, "/ws/agent",
                        ApiClient.cookie(vertx, port, "alice", "alice-demo").sessionHeaders())) {
                    alice.next("hello");
                    assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");

                    CallControl customer = answered("+4930123450", Duration.ofSeconds(15));
                    assertThat(customer.state()).isEqualTo(CallState.ANSWERED);
                    CallInfo info = customer.info();
                    assertThat(info.direction()).isEqualTo(CallInfo.Direction.OUTBOUND);
                    assertThat(info.to()).isEqualTo("+4930123450");
                    assertThat(info.headers()).containsEntry("telephony", "asterisk");
                    String sent = Files.readString(messages, StandardCharsets.ISO_8859_1);
                    assertThat(sent).as("the INVITE to the carrier").contains("INVITE sip:4930123450@127.0.0.1:" + net)
                            .contains("<sip:" + CALLER_ID + "@");

                    String id = "outbound-" + System.nanoTime();
                    server.asterisk().flow().queueAnswered(id, customer, "telesales", 0, null, Map.of())
                            .toCompletableFuture().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(alice.next("offer", LIMIT).getString("interactionId")).isEqualTo(id);
                    alice.next("connected", LIMIT);
                    alicePhone.awaitAnswered(1, LIMIT);
                    await("customer and agent in one bridge").atMost(LIMIT)
                            .until(() -> pbx.cli("bridge show all").contains("basic"));

                    JsonObject hold = alice.command(new JsonObject().put("type", "hold").put("interactionId", id));
                    assertThat(hold.getString("type")).as(hold.encode()).isEqualTo("ack");
                    await("the customer on music on hold").atMost(LIMIT)
                            .until(() -> pbx.cli("core show channels concise").contains("MusicOnHold"));
                    JsonObject resume = alice.command(new JsonObject().put("type", "resume").put("interactionId", id));
                    assertThat(resume.getString("type")).as(resume.encode()).isEqualTo("ack");
                    await("bridged again").atMost(LIMIT)
                            .until(() -> !pbx.cli("core show channels concise").contains("MusicOnHold")
                                    && pbx.cli("bridge show all").contains("basic"));

                    JsonObject hangup = alice.command(new JsonObject().put("type", "hangup").put("interactionId", id));
                    assertThat(hangup.getString("type")).as(hangup.encode()).isEqualTo("ack");
                    alice.next("wrapUpStarted", LIMIT);
                    assertThat(network.await(LIMIT.toSeconds())).as("the public network got its BYE:\n%s",
                            network.output()).isZero();
                    assertThat(customer.state()).isEqualTo(CallState.ENDED);
                    List<LogEvent> timeline = timelineWith(id, LogEventType.ENDED);
                    assertThat(timeline).extracting(LogEvent::type).as(timeline.toString()).containsSubsequence(
                            LogEventType.QUEUED, LogEventType.OFFERED, LogEventType.CONNECTED, LogEventType.HELD,
                            LogEventType.RESUMED, LogEventType.ENDED);
                }
            }
        }
    }

    @Test
    void busyUnansweredFailedAndInvalidNumbersEndTheDialWithTheirCauses() throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        int net = Sipp.freeUdpPort();
        try (AsteriskPbx pbx = pbx(agi, net)) {
            startServer(pbx, agi);
            Sipp network = network("failures", "trunk/public-network.xml", net, "-m", "5");
            AsteriskTelephony telephony = server.asterisk().telephony();
            // The last digit says what the public network does: 2 busy, 3 rings unanswered, 4 a carrier failure
            // (503), 5 a refusal (403).
            assertEnds(telephony, "+4930123452", Duration.ofSeconds(10), EndCause.BUSY, "is busy");
            long begin = System.nanoTime();
            assertEnds(telephony, "+4930123453", Duration.ofSeconds(3), EndCause.NO_ANSWER, "not answered");
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).as("rang the request's time at least")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertEnds(telephony, "+4930123454", Duration.ofSeconds(10), EndCause.FAILED, "could not be reached");
            assertEnds(telephony, "+4930123455", Duration.ofSeconds(10), EndCause.REJECTED, "refused the call");
            // Cancelled while it rings: Asterisk stops the channel (the public network gets its CANCEL).
            var ringing = telephony.dial(new DialRequest("+4930123463", CALLER_ID, Duration.ofSeconds(30)));
            await("the call rings at the carrier").atMost(LIMIT)
                    .until(() -> pbx.cli("core show channels concise").contains("SIP/carrier-"));
            ringing.cancel();
            assertThatThrownBy(() -> ringing.answered().toCompletableFuture().get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CallEndedException.class)
                    .satisfies(e -> assertThat(((CallEndedException) e.getCause()).endCause()).isEqualTo(EndCause.CANCELLED));
            assertThat(network.await(LIMIT.toSeconds())).as(network.output()).isZero();
            assertEnds(telephony, "12ab", Duration.ofSeconds(10), EndCause.FAILED, "not a number Asterisk can dial");
            assertThat(telephony.reaches("12ab")).isFalse();
            await("no channel left on Asterisk").atMost(LIMIT)
                    .until(() -> pbx.cli("core show channels count").contains("0 active channels"));
        }
    }

    private static void assertEnds(AsteriskTelephony telephony, String number, Duration ring, EndCause cause,
                                   String detail) {
        var answered = telephony.dial(new DialRequest(number, CALLER_ID, ring)).answered().toCompletableFuture();
        assertThatThrownBy(() -> answered.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(number)
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CallEndedException.class)
                .satisfies(e -> {
                    CallEndedException ended = (CallEndedException) e.getCause();
                    assertThat(ended.endCause()).as(ended.getMessage()).isEqualTo(cause);
                    assertThat(ended.detail()).contains(detail);
                });
    }

    @Test
    void asterisksAmdTellsAMachinesGreetingFromAPersonsHello() throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        int net = Sipp.freeUdpPort();
        try (AsteriskPbx pbx = pbx(agi, net)) {
            assertThat(pbx.cli("module show like app_amd")).as("app_amd in this Asterisk").contains("app_amd.so");
            startServer(pbx, agi);

            // A machine: its greeting is long; the sample of what was judged is recorded; then the beep's end.
            Sipp machine = network("machine", "amd-callee.xml", net, "-m", "1", "-key", "pcap",
                    WavPcap.write(work.resolve("machine.pcap"), sample("machine-greeting.wav")).toString());
            CallControl call = answered("+4930123460", Duration.ofSeconds(15));
            long answeredAt = System.nanoTime();
            List<CallEvent> events = new CopyOnWriteArrayList<>();
            call.addListener(events::add);
            AmdResult r = call.detectAnsweringMachine(AmdSettings.defaults(), new RecordingHandle("amd-sample"))
                    .toCompletableFuture().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.MACHINE);
            assertThat(r.cause()).matches("(LONGGREETING|MAXWORDS)-\\d+-\\d+");
            assertThat(r.analysisMillis()).isBetween(1_000L, 6_000L);
            CallEvent.RecordingAvailable sampled = (CallEvent.RecordingAvailable) events.stream()
                    .filter(e -> e instanceof CallEvent.RecordingAvailable).findFirst().orElseThrow();
            Path wav = Path.of(sampled.location());
            assertThat(wav).isEqualTo(work.resolve("data").resolve("recordings").resolve("amd-sample.wav"));
            await("MixMonitor's sample written").atMost(LIMIT).until(() -> Files.exists(wav) && Files.size(wav) > 44 + 8_000);
            assertThat(loudest(WavAudio.read(wav))).as("the greeting in the sample").isGreaterThan(1_000);
            assertThat(call.awaitSilence(Duration.ofSeconds(3), Duration.ofSeconds(2)).toCompletableFuture()
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("3 s of silence within 2 s").isFalse();
            assertThat(call.awaitSilence(Duration.ofMillis(800), Duration.ofSeconds(20)).toCompletableFuture()
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("the greeting ends").isTrue();
            // sipp plays the greeting from the ACK on, a moment before the answer reaches this test
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answeredAt))
                    .as("ms from answer to the silence after the beep")
                    .isGreaterThanOrEqualTo(lastVoiceMillis(sample("machine-greeting.wav")) - 500);
            call.hangup("message left").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(machine.await(LIMIT.toSeconds())).as(machine.output()).isZero();

            // A person: "Hello?", then waiting for us.
            Sipp person = network("person", "amd-callee.xml", net, "-m", "1", "-key", "pcap",
                    WavPcap.write(work.resolve("person.pcap"), sample("human-hello.wav")).toString());
            CallControl hello = answered("+4930123461", Duration.ofSeconds(15));
            AmdResult h = hello.detectAnsweringMachine(AmdSettings.defaults()).toCompletableFuture()
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(h.verdict()).as("%s", h).isEqualTo(Verdict.HUMAN);
            assertThat(h.cause()).startsWith("HUMAN-");

            // The settings are AMD()'s arguments: the person now sends no audio, and a 1 s analysis gives up
            // long before the default 5 s would.
            AmdSettings d = AmdSettings.defaults();
            assertThat(CallerLeg.amdArguments(d)).isEqualTo("2500,1500,800,5000,100,50,3,256,5000");
            AmdSettings brief = new AmdSettings(Duration.ofSeconds(30), d.greeting(), d.afterGreetingSilence(),
                    Duration.ofSeconds(1), d.minimumWordLength(), d.betweenWordsSilence(), d.maximumNumberOfWords(),
                    d.silenceThreshold(), d.maximumWordLength());
            AmdResult unsure = hello.detectAnsweringMachine(brief).toCompletableFuture()
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(unsure.verdict()).as("%s", unsure).isEqualTo(Verdict.NOTSURE);
            assertThat(unsure.cause()).matches("(TOOLONG|NOAUDIODATA)-\\d+");
            assertThat(unsure.analysisMillis()).as("1 s of analysis, not the default 5 s").isLessThan(4_000L);

            // Without app_amd the detection fails with a clear reason, never a "not sure".
            pbx.cli("module unload app_amd.so");
            assertThatThrownBy(() -> hello.detectAnsweringMachine(AmdSettings.defaults()).toCompletableFuture()
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(NotSupportedException.class)
                    .hasMessageContaining("app_amd");
            hello.hangup("done").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(person.await(LIMIT.toSeconds())).as(person.output()).isZero();
        }
    }

    private static short[] sample(String name) throws Exception {
        Path p = Path.of("src/test/resources/amd", name);
        if (!Files.exists(p)) {
            p = Path.of("contact-center/src/test/resources/amd", name);
        }
        return WavAudio.read(p);
    }

    /** Where the last 20 ms frame at or above the default silence threshold ends. */
    private static long lastVoiceMillis(short[] audio) {
        long end = 0;
        for (int at = 0; at + 160 <= audio.length; at += 160) {
            long sum = 0;
            for (int k = 0; k < 160; k++) {
                sum += Math.abs(audio[at + k]);
            }
            if (sum / 160 >= AmdSettings.defaults().silenceThreshold()) {
                end = (at + 160) / 8;
            }
        }
        return end;
    }

    private static int loudest(short[] samples) {
        int max = 0;
        for (short x : samples) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    private List<LogEvent> timelineWith(String interactionId, LogEventType type) {
        InteractionLog log = server.store().interactionLog();
        return await().atMost(LIMIT).until(() -> {
            log.flush().join();
            return log.timeline(interactionId);
        }, t -> t.stream().anyMatch(e -> e.type() == type));
    }
}
