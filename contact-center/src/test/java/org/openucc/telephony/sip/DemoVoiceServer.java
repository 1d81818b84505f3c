package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.openucc.ContactCenter;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.TimeRange;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;

/**
 * The whole server with the demo configuration (store, ACD, IVR, SIP, API) for voice tests, every
 * calendar open around the clock so the main menu's hours check does not depend on when the test
 * runs; in-process SIP phones for callers and agents, agent consoles over real WebSockets.
 */
final class DemoVoiceServer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    final TestServer server;
    private final List<TestPhone> phones = new ArrayList<>();
    private final List<ConsoleClient> consoles = new ArrayList<>();

    DemoVoiceServer(Path dataDir) throws Exception {
        this(dataDir, java.util.function.UnaryOperator.identity());
    }

    /** @param change a further change to the always-open demo configuration */
    DemoVoiceServer(Path dataDir, java.util.function.UnaryOperator<ContactCenterConfig> change) throws Exception {
        server = TestServer.start(dataDir, c -> change.apply(alwaysOpen(c)));
    }

    ContactCenter contactCenter() {
        return server.contactCenter();
    }

    /** The demo with every calendar open around the clock. */
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

    /** An agent whose phone registered with digest auth (the demo's SIP account) and who went ready on the console. */
    record Agent(TestPhone phone, ConsoleClient console) {
    }

    Agent readyAgent(Vertx vertx, String agent, String sipUser) throws Exception {
        TestPhone p = phone(sipUser);
        assertThat(p.register(agent + "-phone", 3600).getStatusCode()).isEqualTo(200);
        ApiClient api = ApiClient.cookie(vertx, server.port(), agent, agent + "-demo");
        ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", api.sessionHeaders());
        consoles.add(console);
        console.next("hello");
        assertThat(console.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");
        return new Agent(p, console);
    }

    TestPhone phone(String user) throws Exception {
        TestPhone p = new TestPhone(user, "127.0.0.1", contactCenter().sip().port());
        phones.add(p);
        return p;
    }

    /** The first logged event of a type that matches. */
    LogEvent awaitEvent(LogEventType type, Predicate<LogEvent> wanted) {
        InteractionLog log = contactCenter().store().interactionLog();
        return await().atMost(WAIT).pollDelay(Duration.ZERO).until(() -> {
            log.flush().join();
            return log.events(LogQuery.all().types(EnumSet.of(type))).events().stream().filter(wanted).findFirst()
                    .orElse(null);
        }, Objects::nonNull);
    }

    /** The newest logged event of a type that matches (among the last thousand of that type). */
    LogEvent awaitRecentEvent(LogEventType type, Predicate<LogEvent> wanted) {
        InteractionLog log = contactCenter().store().interactionLog();
        return await().atMost(WAIT).pollDelay(Duration.ZERO).until(() -> {
            log.flush().join();
            return log.events(LogQuery.all().types(EnumSet.of(type)).newestFirst().limit(1000)).events().stream()
                    .filter(wanted).findFirst().orElse(null);
        }, Objects::nonNull);
    }

    /** The first event of a type that matches in one interaction's timeline. */
    LogEvent awaitEventOf(String interactionId, LogEventType type, Predicate<LogEvent> wanted) {
        InteractionLog log = contactCenter().store().interactionLog();
        return await().atMost(WAIT).pollDelay(Duration.ZERO).until(() -> {
            log.flush().join();
            return log.events(LogQuery.forInteraction(interactionId).types(EnumSet.of(type))).events().stream()
                    .filter(wanted).findFirst().orElse(null);
        }, Objects::nonNull);
    }

    /** The interaction's timeline once it holds an event of {@code type}. */
    List<LogEvent> timelineWith(String interactionId, LogEventType type) {
        InteractionLog log = contactCenter().store().interactionLog();
        return await().atMost(WAIT).pollDelay(Duration.ZERO).until(() -> {
            log.flush().join();
            return log.timeline(interactionId);
        }, t -> t.stream().anyMatch(e -> e.type() == type));
    }

    @Override
    public void close() {
        consoles.forEach(ConsoleClient::close);
        phones.forEach(TestPhone::close);
        server.close();
    }
}
