package org.openucc.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.ReportsConfig;
import org.openucc.config.StoreConfig;
import org.openucc.recovery.RecoveryReport;
import org.openucc.recovery.StatsRecovery;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.RoutingCommand;
import org.openucc.stats.AgentRow;
import org.openucc.stats.HourFigures;
import org.openucc.stats.LiveStats;
import org.openucc.stats.QueueFigures;
import org.openucc.stats.StatsSnapshot;
import org.openucc.store.StoreServices;

/**
 * The supervisor's wallboard over a day of mixed traffic through the real engine and log, restarted twice
 * on the way (new engine, new store on the same database, the start-up recovery): at every restart the
 * live figures equal those rebuilt from the log at the same instant; a restart at a quiet moment changes
 * nothing at all, one in the middle of work only what the recovery itself did; and at the end of the day
 * the wallboard's day equals the report's day, queue by queue, hour by hour and agent by agent.
 */
class WallboardAcrossRestartsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Clocks jump from 02:00 to 03:00 that night. */
    private static final LocalDate DAY = LocalDate.of(2026, 3, 29);
    private static final List<String> AGENT_IDS = TrafficDay.AGENTS.stream().map(AgentConfig::id).toList();

    @TempDir
    Path dir;

    /** Starts the evening before: each test moves it on from there. */
    private final TrafficDay.SimClock clock = new TrafficDay.SimClock(at(DAY.minusDays(1), 17, 59));
    private final ReportSettings settings = new ReportSettings(BERLIN, 5_000, ReportsConfig.SlAbandons.AFTER_THRESHOLD,
            Duration.ofDays(7).toMillis(), thresholds(), 20_000, 400);

    @Test
    void restartsChangeNothingOnTheWallboardAndItsDayIsTheReportsDay() throws Exception {
        StoreServices store = startStore();
        TrafficDay traffic = new TrafficDay(clock, store, 20261206L);
        LiveStats stats = startStats(store, traffic);
        try {
            traffic.plan(at(0, 30), at(21, 0), 320);

            // A restart at a quiet moment after noon: nothing rings, nobody has work, no call waits.
            traffic.runUntil(at(12, 0));
            StatsSnapshot before = null;
            for (int i = 0; i < 10_000 && traffic.step(); i++) {
                traffic.settle();
                StatsSnapshot s = stats.snapshot().get(10, TimeUnit.SECONDS);
                if (quiet(s)) {
                    before = s;
                    break;
                }
            }
            assertThat(before).as("a quiet moment in the afternoon").isNotNull();
            assertThat(before.queues()).as("a morning's work")
                    .anySatisfy(q -> assertThat(q.offeredToday()).isPositive());
            assertThat(rebuiltFromLog(store)).as("the live figures are the log's").isEqualTo(before);
            assertMatchesEngine(before, traffic);
            traffic.close();
            stats.close();
            store.close();

            store = startStore();
            stats = restart(store, traffic);
            assertThat(stats.snapshot().get(10, TimeUnit.SECONDS)).as("after a quiet restart").isEqualTo(before);

            // A restart in the middle of work: only what the recovery did (calls lost, wrap-ups closed, work
            // given back) changes.
            traffic.runUntil(at(16, 0));
            StatsSnapshot busy = null;
            for (int i = 0; i < 10_000 && traffic.step(); i++) {
                traffic.settle();
                StatsSnapshot s = stats.snapshot().get(10, TimeUnit.SECONDS);
                if (busy(s)) {
                    busy = s;
                    break;
                }
            }
            assertThat(busy).as("a busy moment in the afternoon").isNotNull();
            assertThat(rebuiltFromLog(store)).as("the live figures are the log's").isEqualTo(busy);
            assertMatchesEngine(busy, traffic);
            traffic.close();
            stats.close();
            store.close();

            store = startStore();
            LiveStats[] holder = new LiveStats[1];
            RecoveryReport recovered = restartWith(store, traffic, holder);
            stats = holder[0];
            System.out.println("restart in the middle of work: " + recovered.figures());
            assertThat(List.of(recovered.ended().size() + recovered.failed().size(),
                    recovered.wrapUpsClosed() + recovered.wrapUpsKept()))
                    .as("the restart had calls to end and wrap-ups to give back").allSatisfy(n -> assertThat(n).isPositive());
            StatsSnapshot after = stats.snapshot().get(10, TimeUnit.SECONDS);
            assertThat(rebuiltFromLog(store)).as("after the restart, the log's").isEqualTo(after);
            assertMatchesEngine(after, traffic);
            for (int i = 0; i < busy.queues().size(); i++) {
                QueueFigures b = busy.queues().get(i);
                QueueFigures a = after.queues().get(i);
                assertThat(List.of(a.offeredToday(), a.answeredToday(), a.abandonedToday(), a.averageSpeedOfAnswerMillis()))
                        .as(b.queueId()).isEqualTo(List.of(b.offeredToday(), b.answeredToday(), b.abandonedToday(),
                                b.averageSpeedOfAnswerMillis()));
                assertThat(a.serviceLevelPercent()).as(b.queueId()).isEqualTo(b.serviceLevelPercent());
                assertThat(a.hours()).as(b.queueId()).isEqualTo(b.hours());
            }
            assertThat(handled(after) - handled(busy)).as("the wrap-ups the restart closed count as handled, those"
                    + " given back not yet")
                    .isEqualTo(recovered.wrapUpsClosed());
            for (int i = 0; i < busy.agents().size(); i++) {
                AgentRow b = busy.agents().get(i);
                AgentRow a = after.agents().get(i);
                if (b.interactions().isEmpty() && b.offeredInteraction() == null && a.offeredInteraction() == null
                        && a.interactions().isEmpty()) {
                    assertThat(List.of(a.state(), String.valueOf(a.reason()), a.stateSince()))
                            .as("%s had no work: state, reason and since stay", b.agentId())
                            .isEqualTo(List.of(b.state(), String.valueOf(b.reason()), b.stateSince()));
                }
            }

            // The rest of the day; then the wallboard's day against the report's.
            traffic.closeOfBusiness(at(21, 0));
            traffic.settle();
            StatsSnapshot end = stats.snapshot().get(10, TimeUnit.SECONDS);
            assertThat(end.queues().get(0).at().atZone(BERLIN).toLocalDate()).isEqualTo(DAY);
            assertThat(rebuiltFromLog(store)).as("at the end of the day, the log's").isEqualTo(end);
            assertMatchesEngine(end, traffic);
            Reports reports = store.startReports(settings);
            awaitSums(store, reports);
            compareWithReport(end, reports, true);
        } finally {
            traffic.close();
            stats.close();
            store.close();
        }
    }

    /**
     * Traffic from the evening before into the night of the day (when clocks go forward), restarted soon
     * after midnight: agents logged in and work begun the day before come back as they were (state, since,
     * place and wait), and the day counts only what entered it, as the report does.
     */
    @Test
    void aRestartAfterMidnightKeepsWhatBeganTheDayBeforeAndTheDayIsTheReportsDay() throws Exception {
        LocalDate eve = DAY.minusDays(1);
        StoreServices store = startStore();
        TrafficDay traffic = new TrafficDay(clock, store, 4711L);
        LiveStats stats = startStats(store, traffic);
        try {
            traffic.plan(at(eve, 18, 0), at(DAY, 5, 0), 200);
            traffic.runUntil(at(DAY, 0, 0));
            Instant midnight = at(DAY, 0, 0);
            StatsSnapshot before = null;
            for (int i = 0; i < 10_000 && traffic.step(); i++) {
                traffic.settle();
                StatsSnapshot s = stats.snapshot().get(10, TimeUnit.SECONDS);
                if (s.agents().stream().anyMatch(a -> a.stateSince().isBefore(midnight))
                        || s.queues().stream().anyMatch(q -> q.oldestWaitingSince() != null
                        && q.oldestWaitingSince().isBefore(midnight))) {
                    before = s;
                    break;
                }
            }
            assertThat(before).as("an agent in a state, or work waiting, since the day before").isNotNull();
            System.out.println("restart after midnight at " + clock.instant() + ": " + before.agents());
            assertThat(rebuiltFromLog(store)).as("the live figures are the log's").isEqualTo(before);
            assertMatchesEngine(before, traffic);
            traffic.close();
            stats.close();
            store.close();

            store = startStore();
            stats = restart(store, traffic);
            StatsSnapshot after = stats.snapshot().get(10, TimeUnit.SECONDS);
            assertThat(rebuiltFromLog(store)).as("after the restart, the log's").isEqualTo(after);
            assertMatchesEngine(after, traffic);
            for (int i = 0; i < before.agents().size(); i++) {
                AgentRow b = before.agents().get(i);
                AgentRow a = after.agents().get(i);
                if (b.interactions().isEmpty() && b.offeredInteraction() == null) {
                    assertThat(List.of(a.state(), String.valueOf(a.reason()), a.stateSince()))
                            .as("%s had no work: state, reason and since stay", b.agentId())
                            .isEqualTo(List.of(b.state(), String.valueOf(b.reason()), b.stateSince()));
                }
            }
            for (int i = 0; i < before.queues().size(); i++) {
                QueueFigures b = before.queues().get(i);
                QueueFigures a = after.queues().get(i);
                assertThat(List.of(a.offeredToday(), a.answeredToday(), a.abandonedToday(), a.averageSpeedOfAnswerMillis()))
                        .as(b.queueId()).isEqualTo(List.of(b.offeredToday(), b.answeredToday(), b.abandonedToday(),
                                b.averageSpeedOfAnswerMillis()));
                assertThat(a.hours()).as(b.queueId()).isEqualTo(b.hours());
            }

            traffic.closeOfBusiness(at(DAY, 5, 0));
            traffic.settle();
            StatsSnapshot end = stats.snapshot().get(10, TimeUnit.SECONDS);
            assertThat(end.queues().get(0).at().atZone(BERLIN).toLocalDate()).isEqualTo(DAY);
            assertThat(rebuiltFromLog(store)).as("at the end of the night, the log's").isEqualTo(end);
            assertMatchesEngine(end, traffic);
            Reports reports = store.startReports(settings);
            awaitSums(store, reports);
            compareWithReport(end, reports, false);
        } finally {
            traffic.close();
            stats.close();
            store.close();
        }
    }

    private static boolean quiet(StatsSnapshot s) {
        return s.agents().stream().allMatch(a -> a.interactions().isEmpty() && a.offeredInteraction() == null
                && (a.state() == AgentState.READY || a.state() == AgentState.NOT_READY))
                && s.queues().stream().filter(q -> q.queueId().equals("support") || q.queueId().equals("sales"))
                .allMatch(q -> q.waiting() == 0);
    }

    /** Someone wrapping up, someone else with work in hand, a call waiting: the recovery has all to do. */
    private static boolean busy(StatsSnapshot s) {
        return s.agents().stream().anyMatch(a -> a.state() == AgentState.WRAP_UP)
                && s.agents().stream().anyMatch(a -> a.state() == AgentState.BUSY)
                && s.queues().stream().filter(q -> q.queueId().equals("support") || q.queueId().equals("sales"))
                .anyMatch(q -> q.waiting() > 0);
    }

    /** What waits and rings, and each agent's state, reason and work, as the engine has them. */
    private static void assertMatchesEngine(StatsSnapshot s, TrafficDay traffic) {
        Map<String, Integer> waiting = new TreeMap<>();
        traffic.routing().send(new RoutingCommand.ListQueues()).toCompletableFuture().join()
                .forEach(q -> waiting.put(q.id(), q.waiting() + q.offered()));
        Map<String, Integer> shown = new TreeMap<>();
        s.queues().forEach(q -> shown.put(q.queueId(), q.waiting()));
        assertThat(shown).as("waiting and ringing").isEqualTo(waiting);
        Map<String, List<Object>> agents = new TreeMap<>();
        for (AgentView a : traffic.routing().send(new RoutingCommand.ListAgents()).toCompletableFuture().join()) {
            agents.put(a.id(), List.of(a.state(), a.state() == AgentState.NOT_READY ? String.valueOf(a.reason()) : "",
                    new java.util.TreeSet<>(a.interactions()), String.valueOf(a.offeredInteraction())));
        }
        Map<String, List<Object>> rows = new TreeMap<>();
        for (AgentRow a : s.agents()) {
            rows.put(a.agentId(), List.of(a.state(), a.state() == AgentState.NOT_READY ? String.valueOf(a.reason()) : "",
                    new java.util.TreeSet<>(a.interactions()), String.valueOf(a.offeredInteraction())));
        }
        assertThat(rows).as("agents").isEqualTo(agents);
    }

    private static long handled(StatsSnapshot s) {
        return s.agents().stream().mapToLong(AgentRow::handledToday).sum();
    }

    /** Figure by figure: counts, service level, ASA, AHT, the hours of the chart, and each agent's handled. */
    private void compareWithReport(StatsSnapshot wallboard, Reports reports, boolean everyKind) {
        Map<String, ReportRow> days = byKey(reports.run(new ReportRequest(DAY, DAY, Interval.DAY, Dimension.QUEUE)).totals());
        Map<String, long[]> hours = new HashMap<>(); // queue/hour -> offered, answered in SL, SL base
        for (ReportRow r : reports.run(new ReportRequest(DAY, DAY, Interval.HOUR, Dimension.QUEUE)).rows()) {
            long[] h = hours.computeIfAbsent(r.key() + "/" + r.start().atZoneSameInstant(BERLIN).getHour(), k -> new long[3]);
            h[0] += r.get(Measure.OFFERED);
            h[1] += r.get(Measure.ANSWERED_IN_SL);
            h[2] += r.get(Measure.SL_BASE);
        }
        long answered = 0;
        long abandoned = 0;
        long shortAbandoned = 0;
        for (QueueFigures q : wallboard.queues()) {
            ReportRow r = days.get(q.queueId());
            assertThat(r).as(q.queueId()).isNotNull();
            assertThat(q.offeredToday()).as(q.queueId() + " offered").isEqualTo(r.get(Measure.OFFERED));
            assertThat(q.answeredToday()).as(q.queueId() + " answered").isEqualTo(r.get(Measure.ANSWERED));
            assertThat(q.abandonedToday()).as(q.queueId() + " abandoned").isEqualTo(r.get(Measure.ABANDONED));
            long base = r.get(Measure.SL_BASE);
            assertThat(q.serviceLevelPercent()).as(q.queueId() + " service level")
                    .isEqualTo(base == 0 ? 100.0 : Math.round(1000.0 * r.get(Measure.ANSWERED_IN_SL) / base) / 10.0);
            assertThat(q.averageSpeedOfAnswerMillis()).as(q.queueId() + " ASA").isEqualTo(
                    r.get(Measure.ANSWERED) == 0 ? 0 : r.get(Measure.ANSWER_WAIT_MS) / r.get(Measure.ANSWERED));
            long handleMillis = r.get(Measure.TALK_MS) + r.get(Measure.HOLD_MS) + r.get(Measure.WRAP_MS);
            assertThat(q.averageHandleMillis()).as(q.queueId() + " AHT").isEqualTo(
                    r.get(Measure.HANDLED) == 0 ? 0 : handleMillis / r.get(Measure.HANDLED));
            for (HourFigures h : q.hours()) {
                long[] expected = hours.getOrDefault(q.queueId() + "/" + h.hour(), new long[3]);
                assertThat(new long[] {h.offered(), h.answeredWithin(), h.finished()})
                        .as(q.queueId() + " hour " + h.hour()).isEqualTo(expected);
            }
            answered += q.answeredToday();
            abandoned += q.abandonedToday();
            shortAbandoned += r.get(Measure.SHORT_ABANDONED);
        }
        assertThat(answered).as("answers to compare").isPositive();
        if (everyKind) {
            assertThat(List.of(abandoned, shortAbandoned)).as("abandons and short ones to compare")
                    .allSatisfy(n -> assertThat(n).isPositive());
            assertThat(abandoned).as("not every abandon is short").isGreaterThan(shortAbandoned);
        }
        Map<String, ReportRow> agents = byKey(reports.run(new ReportRequest(DAY, DAY, Interval.DAY, Dimension.AGENT)).totals());
        for (AgentRow a : wallboard.agents()) {
            ReportRow r = agents.get(a.agentId());
            assertThat((long) a.handledToday()).as(a.agentId() + " handled").isEqualTo(r == null ? 0 : r.get(Measure.HANDLED));
            assertThat(a.state()).as(a.agentId() + " logged out at the end").isEqualTo(AgentState.LOGGED_OUT);
        }
        assertThat(handled(wallboard)).isPositive();
    }

    private static Map<String, ReportRow> byKey(List<ReportRow> rows) {
        Map<String, ReportRow> out = new TreeMap<>();
        rows.forEach(r -> out.put(r.key(), r));
        return out;
    }

    /** The wallboard as a fresh start would rebuild it from the log now (no recovery: the old engine still runs). */
    private StatsSnapshot rebuiltFromLog(StoreServices store) throws Exception {
        store.interactionLog().flush().get(30, TimeUnit.SECONDS);
        try (LiveStats fresh = newStats()) {
            fresh.holdUntilReplay();
            StatsRecovery.rebuild(fresh, store.interactionLog(), BERLIN, clock.instant(), AGENT_IDS).get(30, TimeUnit.SECONDS);
            return fresh.snapshot().get(10, TimeUnit.SECONDS);
        }
    }

    private LiveStats startStats(StoreServices store, TrafficDay traffic) throws Exception {
        LiveStats stats = newStats();
        stats.holdUntilReplay();
        traffic.routing().addListener(stats);
        StatsRecovery.rebuild(stats, store.interactionLog(), BERLIN, clock.instant(), AGENT_IDS).get(30, TimeUnit.SECONDS);
        return stats;
    }

    private LiveStats restart(StoreServices store, TrafficDay traffic) throws Exception {
        LiveStats[] holder = new LiveStats[1];
        restartWith(store, traffic, holder);
        return holder[0];
    }

    /** As the server starts: statistics holding live events, the engine, the recovery, then the rebuild. */
    private RecoveryReport restartWith(StoreServices store, TrafficDay traffic, LiveStats[] holder) throws Exception {
        LiveStats stats = newStats();
        stats.holdUntilReplay();
        holder[0] = stats;
        RecoveryReport report = traffic.restart(store, routing -> routing.addListener(stats));
        StatsRecovery.rebuild(stats, store.interactionLog(), BERLIN, clock.instant(), AGENT_IDS).get(30, TimeUnit.SECONDS);
        return report;
    }

    private LiveStats newStats() {
        return new LiveStats(TrafficDay.QUEUES, TrafficDay.AGENTS, clock, settings, Duration.ofMillis(20));
    }

    private StoreServices startStore() {
        return StoreServices.start(new StoreConfig(null, null, null, 4, "DE", false, 0, 10, 0, 0), dir, clock);
    }

    private static void awaitSums(StoreServices store, Reports reports) throws Exception {
        store.interactionLog().flush().get(30, TimeUnit.SECONDS);
        long last;
        try (var c = store.database().dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT MAX(id) FROM interaction_event")) {
            rs.next();
            last = rs.getLong(1);
        }
        reports.aggregator().awaitThrough(last).get(60, TimeUnit.SECONDS);
    }

    private static Map<String, Long> thresholds() {
        Map<String, Long> t = new TreeMap<>();
        for (QueueConfig q : TrafficDay.QUEUES) {
            t.put(q.id(), q.serviceLevel().threshold().toMillis());
        }
        return t;
    }

    private static Instant at(int hour, int minute) {
        return at(DAY, hour, minute);
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(BERLIN).toInstant();
    }
}
