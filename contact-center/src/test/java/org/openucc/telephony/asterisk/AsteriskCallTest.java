package org.openucc.telephony.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
import org.openucc.crm.DemoCustomers;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.AgentPhone;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.CallerOptions;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.Callers;

/**
 * The Asterisk adapter against a real Asterisk (chan_sip, generated configs on loopback): sipp
 * callers dial a service number on Asterisk, the dialplan hands them to OpenUCC over FastAGI, the
 * demo's main IVR flow runs with RFC 4733 keys, the caller waits in OpenUCC's ACD, the agent's sipp
 * phone registered to Asterisk is rung with AMI Originate and bridged; the console holds, resumes and
 * transfers over AMI; the recording and the timeline are in the log.
 */
@ExtendWith(VertxExtension.class)
class AsteriskCallTest {
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

    static AsteriskPbx.Builder pbx(int agiPort) {
        return AsteriskPbx.builder().agiPort(agiPort).agent("2001", "alice-phone").agent("2002", "bob-phone")
                .agent("2004", "dave-phone").service("1000").service("1001").service("1004").service("1009");
    }

    /** The demo, always open, on free ports, with the Asterisk adapter pointed at {@code pbx}. */
    static ContactCenterConfig config(Path dataDir, AsteriskPbx pbx, int agiPort) throws Exception {
        ContactCenterConfig c = TestServer.config(dataDir);
        return c.withAsterisk(c.asterisk().with(List.of(new Server("pbx1", "127.0.0.1", pbx.amiPort(), pbx.amiUser(),
                SECRET_ENV)), agiPort, List.of(), List.of(new ServiceNumber("1000", "operator", "main"),
                new ServiceNumber("1001", "sales", null), new ServiceNumber("1004", "support", null),
                new ServiceNumber("1009", null, "after-hours"))));
    }

    static Function<String, String> env(AsteriskPbx pbx) {
        return name -> SECRET_ENV.equals(name) ? pbx.amiSecret() : null;
    }

    @Test
    void aCallerOnAsteriskGoesThroughTheIvrToTheAgentWhoHoldsResumesAndTransfersFromTheConsole(Vertx vertx)
            throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = pbx(agi).build().start()) {
            server = new ContactCenter(config(work.resolve("data"), pbx, agi), env(pbx));
            server.start();
            Path sipp = work.resolve("sipp");
            try (AgentPhone alicePhone = SippAgainstAsterisk.agent(pbx, sipp, "2001", "alice-phone");
                    AgentPhone bobPhone = SippAgainstAsterisk.agent(pbx, sipp, "2002", "bob-phone")) {
                alicePhone.awaitRegistered(LIMIT);
                bobPhone.awaitRegistered(LIMIT);
                await("alice's device reachable through AMI").atMost(LIMIT)
                        .until(() -> server.asterisk().telephony().isReachable("alice"));
                int port = server.http().port();
                ApiClient api = ApiClient.cookie(vertx, port, "alice", "alice-demo");
                try (ConsoleClient alice = ConsoleClient.connect(vertx, port, "/ws/agent", api.sessionHeaders())) {
                    alice.next("hello");
                    assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");

                    // "1" about 9 s after the answer: during the main menu's prompts (after the 5 s welcome),
                    // which it interrupts (a menu barges in); pressed any earlier it is kept until the menu
                    // has played its 16 s of prompts.
                    try (Callers caller = SippAgainstAsterisk.call(pbx, sipp, CallerOptions
                            .oneCall("1000", Duration.ofSeconds(90)).from(DemoCustomers.A_TIER.phone())
                            .withDigits("1", Duration.ofSeconds(9)).withAudioAfter(Duration.ofSeconds(40)))) {
                        JsonObject offer = alice.next("offer", LIMIT);
                        String id = offer.getString("interactionId");
                        JsonObject pop = offer.getJsonObject("screenPop");
                        assertThat(pop.getString("queueId")).isEqualTo("sales");
                        assertThat(pop.getJsonObject("customer").getString("id"))
                                .isEqualTo(DemoCustomers.A_TIER.customerId());
                        assertThat(pop.getJsonObject("context").getString("ivr.digits")).isEqualTo("main:main-menu=1");
                        assertThat(pop.getJsonObject("context").getString("telephony")).isEqualTo("asterisk");
                        alice.next("connected", LIMIT);
                        alicePhone.awaitAnswered(1, LIMIT);
                        await("caller and agent in one bridge").atMost(LIMIT)
                                .until(() -> pbx.cli("bridge show all").contains("basic"));

                        JsonObject hold = alice.command(new JsonObject().put("type", "hold").put("interactionId", id));
                        assertThat(hold.getString("type")).as(hold.encode()).isEqualTo("ack");
                        await("caller on music on hold").atMost(LIMIT)
                                .until(() -> pbx.cli("core show channels concise").contains("MusicOnHold"));
                        JsonObject resume = alice.command(new JsonObject().put("type", "resume").put("interactionId", id));
                        assertThat(resume.getString("type")).as(resume.encode()).isEqualTo("ack");
                        await("bridged again").atMost(LIMIT)
                                .until(() -> !pbx.cli("core show channels concise").contains("MusicOnHold")
                                        && pbx.cli("bridge show all").contains("basic"));

                        // MixMonitor on the agent's channel records the conversation as it goes: a second of it.
                        Path recorded = work.resolve("data").resolve("recordings").resolve(id + ".wav");
                        await("a second of the conversation recorded").atMost(LIMIT)
                                .until(() -> Files.exists(recorded) && Files.size(recorded) > 44 + 16_000);

                        JsonObject transfer = alice.command(new JsonObject().put("type", "transfer")
                                .put("interactionId", id).put("destination", "2002"));
                        assertThat(transfer.getString("type")).as(transfer.encode()).isEqualTo("ack");
                        bobPhone.awaitAnswered(1, LIMIT);
                        alice.next("wrapUpStarted", LIMIT);

                        List<LogEvent> timeline = timelineWith(id, LogEventType.RECORDING_AVAILABLE);
                        assertThat(timeline).extracting(LogEvent::type).as(timeline.toString()).containsSubsequence(
                                LogEventType.INTERACTION_CREATED, LogEventType.IVR_STEP, LogEventType.IVR_INPUT,
                                LogEventType.QUEUED, LogEventType.OFFERED, LogEventType.CONNECTED, LogEventType.HELD,
                                LogEventType.RESUMED, LogEventType.TRANSFERRED, LogEventType.ENDED);
                        LogEvent recording = timeline.stream()
                                .filter(e -> e.type() == LogEventType.RECORDING_AVAILABLE).findFirst().orElseThrow();
                        Path wav = Path.of(String.valueOf(recording.details().get("path")));
                        assertThat(wav).as("MixMonitor's recording, indexed").exists();
                        assertThat(wav).isEqualTo(recorded);
                        short[] samples = org.openucc.telephony.media.WavAudio.read(wav);
                        int loudest = 0;
                        for (short x : samples) {
                            loudest = Math.max(loudest, Math.abs(x));
                        }
                        assertThat(loudest).as("the caller's audio in the recording").isGreaterThan(1_000);
                    }
                }
            }
        }
    }

    @Test
    void anAgentTransfersTheCallToAnotherQueueAndTheCallerWaitsThereForTheNextAgent(Vertx vertx) throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = pbx(agi).build().start()) {
            server = new ContactCenter(config(work.resolve("data"), pbx, agi), env(pbx));
            server.start();
            Path sipp = work.resolve("sipp");
            try (AgentPhone alicePhone = SippAgainstAsterisk.agent(pbx, sipp, "2001", "alice-phone");
                    AgentPhone bobPhone = SippAgainstAsterisk.agent(pbx, sipp, "2002", "bob-phone")) {
                alicePhone.awaitRegistered(LIMIT);
                bobPhone.awaitRegistered(LIMIT);
                await().atMost(LIMIT).until(() -> server.asterisk().telephony().isReachable("alice")
                        && server.asterisk().telephony().isReachable("bob"));
                int port = server.http().port();
                try (ConsoleClient alice = ConsoleClient.connect(vertx, port, "/ws/agent",
                        ApiClient.cookie(vertx, port, "alice", "alice-demo").sessionHeaders());
                        ConsoleClient bob = ConsoleClient.connect(vertx, port, "/ws/agent",
                                ApiClient.cookie(vertx, port, "bob", "bob-demo").sessionHeaders());
                        Callers caller = SippAgainstAsterisk.call(pbx, sipp, CallerOptions
                                .oneCall("1001", Duration.ofSeconds(90)).withAudioAfter(Duration.ofSeconds(60)))) {
                    alice.next("hello");
                    bob.next("hello");
                    assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                    assertThat(bob.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                    String id = alice.next("offer", LIMIT).getString("interactionId");
                    alice.next("connected", LIMIT);
                    alicePhone.awaitAnswered(1, LIMIT);

                    JsonObject transfer = alice.command(new JsonObject().put("type", "transfer").put("interactionId", id)
                            .put("queueId", "support"));
                    assertThat(transfer.getString("type")).as(transfer.encode()).isEqualTo("ack");
                    // Alice's leg goes, the caller is taken back into FastAGI to wait in support, bob gets it.
                    assertThat(bob.next("offer", LIMIT).getString("interactionId")).isEqualTo(id);
                    bob.next("connected", LIMIT);
                    bobPhone.awaitAnswered(1, LIMIT);
                    await("caller and bob bridged").atMost(LIMIT).until(() -> pbx.cli("bridge show all").contains("basic"));
                    assertThat(caller.hungUpByAsterisk()).isZero();
                    assertThat(Files.readString(pbx.fullLog())).contains("openucc-resume");

                    JsonObject hangup = bob.command(new JsonObject().put("type", "hangup").put("interactionId", id));
                    assertThat(hangup.getString("type")).as(hangup.encode()).isEqualTo("ack");
                    bob.next("wrapUpStarted", LIMIT);
                    assertThat(caller.await(LIMIT).hungUpByAsterisk()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aCallerLeavesAVoicemailOverFastAgiAndItWaitsForAnAgent() throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = pbx(agi).build().start()) {
            server = new ContactCenter(config(work.resolve("data"), pbx, agi), env(pbx));
            server.start();
            // The after-hours flow: "2" for a message (pressed during the first prompt: kept), then the
            // caller speaks (a tone); the message ends on silence or the caller's hang-up: here the caller
            // hangs up once Asterisk has two seconds of the message on disk (16-bit 8 kHz WAV).
            Path voicemail = work.resolve("data").resolve("voicemail");
            try (Callers caller = SippAgainstAsterisk.call(pbx, work.resolve("sipp"), CallerOptions
                    .oneCall("1009", Duration.ofSeconds(30)).withDigits("2", Duration.ofSeconds(1))
                    .withAudioAfter(Duration.ofSeconds(28)))) {
                await("two seconds of the message recorded").atMost(LIMIT).until(() -> {
                    if (!Files.isDirectory(voicemail)) {
                        return false;
                    }
                    try (var files = Files.list(voicemail)) {
                        return files.anyMatch(f -> f.toFile().length() > 44 + 2 * 16_000);
                    }
                });
                assertThat(caller.hangUpNow()).as("callers told to hang up").isEqualTo(1);
                assertThat(caller.await(LIMIT).allCompleted(1)).isTrue();
                assertThat(caller.hungUpByCaller()).as("the caller ended the message").isEqualTo(1);
            }
            var waiting = await("the voicemail waits in the general queue").atMost(LIMIT).until(() -> server.routing()
                    .send(new org.openucc.routing.RoutingCommand.ListWaiting("general")).join(), l -> !l.isEmpty());
            String path = waiting.get(0).attributes().get("voicemail.path");
            assertThat(path).as(waiting.toString()).isNotNull();
            short[] samples = org.openucc.telephony.media.WavAudio.read(Path.of(path));
            assertThat(samples.length).as("seconds of message").isGreaterThan(8_000);
            int loudest = 0;
            for (short x : samples) {
                loudest = Math.max(loudest, Math.abs(x));
            }
            assertThat(loudest).as("the caller's tone in the message").isGreaterThan(1_000);
        }
    }

    @Test
    void aBusyAgentPhoneDeclinesTheOfferAndTheCallGoesToTheNextAgent(Vertx vertx) throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = pbx(agi).build().start()) {
            server = new ContactCenter(config(work.resolve("data"), pbx, agi), env(pbx));
            server.start();
            Path sipp = work.resolve("sipp");
            try (AgentPhone bobPhone = SippAgainstAsterisk.agent(pbx, sipp, "2002", "bob-phone",
                    SippAgainstAsterisk.Behaviour.BUSY, Duration.ZERO);
                    AgentPhone davePhone = SippAgainstAsterisk.agent(pbx, sipp, "2004", "dave-phone")) {
                bobPhone.awaitRegistered(LIMIT);
                davePhone.awaitRegistered(LIMIT);
                await().atMost(LIMIT).until(() -> server.asterisk().telephony().isReachable("bob")
                        && server.asterisk().telephony().isReachable("dave"));
                int port = server.http().port();
                try (ConsoleClient bob = ConsoleClient.connect(vertx, port, "/ws/agent",
                        ApiClient.cookie(vertx, port, "bob", "bob-demo").sessionHeaders());
                        ConsoleClient dave = ConsoleClient.connect(vertx, port, "/ws/agent",
                                ApiClient.cookie(vertx, port, "dave", "dave-demo").sessionHeaders());
                        Callers caller = SippAgainstAsterisk.call(pbx, sipp,
                                CallerOptions.oneCall("1004", Duration.ofSeconds(60)))) {
                    bob.next("hello");
                    dave.next("hello");
                    assertThat(bob.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                    String id = bob.next("offer", LIMIT).getString("interactionId");
                    // Asterisk's OriginateResponse says busy (reason 5): the offer is declined at once.
                    await("bob's busy phone refused the call").atMost(LIMIT).until(() -> bobPhone.refusedBusy() >= 1);
                    assertThat(dave.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                    assertThat(dave.next("offer", LIMIT).getString("interactionId")).isEqualTo(id);
                    dave.next("connected", LIMIT);
                    davePhone.awaitAnswered(1, LIMIT);
                    List<LogEvent> timeline = timelineWith(id, LogEventType.CONNECTED);
                    assertThat(timeline).extracting(e -> e.type() + "(" + e.agentId() + ")").as(timeline.toString())
                            .containsSubsequence("OFFERED(bob)", "OFFER_DECLINED(bob)", "OFFERED(dave)",
                                    "CONNECTED(dave)");
                }
            }
        }
    }

    @Test
    void killingAsteriskMidCallFailsTheCallWithAReasonAndHealthShowsTheAdapterDownThenUp(Vertx vertx) throws Exception {
        assertAsteriskLossEndsTheCall(vertx, AsteriskPbx::kill9, "no longer on Asterisk pbx1");
    }

    @Test
    void stoppingAsteriskMidCallFailsTheCallWithAReasonAndHealthShowsTheAdapterDownThenUp(Vertx vertx) throws Exception {
        assertAsteriskLossEndsTheCall(vertx, AsteriskPbx::stop, "Asterisk pbx1 shut down");
    }

    private void assertAsteriskLossEndsTheCall(Vertx vertx, java.util.function.Consumer<AsteriskPbx> loss, String reason)
            throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = pbx(agi).build().start()) {
            server = new ContactCenter(config(work.resolve("data"), pbx, agi), env(pbx));
            server.start();
            Path sipp = work.resolve("sipp");
            String id;
            int port = server.http().port();
            try (AgentPhone bobPhone = SippAgainstAsterisk.agent(pbx, sipp, "2002", "bob-phone")) {
                bobPhone.awaitRegistered(LIMIT);
                await().atMost(LIMIT).until(() -> server.asterisk().telephony().isReachable("bob"));
                ApiClient api = ApiClient.cookie(vertx, port, "bob", "bob-demo");
                try (ConsoleClient bob = ConsoleClient.connect(vertx, port, "/ws/agent", api.sessionHeaders());
                        Callers caller = SippAgainstAsterisk.call(pbx, sipp,
                                CallerOptions.oneCall("1004", Duration.ofSeconds(90)))) {
                    bob.next("hello");
                    assertThat(bob.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
                    id = bob.next("offer", LIMIT).getString("interactionId");
                    bob.next("connected", LIMIT);
                    bobPhone.awaitAnswered(1, LIMIT);

                    loss.accept(pbx);
                    await("health: the adapter down, the server degraded").atMost(LIMIT).until(() -> {
                        JsonObject h = health(port);
                        return "DEGRADED".equals(h.getString("status"))
                                && "DOWN".equals(h.getJsonObject("components").getJsonObject("asterisk").getString("status"));
                    });
                    JsonObject down = health(port).getJsonObject("components").getJsonObject("asterisk");
                    assertThat(down.getString("reason")).contains("pbx1");
                    assertThat(health(port).getJsonObject("components").getJsonObject("http").getString("status"))
                            .isEqualTo("UP");

                    pbx.restart();
                    await("health: the adapter up again").atMost(LIMIT).until(() ->
                            "UP".equals(health(port).getJsonObject("components").getJsonObject("asterisk")
                                    .getString("status")));
                    bob.next("wrapUpStarted", LIMIT);
                }
            }
            List<LogEvent> timeline = timelineWith(id, LogEventType.ENDED);
            LogEvent ended = timeline.stream().filter(e -> e.type() == LogEventType.ENDED).findFirst().orElseThrow();
            assertThat(String.valueOf(ended.details())).contains(reason);
            assertThat(timeline).extracting(LogEvent::type).containsSubsequence(LogEventType.CONNECTED, LogEventType.ENDED);
        }
    }

    @Test
    void wrongAmiCredentialsShowInHealthAndStrangersGetNoFastAgi(Vertx vertx) throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = pbx(agi).build().start()) {
            server = new ContactCenter(config(work.resolve("data"), pbx, agi), name -> "not-the-secret");
            server.start();
            int port = server.http().port();
            await().atMost(LIMIT).until(() -> {
                JsonObject a = health(port).getJsonObject("components").getJsonObject("asterisk");
                return "DOWN".equals(a.getString("status")) && a.getString("reason").contains("refused the login");
            });
            assertThat(health(port).getString("status")).isEqualTo("DEGRADED");
            // A FastAGI request that is not the dialplan's: refused, counted, the server carries on.
            try (var socket = new java.net.Socket("127.0.0.1", agi)) {
                socket.getOutputStream().write(("agi_network: yes\nagi_network_script: other\nagi_request: agi://x/other\n"
                        + "agi_channel: SIP/x-1\nagi_uniqueid: 1.1\n\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.setSoTimeout(10_000);
                await().atMost(LIMIT).until(() -> server.rejections().snapshot().toString().contains("agi-malformed"));
            }
            assertThat(health(port).getJsonObject("components").getJsonObject("http").getString("status")).isEqualTo("UP");
        }
    }

    @Test
    void beyondMaxAgiSessionsACallerWaitsInTheDialplanAndIsServedOnceASessionIsFree() throws Exception {
        int agi = AsteriskPbx.freeTcpPort();
        try (AsteriskPbx pbx = pbx(agi).build().start()) {
            ContactCenterConfig c = config(work.resolve("data"), pbx, agi);
            var a = c.asterisk();
            c = c.withAsterisk(new org.openucc.config.AsteriskConfig(true, a.servers(), a.agiHost(), a.agiPort(), 1,
                    a.device(), a.agents(), a.services(), a.recordingsDir(), a.soundsDir(), a.ringTimeout(),
                    a.recordCalls(), a.requireRegisteredPhone(), a.contexts(), a.reconnectMin(), a.reconnectMax(),
                    a.reattachWait(), a.outbound()));
            server = new ContactCenter(c, env(pbx));
            server.start();
            Path sipp = work.resolve("sipp");
            // The first caller stays in the main menu (no key) and holds the one FastAGI session.
            try (Callers first = SippAgainstAsterisk.call(pbx, sipp, CallerOptions.oneCall("1000", Duration.ofSeconds(8)))) {
                await("the first caller in FastAGI").atMost(LIMIT).until(() ->
                        server.asterisk().telephony().stats().get("agiSessions").equals(1));
                try (Callers second = SippAgainstAsterisk.call(pbx, sipp, CallerOptions.oneCall("1000",
                        Duration.ofSeconds(20)).from("4930999888"))) {
                    await("the second caller refused at the door").atMost(LIMIT).until(() -> server.rejections()
                            .snapshot().toString().contains("agi-sessions"));
                    await("the refused caller hears music on hold").atMost(LIMIT)
                            .until(() -> pbx.cli("core show channels concise").contains("MusicOnHold"));
                    // Once the first caller has hung up, the dialplan's retry brings the second one in.
                    assertThat(first.hangUpNow()).as("callers told to hang up").isEqualTo(1);
                    assertThat(first.await(LIMIT).allCompleted(1)).isTrue();
                    InteractionLog log = server.store().interactionLog();
                    await("the second caller's interaction: two calls came through FastAGI").atMost(LIMIT).until(() -> {
                        log.flush().join();
                        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
                        log.forEachSummary(java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(3600),
                                sum -> calls.incrementAndGet());
                        return calls.get();
                    }, n -> n >= 2);
                    assertThat(second.hungUpByAsterisk()).isZero();
                }
            }
        }
    }

    List<LogEvent> timelineWith(String interactionId, LogEventType type) {
        InteractionLog log = server.store().interactionLog();
        return await().atMost(LIMIT).until(() -> {
            log.flush().join();
            return log.timeline(interactionId);
        }, t -> t.stream().anyMatch(e -> e.type() == type));
    }

    static JsonObject health(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
    }

    static Map<String, Object> details(LogEvent e) {
        return e.details();
    }
}
