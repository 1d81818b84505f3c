package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.CallbackConfig;
import org.openucc.config.ChannelsConfig;
import org.openucc.crm.DemoCustomers;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.telephony.media.G711;

/**
 * Web callbacks over real SIP on loopback: the public request, the demo agent alice taking it on her
 * console, her registered test phone rung first, then the customer's test phone (reached through the
 * callback's dialUri), bridged and recorded like an inbound call; the console's call control (hold,
 * resume, blind transfer, hang-up) reaches the callback's legs as SIP, only from the agent who has it
 * and only once the customer answered; busy customers are retried and finally given up, all in the log.
 */
@ExtendWith(VertxExtension.class)
class WebCallbackSipTest {
    @TempDir
    Path dataDir;

    @Test
    void aCallbackRequestRingsTheAgentThenTheCustomerAndConnectsThem(Vertx vertx) throws Exception {
        try (TestPhone customer = new TestPhone("customer", "127.0.0.1", 9);
             TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                     c.channels().email(), callbacks(customer.port, 3, Duration.ofSeconds(1)))));
             TestPhone alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port())) {
            assertThat(alicePhone.register("alice-phone", 3600).getStatusCode()).isEqualTo(200);
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));

                HttpResponse<Buffer> asked = ApiClient.anonymous(vertx, server.port()).post("/api/callbacks",
                        new JsonObject().put("name", "Hannah Vogel").put("phone", DemoCustomers.VIP.phone())
                                .put("queueId", "general").put("note", "about my refund"));
                assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
                assertThat(asked.bodyAsJsonObject().getString("state")).isEqualTo("QUEUED");
                String id = asked.bodyAsJsonObject().getString("interactionId");

                JsonObject offer = console.next("offer");
                assertThat(offer.getString("interactionId")).isEqualTo(id);
                JsonObject pop = offer.getJsonObject("screenPop");
                assertThat(pop.getString("channel")).isEqualTo("CALLBACK");
                assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.VIP.customerId());
                assertThat(pop.getJsonObject("context").getString("callback.note")).isEqualTo("about my refund");
                console.command(new JsonObject().put("type", "accept").put("interactionId", id));

                TestPhone.Call atAgent = alicePhone.firstIncoming.get(10, TimeUnit.SECONDS);
                TestPhone.Call atCustomer = customer.firstIncoming.get(10, TimeUnit.SECONDS);
                ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
                await().atMost(Duration.ofSeconds(10)).until(() -> attempts(supervisor, id).contains("ANSWERED"));

                // Two-way audio through the server's bridge.
                atCustomer.rtp.startTone(440);
                atAgent.rtp.startTone(1200);
                await().atMost(Duration.ofSeconds(10)).until(() -> atAgent.rtp.audio().size() >= 25
                        && atCustomer.rtp.audio().size() >= 25);

                // The customer hangs up: the agent's leg ends too and the agent goes to wrap-up.
                atCustomer.bye().get(5, TimeUnit.SECONDS);
                atAgent.bye.get(10, TimeUnit.SECONDS);
                console.next("wrapUpStarted");

                HttpResponse<Buffer> history = alice.get("/api/customers/" + DemoCustomers.VIP.customerId() + "/history");
                assertThat(history.bodyAsString()).contains(id);
            }
        }
    }

    @Test
    void aBusyCustomerIsTriedAgainAndGivenUpAfterTheLastAttempt(Vertx vertx) throws Exception {
        try (TestPhone customer = new TestPhone("customer", "127.0.0.1", 9);
             TestServer server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                     c.channels().email(), callbacks(customer.port, 2, Duration.ofMillis(300)))));
             TestPhone alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port())) {
            customer.mode = TestPhone.Mode.BUSY;
            alicePhone.register("alice-phone", 3600);
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            ApiClient supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));
                HttpResponse<Buffer> asked = ApiClient.anonymous(vertx, server.port()).post("/api/callbacks",
                        new JsonObject().put("name", "Busy Bee").put("phone", "+4940555000").put("queueId", "general"));
                assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);

                String first = takeAndWrapUp(console);
                await().atMost(Duration.ofSeconds(10)).until(() -> attempts(supervisor, first).contains("BUSY"));
                String second = takeAndWrapUp(console);
                assertThat(second).isNotEqualTo(first);
                await().atMost(Duration.ofSeconds(10)).until(() -> attempts(supervisor, second).contains("BUSY"));
                JsonObject last = supervisor.get("/api/interactions/" + second).bodyAsJsonObject().getJsonArray("timeline")
                        .stream().map(e -> (JsonObject) e).filter(e -> "CALLBACK_ATTEMPT".equals(e.getString("type")))
                        .findFirst().orElseThrow();
                assertThat(last.getJsonObject("details").getInteger("attempt")).isEqualTo(2);
                assertThat(last.getJsonObject("details").getBoolean("final")).isTrue();
                assertThat(customer.incoming).hasSize(2);
            }
        }
    }

    @Test
    void aConnectedCallbackIsHeldResumedAndHungUpFromTheConsoleAndRecorded(Vertx vertx) throws Exception {
        try (Rig rig = Rig.start(vertx, dataDir, TestPhone.Mode.ANSWER, Duration.ofSeconds(5))) {
            rig.talking();

            // Hold: the customer's leg is re-INVITEd sendonly and hears the hold music, not the agent.
            int sdpsBefore = rig.atCustomer.remoteSdps.size();
            JsonObject held = rig.command(rig.alice, "hold");
            assertThat(held.getString("type")).as(held.encode()).isEqualTo("ack");
            await().atMost(WAIT).until(() -> rig.atCustomer.remoteSdps.size() > sdpsBefore);
            assertThat(last(rig.atCustomer.remoteSdps)).containsAnyOf("a=sendonly", "a=inactive");
            await("the customer hears 50 packets in a row without the agent's tone").atMost(WAIT).until(() -> {
                List<RtpProbe.Packet> window = lastPackets(rig.atCustomer, 50);
                return window != null && window.stream().noneMatch(p -> isTone(p, AGENT_TONE));
            });
            List<RtpProbe.Packet> music = lastPackets(rig.atCustomer, 50);
            assertThat(music.stream().mapToDouble(RtpProbe.Packet::level).max().orElse(0))
                    .as("the hold music's level").isGreaterThan(500);
            int musicFrom = rig.atCustomer.rtp.audio().size();
            await().atMost(WAIT).until(() -> rig.atCustomer.rtp.audio().size() >= musicFrom + 50);
            assertThat(rig.atCustomer.rtp.audio().subList(musicFrom, musicFrom + 50))
                    .as("what the customer hears while held").noneMatch(p -> isTone(p, AGENT_TONE));
            assertThat(rig.timelineWith(LogEventType.HELD)).filteredOn(e -> e.type() == LogEventType.HELD)
                    .singleElement().satisfies(e -> assertThat(e.agentId()).isEqualTo("alice"));

            JsonObject again = rig.command(rig.alice, "hold");
            assertThat(again.getString("type")).isEqualTo("error");
            assertThat(again.getInteger("status")).isEqualTo(409);
            assertThat(again.getString("message")).contains("already on hold");

            // Resume: sendrecv again and the two talk again, both ways.
            int sdpsHeld = rig.atCustomer.remoteSdps.size();
            JsonObject resumed = rig.command(rig.alice, "resume");
            assertThat(resumed.getString("type")).as(resumed.encode()).isEqualTo("ack");
            await().atMost(WAIT).until(() -> rig.atCustomer.remoteSdps.size() > sdpsHeld);
            assertThat(last(rig.atCustomer.remoteSdps)).contains("a=sendrecv");
            int atCustomer = rig.atCustomer.rtp.audio().size();
            await().atMost(WAIT).until(() -> tonePackets(rig.atCustomer, atCustomer, AGENT_TONE) >= 25);
            int atAgent = rig.atAgent.rtp.audio().size();
            await().atMost(WAIT).until(() -> rig.atAgent.rtp.audio().size() >= atAgent + 25);
            assertThat(rig.timelineWith(LogEventType.RESUMED)).extracting(LogEvent::type)
                    .containsSubsequence(LogEventType.CONNECTED, LogEventType.HELD, LogEventType.RESUMED);

            // Hang-up from the console: both phones get a BYE, the agent wraps up, the call is on file.
            JsonObject hungUp = rig.command(rig.alice, "hangup");
            assertThat(hungUp.getString("type")).as(hungUp.encode()).isEqualTo("ack");
            rig.atCustomer.bye.get(5, TimeUnit.SECONDS);
            rig.atAgent.bye.get(5, TimeUnit.SECONDS);
            rig.wrapUpStarted();
            List<LogEvent> timeline = rig.timelineWith(LogEventType.RECORDING_AVAILABLE, LogEventType.ENDED);
            assertThat(timeline).filteredOn(e -> e.type() == LogEventType.ENDED).first()
                    .satisfies(e -> assertThat(e.details()).containsEntry("reason", "hung up by agent alice"));
            LogEvent recording = timeline.stream().filter(e -> e.type() == LogEventType.RECORDING_AVAILABLE)
                    .findFirst().orElseThrow();
            Path wav = Path.of(String.valueOf(recording.details().get("path")));
            assertThat(wav).exists().startsWith(dataDir);
            assertThat(Files.size(wav)).as("recording size").isGreaterThan(44 + 2 * 2 * 8000L); // > 1 s of stereo
            assertThat(((Number) recording.details().get("durationMillis")).longValue()).isGreaterThan(1000);
            double[] levels = Audio.channelLevels(wav);
            assertThat(levels).as("stereo: customer left, agent right").hasSize(2);
            assertThat(levels[0]).as("customer's audio (left)").isGreaterThan(500);
            assertThat(levels[1]).as("agent's audio (right)").isGreaterThan(500);
            var cdr = rig.server.contactCenter().store().interactionLog().summary(rig.id).orElseThrow();
            assertThat(cdr.holdMillis()).as("the CDR counts the time on hold").isPositive();
            assertThat(attempts(rig.supervisor, rig.id)).containsExactly("ANSWERED");
        }
    }

    @Test
    void aConnectedCallbackIsBlindTransferredFromTheConsoleToANumber(Vertx vertx) throws Exception {
        try (Rig rig = Rig.start(vertx, dataDir, TestPhone.Mode.ANSWER, Duration.ofSeconds(5))) {
            rig.talking();
            JsonObject ok = rig.alice.command(new JsonObject().put("type", "transfer").put("interactionId", rig.id)
                    .put("destination", "1002"));
            assertThat(ok.getString("type")).as(ok.encode()).isEqualTo("ack");
            assertThat(rig.atCustomer.referTo.get(5, TimeUnit.SECONDS)).contains("sip:1002@127.0.0.1");
            rig.atCustomer.bye.get(5, TimeUnit.SECONDS);
            rig.atAgent.bye.get(5, TimeUnit.SECONDS);
            rig.wrapUpStarted();
            List<LogEvent> timeline = rig.timelineWith(LogEventType.TRANSFERRED, LogEventType.ENDED);
            assertThat(timeline).filteredOn(e -> e.type() == LogEventType.TRANSFERRED).singleElement()
                    .satisfies(e -> {
                        assertThat(e.details()).containsEntry("destination", "1002");
                        assertThat(e.agentId()).isEqualTo("alice");
                    });
            assertThat(timeline).extracting(LogEvent::type).containsSubsequence(LogEventType.CONNECTED,
                    LogEventType.TRANSFERRED, LogEventType.ENDED);
        }
    }

    @Test
    void anotherAgentCannotControlTheCallbackAndItsAgentIsUntouched(Vertx vertx) throws Exception {
        try (Rig rig = Rig.start(vertx, dataDir, TestPhone.Mode.ANSWER, Duration.ofSeconds(5))) {
            rig.talking();
            ApiClient bobApi = ApiClient.bearer(vertx, rig.server.port(), "bob", "bob-demo");
            ConsoleClient bob = rig.console(bobApi);
            bob.next("hello");
            int sdps = rig.atCustomer.remoteSdps.size();
            for (JsonObject c : List.of(new JsonObject().put("type", "hold"), new JsonObject().put("type", "hangup"),
                    new JsonObject().put("type", "transfer").put("destination", "1002"))) {
                JsonObject refused = bob.command(c.put("interactionId", rig.id));
                assertThat(refused.getString("type")).as(refused.encode()).isEqualTo("error");
                // Another agent's interaction is not theirs to touch: forbidden, like the ACD's own commands
                // (see AgentStreamTest), with a message.
                assertThat(refused.getInteger("status")).as(refused.encode()).isEqualTo(403);
                assertThat(refused.getString("message")).contains(rig.id);
            }
            assertThat(rig.atCustomer.remoteSdps).hasSize(sdps);
            assertThat(rig.atCustomer.referTo).isNotDone();
            assertThat(rig.atCustomer.bye).isNotDone();
            assertThat(rig.atAgent.bye).isNotDone();
            int atCustomer = rig.atCustomer.rtp.audio().size();
            await().atMost(WAIT).until(() -> tonePackets(rig.atCustomer, atCustomer, AGENT_TONE) >= 25); // still talking
            assertThat(rig.command(rig.alice, "hangup").getString("type")).isEqualTo("ack");
            rig.atCustomer.bye.get(5, TimeUnit.SECONDS);
            rig.wrapUpStarted();
        }
    }

    @Test
    void callCommandsWaitForTheCustomerToAnswerAndACustomerWhoHangsUpOnHoldEndsTheCallback(Vertx vertx)
            throws Exception {
        try (Rig rig = Rig.start(vertx, dataDir, TestPhone.Mode.RING, Duration.ofSeconds(30))) {
            rig.atAgent = rig.alicePhone.firstIncoming.get(10, TimeUnit.SECONDS);
            rig.atCustomer = rig.customer.firstIncoming.get(10, TimeUnit.SECONDS); // rings, not answered
            for (JsonObject c : List.of(new JsonObject().put("type", "hold"),
                    new JsonObject().put("type", "transfer").put("destination", "1002"))) {
                JsonObject refused = rig.alice.command(c.put("interactionId", rig.id));
                assertThat(refused.getString("type")).as(refused.encode()).isEqualTo("error");
                assertThat(refused.getInteger("status")).as(refused.encode()).isEqualTo(409);
                assertThat(refused.getString("message")).contains(rig.id).contains("no connected call");
            }
            assertThat(rig.atCustomer.remoteSdps).as("only the INVITE's offer").hasSize(1);
            assertThat(rig.atCustomer.referTo).isNotDone();
            assertThat(rig.atCustomer.cancelled).isNotDone();
            assertThat(rig.atAgent.bye).isNotDone();

            rig.atCustomer.answer();
            await().atMost(WAIT).until(() -> attempts(rig.supervisor, rig.id).contains("ANSWERED"));
            JsonObject held = rig.command(rig.alice, "hold");
            assertThat(held.getString("type")).as(held.encode()).isEqualTo("ack");
            await().atMost(WAIT).until(() -> rig.atCustomer.remoteSdps.size() > 1);
            assertThat(last(rig.atCustomer.remoteSdps)).containsAnyOf("a=sendonly", "a=inactive");

            // The customer hangs up while on hold: the agent's phone is hung up and the agent wraps up.
            assertThat(rig.atCustomer.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
            rig.atAgent.bye.get(10, TimeUnit.SECONDS);
            rig.wrapUpStarted();
            assertThat(rig.timelineWith(LogEventType.ENDED)).extracting(LogEvent::type)
                    .containsSubsequence(LogEventType.HELD, LogEventType.ENDED);
            JsonObject late = rig.command(rig.alice, "resume");
            assertThat(late.getString("type")).isEqualTo("error");
            assertThat(late.getInteger("status")).as(late.encode()).isEqualTo(409);
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    static final double CUSTOMER_TONE = 440;
    /** 1200 Hz: exactly 24 cycles in a 160-sample packet, so a packet of it is easy to tell from music. */
    static final double AGENT_TONE = 1200;

    /**
     * One callback on the demo server: alice ready on her console with her phone registered, a web
     * callback request for the VIP customer whose test phone is reached through the callback dialUri,
     * accepted by alice; bob's console, if a test opens it, is closed with the rest.
     */
    static final class Rig implements AutoCloseable {
        final TestPhone customer;
        final TestServer server;
        final TestPhone alicePhone;
        final ConsoleClient alice;
        final ApiClient supervisor;
        final String id;
        private final Vertx vertx;
        private final List<ConsoleClient> consoles = new ArrayList<>();
        TestPhone.Call atAgent;
        TestPhone.Call atCustomer;

        private Rig(Vertx vertx, TestPhone customer, TestServer server, TestPhone alicePhone) throws Exception {
            this.vertx = vertx;
            this.customer = customer;
            this.server = server;
            this.alicePhone = alicePhone;
            assertThat(alicePhone.register("alice-phone", 3600).getStatusCode()).isEqualTo(200);
            ApiClient aliceApi = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            supervisor = ApiClient.bearer(vertx, server.port(), "supervisor", "supervisor-demo");
            alice = console(aliceApi);
            alice.next("hello");
            assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
            HttpResponse<Buffer> asked = ApiClient.anonymous(vertx, server.port()).post("/api/callbacks",
                    new JsonObject().put("name", "Hannah Vogel").put("phone", DemoCustomers.VIP.phone())
                            .put("queueId", "general"));
            assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
            id = asked.bodyAsJsonObject().getString("interactionId");
            assertThat(alice.next("offer").getString("interactionId")).isEqualTo(id);
            JsonObject accepted = alice.command(new JsonObject().put("type", "accept").put("interactionId", id));
            assertThat(accepted.getString("type")).as(accepted.encode()).isEqualTo("ack");
        }

        static Rig start(Vertx vertx, Path dataDir, TestPhone.Mode customerMode, Duration ringTimeout)
                throws Exception {
            TestPhone customer = new TestPhone("customer", "127.0.0.1", 9);
            customer.mode = customerMode;
            TestServer server = null;
            TestPhone alicePhone = null;
            try {
                server = TestServer.start(dataDir, c -> c.withChannels(new ChannelsConfig(c.channels().chat(),
                        c.channels().email(), callbacks(customer.port, 1, Duration.ofSeconds(1), ringTimeout))));
                alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port());
                return new Rig(vertx, customer, server, alicePhone);
            } catch (Exception | AssertionError e) {
                if (alicePhone != null) {
                    alicePhone.close();
                }
                if (server != null) {
                    server.close();
                }
                customer.close();
                throw e;
            }
        }

        ConsoleClient console(ApiClient user) {
            ConsoleClient c = ConsoleClient.connect(vertx, server.port(), "/ws/agent", user.sessionHeaders());
            consoles.add(c);
            return c;
        }

        /** Both phones answered and bridged: each hears the other's tone through the server. */
        void talking() throws Exception {
            atAgent = alicePhone.firstIncoming.get(10, TimeUnit.SECONDS);
            atCustomer = customer.firstIncoming.get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> attempts(supervisor, id).contains("ANSWERED"));
            atCustomer.rtp.startTone(CUSTOMER_TONE);
            atAgent.rtp.startTone(AGENT_TONE);
            await().atMost(WAIT).until(() -> tonePackets(atCustomer, 0, AGENT_TONE) >= 25
                    && atAgent.rtp.audio().size() >= 25);
        }

        JsonObject command(ConsoleClient console, String type) {
            return console.command(new JsonObject().put("type", type).put("interactionId", id));
        }

        void wrapUpStarted() {
            alice.next(m -> "wrapUpStarted".equals(m.getString("type")) && id.equals(m.getString("interactionId")),
                    "wrap-up of " + id);
        }

        /** The interaction's timeline once it holds an event of each type. */
        List<LogEvent> timelineWith(LogEventType... types) {
            InteractionLog log = server.contactCenter().store().interactionLog();
            return await().atMost(WAIT).until(() -> {
                log.flush().join();
                return log.timeline(id);
            }, t -> Arrays.stream(types).allMatch(type -> t.stream().anyMatch(e -> e.type() == type)));
        }

        @Override
        public void close() {
            consoles.forEach(ConsoleClient::close);
            alicePhone.close();
            server.close();
            customer.close();
        }
    }

    /** The last {@code n} audio packets a phone received, or null while it has fewer. */
    private static List<RtpProbe.Packet> lastPackets(TestPhone.Call call, int n) {
        List<RtpProbe.Packet> audio = call.rtp.audio();
        return audio.size() < n ? null : audio.subList(audio.size() - n, audio.size());
    }

    /** How many audio packets from index {@code from} on are the pure tone. */
    private static long tonePackets(TestPhone.Call call, int from, double hz) {
        List<RtpProbe.Packet> audio = call.rtp.audio();
        return audio.subList(Math.min(from, audio.size()), audio.size()).stream().filter(p -> isTone(p, hz)).count();
    }

    /** Whether most of the packet's energy is at {@code hz} (Goertzel; a pure sine in one packet gives 1). */
    static boolean isTone(RtpProbe.Packet p, double hz) {
        int n = p.payload().length;
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000.0);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (byte b : p.payload()) {
            double x = p.payloadType() == 8 ? G711.alawToLinear(b) : G711.ulawToLinear(b);
            energy += x * x;
            double s = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return energy > 0 && 2 * power / (n * energy) > 0.5;
    }

    private static String last(List<String> list) {
        return list.get(list.size() - 1);
    }

    private static String takeAndWrapUp(ConsoleClient console) {
        String id = console.next("offer").getString("interactionId");
        console.command(new JsonObject().put("type", "accept").put("interactionId", id));
        console.next(m -> "wrapUpStarted".equals(m.getString("type")) && id.equals(m.getString("interactionId")),
                "wrap-up of " + id);
        JsonObject done = console.command(new JsonObject().put("type", "wrapUp").put("interactionId", id)
                .put("disposition", "callback-scheduled"));
        assertThat(done.getString("type")).as(done.encode()).isEqualTo("ack");
        return id;
    }

    private static List<String> attempts(ApiClient supervisor, String interactionId) {
        return supervisor.get("/api/interactions/" + interactionId).bodyAsJsonObject().getJsonArray("timeline").stream()
                .map(e -> (JsonObject) e).filter(e -> "CALLBACK_ATTEMPT".equals(e.getString("type")))
                .map(e -> e.getJsonObject("details").getString("result")).toList();
    }

    private static CallbackConfig callbacks(int customerPort, int maxAttempts, Duration retryDelay) {
        return callbacks(customerPort, maxAttempts, retryDelay, Duration.ofSeconds(5));
    }

    private static CallbackConfig callbacks(int customerPort, int maxAttempts, Duration retryDelay,
                                            Duration ringTimeout) {
        return new CallbackConfig(true, List.of("general", "sales"), maxAttempts, retryDelay, ringTimeout, 5,
                null, "sip:{number}@127.0.0.1:" + customerPort, "1000", null);
    }
}
