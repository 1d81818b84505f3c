package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.TimeRange;
import org.openucc.crm.DemoCustomers;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * Issue 5's "done when" over real SIP and RTP, on the whole server with the demo configuration: a
 * caller dials the main number 1000, the IVR plays the main menu, the caller presses a key (RFC 4733
 * DTMF), waits in the queue the menu chose, the agent's registered phone rings and answers, and the
 * offer on the agent's WebSocket carries the customer the caller's number belongs to and the IVR path.
 * The demo calendars are replaced by one that is always open, so the test does not depend on the hour.
 */
@ExtendWith(VertxExtension.class)
class IvrCallEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    TestServer server;
    final List<TestPhone> phones = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        phones.forEach(TestPhone::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void callerPressesSalesInTheMainMenuAndTheSalesAgentsPhoneRingsWithTheCustomerAndTheIvrPathOnTheConsole(Vertx vertx)
            throws Exception {
        server = TestServer.start(dataDir, IvrCallEndToEndTest::alwaysOpen);
        ConsoleClient alice = readyAgentWithPhone(vertx, "alice", "2001", "alice-phone");
        TestPhone alicePhone = phones.get(phones.size() - 1);

        TestPhone caller = phone(DemoCustomers.A_TIER.phone());
        TestPhone.Call call = caller.call("1000");
        assertThat(call.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        String interactionId = awaitEvent(e -> e.type() == LogEventType.IVR_STEP
                && "main-menu".equals(e.details().get("node"))).interactionId();
        await().atMost(WAIT).until(() -> call.rtp.audio().size() > 10); // the caller hears the menu
        call.rtp.sendDtmf('1', call.dtmfPayloadType());

        TestPhone.Call agentLeg = alicePhone.firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject offer = alice.next("offer");
        assertThat(offer.getString("interactionId")).isEqualTo(interactionId);
        JsonObject pop = offer.getJsonObject("screenPop");
        assertThat(pop.getString("queueId")).isEqualTo("sales");
        assertThat(pop.getJsonObject("customer").getString("id")).isEqualTo(DemoCustomers.A_TIER.customerId());
        assertThat(pop.getJsonObject("contact").getString("id")).isEqualTo(DemoCustomers.A_TIER.contactId());
        assertThat(pop.getString("tier")).isEqualTo("A");
        JsonObject context = pop.getJsonObject("context");
        assertThat(context.getString("ivr.path")).contains("main:main-menu > main:sales").contains("hold:wait");
        assertThat(context.getString("ivr.digits")).isEqualTo("main:main-menu=1");
        assertThat(context.getString("ivr.reason")).isEqualTo("sales");
        assertThat(context.getString("phone")).isEqualTo(DemoCustomers.A_TIER.phone());
        assertThat(context.getString("dialedNumber")).isEqualTo("1000");
        alice.next("connected");

        // Both parties hear each other through the bridge.
        call.rtp.startTone(440);
        agentLeg.rtp.startTone(1200);
        await().atMost(WAIT).until(() -> agentLeg.rtp.audio().size() >= 25);
        assertThat(call.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        agentLeg.bye.get(5, TimeUnit.SECONDS);
        alice.next("wrapUpStarted");

        List<LogEvent> timeline = await().atMost(WAIT).until(() -> timeline(interactionId),
                t -> t.stream().anyMatch(e -> e.type() == LogEventType.ENDED));
        assertThat(timeline).extracting(LogEvent::type).containsSubsequence(LogEventType.INTERACTION_CREATED,
                LogEventType.IVR_ENTERED, LogEventType.IVR_STEP, LogEventType.IVR_INPUT, LogEventType.QUEUED,
                LogEventType.OFFERED, LogEventType.CONNECTED, LogEventType.ENDED);
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.INTERACTION_CREATED).singleElement()
                .satisfies(e -> {
                    assertThat(e.customerId()).isEqualTo(DemoCustomers.A_TIER.customerId());
                    assertThat(e.details()).containsEntry("channel", "VOICE").containsEntry("direction", "INBOUND")
                            .containsEntry("attr.phone", DemoCustomers.A_TIER.phone());
                });
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.IVR_INPUT).first()
                .satisfies(e -> assertThat(e.details()).containsEntry("digits", "1").containsEntry("node", "main-menu"));
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.CONNECTED).singleElement()
                .satisfies(e -> assertThat(e.agentId()).isEqualTo("alice"));
    }

    @Test
    void vipCallerIsRecognisedByNumberSkipsTheMenuAndReachesVipCareWithTheRecordOnTheScreen(Vertx vertx)
            throws Exception {
        server = TestServer.start(dataDir, IvrCallEndToEndTest::alwaysOpen);
        ConsoleClient erin = readyAgentWithPhone(vertx, "erin", "2005", "erin-phone");
        TestPhone erinPhone = phones.get(phones.size() - 1);

        TestPhone.Call call = phone(DemoCustomers.VIP.phone()).call("1000");
        assertThat(call.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);

        TestPhone.Call agentLeg = erinPhone.firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject pop = erin.next("offer").getJsonObject("screenPop");
        assertThat(pop.getString("queueId")).isEqualTo("vip");
        assertThat(pop.getJsonObject("customer").getString("name")).isEqualTo(DemoCustomers.VIP.name());
        assertThat(pop.getString("tier")).isEqualTo("VIP");
        assertThat(pop.getJsonArray("openCases").stream().map(c -> ((JsonObject) c).getString("subject")))
                .contains(DemoCustomers.VIP_OPEN_CASE_SUBJECT);
        assertThat(pop.getJsonObject("context").getString("ivr.path"))
                .contains("main:identify-caller > main:vip-check > main:vip").doesNotContain("main-menu");
        assertThat(pop.getJsonObject("context").getString("ivr.identifiedBy")).isEqualTo("caller-number");
        erin.next("connected");
        agentLeg.bye().get(5, TimeUnit.SECONDS); // the agent hangs up: the caller's leg ends too
        call.bye.get(5, TimeUnit.SECONDS);
        erin.next("wrapUpStarted");
    }

    /** The demo with every calendar open around the clock: the main menu's hours check always passes. */
    static ContactCenterConfig alwaysOpen(ContactCenterConfig c) {
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d, List.of(new TimeRange(LocalTime.MIN, LocalTime.MAX)));
        }
        List<BusinessHoursConfig> open = c.businessHours().stream()
                .map(b -> new BusinessHoursConfig(b.id(), b.timeZone(), week, Set.of())).toList();
        return new ContactCenterConfig(c.server(), c.routing(), c.skills(), c.queues(), c.agents(), c.reasonCodes(),
                c.dispositions(), open, c.store(), c.sip(), c.users(), c.api(), c.ivr());
    }

    /** The agent's phone registered with digest auth, the agent ready on the console; returns the console. */
    ConsoleClient readyAgentWithPhone(Vertx vertx, String agent, String sipUser, String sipPassword) throws Exception {
        TestPhone p = phone(sipUser);
        assertThat(p.register(sipPassword, 3600).getStatusCode()).isEqualTo(200);
        ApiClient api = ApiClient.cookie(vertx, server.port(), agent, agent + "-demo");
        ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", api.sessionHeaders());
        console.next("hello");
        assertThat(console.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
        return console;
    }

    TestPhone phone(String user) throws Exception {
        TestPhone p = new TestPhone(user, "127.0.0.1", server.contactCenter().sip().port());
        phones.add(p);
        return p;
    }

    LogEvent awaitEvent(java.util.function.Predicate<LogEvent> wanted) {
        InteractionLog log = server.contactCenter().store().interactionLog();
        return await().atMost(WAIT).until(() -> {
            log.flush().join();
            return log.events(org.openucc.log.LogQuery.all().types(java.util.EnumSet.of(LogEventType.IVR_STEP))).events().stream().filter(wanted).findFirst()
                    .orElse(null);
        }, java.util.Objects::nonNull);
    }

    List<LogEvent> timeline(String interactionId) {
        InteractionLog log = server.contactCenter().store().interactionLog();
        log.flush().join();
        return log.timeline(interactionId);
    }
}
