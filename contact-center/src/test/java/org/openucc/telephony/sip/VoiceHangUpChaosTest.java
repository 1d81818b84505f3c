package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.QueueConfig;
import org.openucc.log.LogEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callers who hang up at random moments in every stage of a call must leave nothing behind. Over
 * real SIP against the whole demo server: 225 calls from in-process phones, each with its own caller
 * number, hang up during the CRM lookup, in the IVR, while queued (billing, where nobody is ready),
 * while an agent's phone rings, in the instant the agent answers (between the accept and the bridge;
 * from a direct number and from the IVR's queue node), while connected, while held by the agent from
 * the console, or the agent hangs up. Afterwards, over the REST API: every interaction
 * of the run ended with the outcome its timeline earns (ANSWERED once an agent was connected,
 * ABANDONED when the caller left a queue, SELF_SERVICE when the call never reached one), no agent is
 * BUSY or RESERVED, nothing waits in a queue, and /health counts no SIP call, no RTP session and no
 * voice call left. The seed is printed, so a failing run can be replayed with -Dchaos.seed=N. The
 * callers' address is a trusted source (a trunk's) of the SIP door.
 */
@ExtendWith(VertxExtension.class)
class VoiceHangUpChaosTest {
    private static final Logger log = LoggerFactory.getLogger(VoiceHangUpChaosTest.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CALLS_PER_STAGE = 25;
    private static final int CALLERS_AT_ONCE = 6;

    /** Where the caller hangs up (or what happens instead). */
    enum Stage { LOOKUP, IVR, QUEUED, AGENT_RINGING, AT_ANSWER, IVR_AT_ANSWER, CONNECTED, HELD, AGENT_HANGS_UP }

    /** The support queue's agents (service number 1004 goes straight to it) and their SIP users. */
    private static final Map<String, String> SUPPORT = Map.of("bob", "2002", "dave", "2004", "grace", "2007",
            "ivan", "2009", "judy", "2010");

    @TempDir
    Path dataDir;

    private final Map<String, DemoVoiceServer.Agent> agents = new ConcurrentHashMap<>();
    private final Map<String, Object> consoleLocks = new ConcurrentHashMap<>();

    @Test
    void callersWhoHangUpAtRandomMomentsInEveryStageLeaveNoInteractionAgentOrCallBehind(Vertx vertx) throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        log.info("chaos seed {} (replay with -Dchaos.seed={})", seed, seed);
        Random random = new Random(seed);
        Instant started = Instant.now().minusSeconds(1);
        try (DemoVoiceServer demo = new DemoVoiceServer(dataDir, VoiceHangUpChaosTest::noWrapUp)) {
            for (Map.Entry<String, String> a : SUPPORT.entrySet()) {
                DemoVoiceServer.Agent agent = demo.readyAgent(vertx, a.getKey(), a.getValue());
                agent.phone().mode = TestPhone.Mode.RING; // each scenario answers (or not) itself
                agents.put(a.getKey(), agent);
                consoleLocks.put(a.getKey(), new Object());
            }
            List<TestPhone> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS_AT_ONCE; i++) {
                callers.add(demo.phone("caller" + i));
            }

            List<Stage> plan = new ArrayList<>();
            for (Stage s : Stage.values()) {
                for (int i = 0; i < CALLS_PER_STAGE; i++) {
                    plan.add(s);
                }
            }
            Collections.shuffle(plan, random);
            Map<Stage, AtomicInteger> reached = new EnumMap<>(Stage.class);
            for (Stage s : Stage.values()) {
                reached.put(s, new AtomicInteger());
            }
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS_AT_ONCE);
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < CALLERS_AT_ONCE; t++) {
                TestPhone phone = callers.get(t);
                Random own = new Random(random.nextLong());
                runs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                        if (play(demo, phone, "4930" + (7000000 + i), plan.get(i), own, vertx)) {
                            reached.get(plan.get(i)).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
            log.info("stages reached as planned: {}", reached);

            ApiClient supervisor = ApiClient.bearer(vertx, demo.server.port(), "supervisor", "supervisor-demo");
            // Nothing left: no SIP leg, no RTP session, no voice call object, no queued interaction.
            await().atMost(WAIT).untilAsserted(() -> {
                JsonObject sip = supervisor.get("/health").bodyAsJsonObject().getJsonObject("components")
                        .getJsonObject("sip");
                JsonObject details = sip.containsKey("details") ? sip.getJsonObject("details") : sip;
                assertThat(details.getInteger("activeCalls")).as("SIP call legs left: %s", details).isZero();
                assertThat(details.getJsonObject("media").getLong("callSessions")).as("RTP sessions of calls left: %s",
                        details.getJsonObject("media")).isZero();
                assertThat(details.getInteger("voiceCalls")).as("voice calls left: %s", details).isZero();
            });
            await().atMost(WAIT).untilAsserted(() -> {
                for (Object o : supervisor.get("/api/agents").bodyAsJsonArray()) {
                    JsonObject a = (JsonObject) o;
                    assertThat(a.getString("state")).as("agent %s", a.encode()).isNotIn("BUSY", "RESERVED", "WRAP_UP");
                }
                for (Object o : supervisor.get("/api/queues").bodyAsJsonArray()) {
                    JsonObject q = (JsonObject) o;
                    assertThat(q.getJsonObject("live").getInteger("waiting")).as("queue %s", q.encode()).isZero();
                }
            });

            // Every interaction of the run ended, with the outcome its timeline earns.
            demo.contactCenter().store().interactionLog().flush().join();
            List<JsonObject> summaries = summariesSince(supervisor, started);
            assertThat(summaries).as("one interaction per call").hasSize(plan.size());
            Map<String, Integer> outcomes = new HashMap<>();
            for (JsonObject s : summaries) {
                String id = s.getString("interactionId");
                JsonObject detail = supervisor.get("/api/interactions/" + id).bodyAsJsonObject();
                JsonObject summary = detail.getJsonObject("summary");
                List<String> types = detail.getJsonArray("timeline").stream()
                        .map(e -> ((JsonObject) e).getString("type")).toList();
                String outcome = summary.getString("outcome");
                outcomes.merge(outcome, 1, Integer::sum);
                assertThat(summary.getString("endedAt")).as("%s never ended: %s", id, types).isNotNull();
                assertThat(detail.getValue("live")).as("%s is still live in the ACD: %s", id, types).isNull();
                if (types.contains("CONNECTED")) {
                    assertThat(outcome).as("%s was answered: %s", id, types).isEqualTo("ANSWERED");
                    assertThat(types).as("%s: %s", id, types).contains("ENDED", "OFFER_ACCEPTED");
                } else if (types.contains("QUEUED")) {
                    assertThat(outcome).as("%s left the queue: %s", id, types).isEqualTo("ABANDONED");
                } else {
                    assertThat(outcome).as("%s never reached a queue: %s", id, types).isEqualTo("SELF_SERVICE");
                    assertThat(types).as("%s: %s", id, types).contains("ENDED");
                }
            }
            log.info("outcomes: {}", outcomes);
            assertThat(outcomes).containsKeys("ANSWERED", "ABANDONED", "SELF_SERVICE");
            assertThat(reached.get(Stage.HELD).get()).as("calls held before the caller hung up").isPositive();
            assertThat(reached.get(Stage.QUEUED).get()).as("hang-ups while queued").isEqualTo(CALLS_PER_STAGE);
            assertThat(reached.get(Stage.AGENT_RINGING).get()).as("hang-ups while an agent's phone rang").isPositive();
        }
    }

    /**
     * One call that ends as {@code stage} says; true when it got to that stage (a call that an agent
     * answered before the caller could leave the queue, for example, ended another way).
     */
    private boolean play(DemoVoiceServer demo, TestPhone phone, String number, Stage stage, Random random,
                         Vertx vertx) throws Exception {
        String dialled = switch (stage) {
            case IVR, IVR_AT_ANSWER -> "1000"; // the main menu
            case QUEUED -> "1002"; // billing: nobody with the skill is logged in
            default -> "1004"; // support, straight into the queue
        };
        TestPhone.Call call = phone.call(dialled, number);
        int status = call.finalStatus.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(status).as("call %s", number).isEqualTo(200);
        switch (stage) {
            case LOOKUP -> {
                // The direct number answers at once (the greeting) while the CRM is asked.
                hangUp(call);
                return true;
            }
            case IVR -> {
                pause(random.nextInt(1500));
                hangUp(call);
                return true;
            }
            case QUEUED -> {
                String id = demo.awaitRecentEvent(LogEventType.INTERACTION_CREATED,
                        e -> number.equals(e.details().get("attr.callerNumber"))).interactionId();
                demo.awaitEventOf(id, LogEventType.QUEUED, e -> true);
                pause(random.nextInt(300));
                hangUp(call);
                return true;
            }
            case IVR_AT_ANSWER -> {
                String id = demo.awaitRecentEvent(LogEventType.INTERACTION_CREATED,
                        e -> number.equals(e.details().get("attr.callerNumber"))).interactionId();
                demo.awaitEventOf(id, LogEventType.IVR_STEP, e -> "main-menu".equals(e.details().get("node")));
                call.rtp.sendDtmf('1', call.dtmfPayloadType()); // sales: its queue node rings judy
            }
            default -> {
            }
        }
        Ringing ring = await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> agentLeg(number), r -> r != null);
        switch (stage) {
            case AGENT_RINGING -> {
                pause(random.nextInt(200));
                hangUp(call);
                return true;
            }
            case AT_ANSWER, IVR_AT_ANSWER -> {
                // The agent answers and the caller hangs up in the same instant, in either order.
                CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> answer(ring.leg()));
                pause(random.nextInt(4));
                hangUp(call);
                answer.join();
                hangUpIfUp(ring.leg());
                return true;
            }
            case CONNECTED, HELD, AGENT_HANGS_UP -> {
                ring.leg().answer();
                String id = interactionOf(ring.agent(), number);
                synchronized (consoleLocks.get(ring.agent())) {
                    ConsoleClient console = agents.get(ring.agent()).console();
                    console.next(m -> "connected".equals(m.getString("type")) && id.equals(m.getString("interactionId")),
                            "connected " + id);
                    if (stage == Stage.HELD) {
                        JsonObject held = console.command(new JsonObject().put("type", "hold").put("interactionId", id));
                        assertThat(held.getString("type")).as(held.encode()).isEqualTo("ack");
                    }
                }
                pause(random.nextInt(300));
                if (stage == Stage.AGENT_HANGS_UP) {
                    ring.leg().bye().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    call.bye.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                } else {
                    hangUp(call);
                    ring.leg().bye.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                return true;
            }
            default -> throw new IllegalStateException(stage.name());
        }
    }

    record Ringing(String agent, TestPhone.Call leg) {
    }

    /** The agent phone that rings (or rang) for this caller. */
    private Ringing agentLeg(String callerNumber) {
        for (Map.Entry<String, DemoVoiceServer.Agent> a : agents.entrySet()) {
            for (TestPhone.Call c : a.getValue().phone().incoming) {
                if (c.invite != null && callerNumber.equals(c.fromUser()) && !c.cancelled.isDone()
                        && !c.bye.isDone()) {
                    return new Ringing(a.getKey(), c);
                }
            }
        }
        return null;
    }

    /** The interaction the agent's console was offered for this caller. */
    private String interactionOf(String agent, String callerNumber) {
        synchronized (consoleLocks.get(agent)) {
            JsonObject offer = agents.get(agent).console().next(m -> "offer".equals(m.getString("type"))
                    && callerNumber.equals(context(m).getString("callerNumber")), "offer for " + callerNumber);
            return offer.getString("interactionId");
        }
    }

    private static JsonObject context(JsonObject offer) {
        JsonObject pop = offer.getJsonObject("screenPop");
        JsonObject ctx = pop == null ? null : pop.getJsonObject("context");
        return ctx == null ? new JsonObject() : ctx;
    }

    private static void answer(TestPhone.Call leg) {
        try {
            leg.answer();
        } catch (Exception e) {
            // The caller's hang-up got there first and the server cancelled the leg: that is the race under test.
            log.debug("answer lost the race: {}", e.toString());
        }
    }

    private static void hangUp(TestPhone.Call call) throws Exception {
        if (!call.bye.isDone()) {
            call.bye().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** An agent leg that the server did not end (it answered after the caller left and was refused) is hung up. */
    private static void hangUpIfUp(TestPhone.Call leg) {
        await().atMost(WAIT).pollDelay(Duration.ZERO).until(() -> leg.bye.isDone() || leg.cancelled.isDone() || leg.dialog == null
                || leg.dialog.getState() == null || "Terminated".equals(leg.dialog.getState().toString()));
    }

    private static void pause(int millis) throws InterruptedException {
        // A random moment in the call is what this test is about: the wait is the scenario, not a sync.
        if (millis > 0) {
            new CompletableFuture<Void>().completeOnTimeout(null, millis, TimeUnit.MILLISECONDS).join();
        }
    }

    private static List<JsonObject> summariesSince(ApiClient supervisor, Instant from) {
        List<JsonObject> all = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            JsonObject page = supervisor.get("/api/interactions?from=" + from + "&offset=" + offset + "&limit=100")
                    .bodyAsJsonObject();
            JsonArray items = page.getJsonArray("items");
            items.forEach(o -> all.add((JsonObject) o));
            if (items.size() < 100) {
                return all;
            }
        }
    }

    /** The demo with no wrap-up time, so agents take the next call at once. */
    static ContactCenterConfig noWrapUp(ContactCenterConfig c) {
        List<QueueConfig> queues = c.queues().stream().map(q -> new QueueConfig(q.id(), q.name(), q.channels(),
                q.skills(), q.serviceLevel(), q.strategy(), q.strategyOptions(), q.priority(), q.overflow(),
                q.maxWait(), q.maxWaitAction(), q.maxWaitQueue(), q.maxWaiting(), Duration.ZERO, q.offerTimeout(),
                q.stickyWindow(), q.businessHours())).toList();
        // 225 customers' calls from one address in about a minute: what a SIP trunk sends, so it is
        // trusted like one (the per-source caps of the SIP door do not apply; SipDoorLimitsTest has them).
        org.openucc.config.SipLimits l = c.sip().limits();
        org.openucc.config.SipConfig sip = c.sip().withLimits(new org.openucc.config.SipLimits(List.of("127.0.0.1"),
                l.maxCallsPerSource(), l.maxInvitesPerSource(), l.inviteWindow(), l.maxWaitingPerQueue(),
                l.retryAfter(), l.maxRegisterFailuresPerUser(), l.maxRegisterFailuresPerSource(), l.registerLockout(),
                l.registerLockoutMax()));
        return new ContactCenterConfig(c.server(), c.routing(), c.skills(), queues, c.agents(), c.reasonCodes(),
                c.dispositions(), c.businessHours(), c.store(), sip, c.users(), c.api(), c.ivr());
    }
}
