package org.openucc.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.QueueConfig;
import org.openucc.config.ReportsConfig;
import org.openucc.config.StoreConfig;
import org.openucc.store.StoreServices;

/**
 * A day of mixed traffic through the real engine and log (on the day clocks go forward in Berlin), then
 * every report figure against a recomputation from the raw rows of the log; after a restart the sums are
 * the same, and with other settings they are rebuilt from the log to match.
 */
public class ReportsFromTrafficTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Clocks jump from 02:00 to 03:00 that night: the day has 23 hours. */
    private static final LocalDate DAY = LocalDate.of(2026, 3, 29);

    @TempDir
    Path dir;

    @Test
    void everyFigureOfADayOfTrafficMatchesTheRawLogAcrossARestartAndARebuild() throws Exception {
        dayOfTrafficMatchesTheRawLog(clock -> StoreServices.start(new StoreConfig(null, null, null, 4, "DE", false, 0,
                10, 0, 0), dir, clock));
    }

    /**
     * The whole check on a store that {@code startStore} starts (each time on the same database): H2 here,
     * PostgreSQL in {@code store.PostgresReportsTest}; {@code startStore} starts it on the given clock.
     */
    public static void dayOfTrafficMatchesTheRawLog(java.util.function.Function<java.time.InstantSource, StoreServices> startStore)
            throws Exception {
        Instant open = DAY.atTime(LocalTime.of(0, 30)).atZone(BERLIN).toInstant();
        Instant close = DAY.atTime(LocalTime.of(21, 0)).atZone(BERLIN).toInstant();
        TrafficDay.SimClock clock = new TrafficDay.SimClock(open.minusSeconds(60));
        ReportSettings settings = settings(Duration.ofSeconds(5));
        Map<String, Map<String, Map<Measure, Long>>> first;
        try (StoreServices store = startStore.apply(clock)) {
            Reports reports = store.startReports(settings);
            TrafficDay traffic = new TrafficDay(clock, store, 20261206L);
            try {
                traffic.run(open, close, 320);
            } finally {
                traffic.close();
            }
            System.out.println("simulated: " + traffic.counts());
            assertThat(traffic.counts()).containsKeys("abandoned", "transferred", "declined", "arrived VOICE",
                    "arrived CHAT", "arrived EMAIL", "arrived CALLBACK");
            awaitSums(store, reports);
            // One writer: the sums took its events as it committed them, and read the store only now and then.
            System.out.println("report sums: " + reports.aggregator().eventsHandedOver() + " events handed over, "
                    + reports.aggregator().readsFromStore() + " reads from the store");
            assertThat(reports.aggregator().eventsHandedOver()).as("events the sums took as the writer handed them over")
                    .isPositive();
            checkFinishedAreLetGo(store, reports);
            RawLogFigures raw = new RawLogFigures(store.database().dataSource(), BERLIN, 5_000,
                    Duration.ofDays(7).toMillis(), thresholds());
            first = checkAll(reports, raw, true);
            checkDerivedFigures(reports);
            checkDaylightSaving(reports);
        }
        // A restart: the sums carry on from where they were, unchanged.
        try (StoreServices store = startStore.apply(clock)) {
            Reports reports = store.startReports(settings);
            awaitSums(store, reports);
            assertThat(actualAll(reports)).isEqualTo(first);
        }
        // Other settings: rebuilt from the whole log, and right under the new ones.
        try (StoreServices store = startStore.apply(clock)) {
            Reports reports = store.startReports(settings(Duration.ZERO));
            awaitSums(store, reports);
            RawLogFigures raw = new RawLogFigures(store.database().dataSource(), BERLIN, 0,
                    Duration.ofDays(7).toMillis(), thresholds());
            Map<String, Map<String, Map<Measure, Long>>> rebuilt = checkAll(reports, raw, false);
            assertThat(rebuilt).isNotEqualTo(first); // no abandon is short now
        }
    }

    private static Map<String, Long> thresholds() {
        Map<String, Long> t = new TreeMap<>();
        for (QueueConfig q : TrafficDay.QUEUES) {
            t.put(q.id(), q.serviceLevel().threshold().toMillis());
        }
        return t;
    }

    private static ReportSettings settings(Duration shortAbandon) {
        return new ReportSettings(BERLIN, shortAbandon.toMillis(), ReportsConfig.SlAbandons.AFTER_THRESHOLD,
                Duration.ofDays(7).toMillis(), thresholds(), 20_000, 400);
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

    /**
     * The aggregator holds as going on only the interactions not finished, not every interaction its
     * 20,000-deep cache could hold: the others are let go (up to 1,000 of the last kept a while).
     */
    private static void checkFinishedAreLetGo(StoreServices store, Reports reports) throws Exception {
        long all;
        long open;
        try (var c = store.database().dataSource().getConnection(); var s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT COUNT(DISTINCT interaction_id) FROM interaction_event"
                    + " WHERE interaction_id IS NOT NULL")) {
                rs.next();
                all = rs.getLong(1);
            }
            try (var rs = s.executeQuery("SELECT COUNT(DISTINCT interaction_id) FROM interaction_event e"
                    + " WHERE interaction_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM interaction_event f"
                    + " WHERE f.interaction_id = e.interaction_id"
                    + " AND f.event_type IN ('WRAP_UP_ENDED', 'ABANDONED', 'REJECTED'))")) {
                rs.next();
                open = rs.getLong(1);
            }
        }
        System.out.println("interactions " + all + ", never finished " + open
                + ", held by the report sums as going on " + reports.aggregator().cachedInteractions());
        assertThat(all).as("most of the day's interactions are finished").isGreaterThan(2 * open);
        assertThat(reports.aggregator().cachedInteractions()).as("interactions the report sums hold as going on")
                .isLessThanOrEqualTo((int) open);
    }

    private record Check(Interval interval, Dimension dimension) {
    }

    private static final List<Check> CHECKS = List.of(new Check(Interval.HOUR, Dimension.QUEUE),
            new Check(Interval.MIN15, Dimension.QUEUE), new Check(Interval.DAY, Dimension.AGENT),
            new Check(Interval.MIN15, Dimension.AGENT), new Check(Interval.MIN30, Dimension.CHANNEL),
            new Check(Interval.DAY, Dimension.SKILL), new Check(Interval.DAY, Dimension.DISPOSITION),
            new Check(Interval.HOUR, Dimension.REASON), new Check(Interval.DAY, Dimension.AGENT_REASON),
            new Check(Interval.WEEK, Dimension.QUEUE),
            new Check(Interval.MONTH, Dimension.AGENT));

    private static Map<String, Map<String, Map<Measure, Long>>> checkAll(Reports reports, RawLogFigures raw,
                                                                         boolean everyMeasure) {
        Map<String, Map<String, Map<Measure, Long>>> all = actualAll(reports);
        for (Check c : CHECKS) {
            Map<String, Map<Measure, Long>> expected = raw.expected(c.dimension(), intervalOf(c.interval()));
            assertThat(all.get(c.toString())).as(c.toString()).isEqualTo(expected);
        }
        if (!everyMeasure) {
            return all;
        }
        // Every figure is exercised by the day.
        Map<Measure, Long> total = new EnumMap<>(Measure.class);
        for (Dimension d : List.of(Dimension.QUEUE, Dimension.AGENT)) {
            raw.expected(d, intervalOf(Interval.DAY)).values().forEach(m -> m.forEach((k, v) -> total.merge(k, v, Long::sum)));
        }
        assertThat(total.keySet()).as("measures the day exercised").containsExactlyInAnyOrder(Measure.values());
        return all;
    }

    private static Map<String, Map<String, Map<Measure, Long>>> actualAll(Reports reports) {
        Map<String, Map<String, Map<Measure, Long>>> all = new TreeMap<>();
        for (Check c : CHECKS) {
            ReportTable t = reports.run(new ReportRequest(DAY, DAY, c.interval(), c.dimension()));
            Map<String, Map<Measure, Long>> rows = new TreeMap<>();
            for (ReportRow r : t.rows()) {
                Map<Measure, Long> m = new EnumMap<>(Measure.class);
                for (Measure x : Measure.values()) {
                    if (r.get(x) != 0) {
                        m.put(x, r.get(x));
                    }
                }
                rows.put(r.start().toInstant() + "|" + r.key(), m);
            }
            all.put(c.toString(), rows);
        }
        return all;
    }

    /** The test's own interval arithmetic (Berlin's offsets are whole hours, so hours are UTC hours). */
    private static Function<Instant, Instant[]> intervalOf(Interval interval) {
        return t -> switch (interval) {
            case MIN15 -> floor(t, 900);
            case MIN30 -> floor(t, 1800);
            case HOUR -> floor(t, 3600);
            case DAY, WEEK, MONTH -> {
                // The report covers one day, which is inside one week and one month: they start where the
                // week or month does, and the day's figures are all of it.
                ZonedDateTime d = t.atZone(BERLIN).toLocalDate().atStartOfDay(BERLIN);
                ZonedDateTime start = switch (interval) {
                    case WEEK -> d.toLocalDate().minusDays(d.getDayOfWeek().getValue() - 1).atStartOfDay(BERLIN);
                    case MONTH -> d.toLocalDate().withDayOfMonth(1).atStartOfDay(BERLIN);
                    default -> d;
                };
                yield new Instant[] {start.toInstant(), d.toLocalDate().plusDays(1).atStartOfDay(BERLIN).toInstant()};
            }
        };
    }

    private static Instant[] floor(Instant t, long seconds) {
        long s = Math.floorDiv(t.getEpochSecond(), seconds) * seconds;
        return new Instant[] {Instant.ofEpochSecond(s), Instant.ofEpochSecond(s + seconds)};
    }

    /** Rates and averages as a supervisor reads them, from the sums, computed here. */
    private static void checkDerivedFigures(Reports reports) {
        ReportTable t = reports.run(new ReportRequest(DAY, DAY, Interval.DAY, Dimension.QUEUE));
        assertThat(t.totals()).isNotEmpty();
        for (ReportRow r : t.totals()) {
            Map<String, Object> f = r.figures();
            long base = r.get(Measure.SL_BASE);
            long answered = r.get(Measure.ANSWERED);
            long handled = r.get(Measure.HANDLED);
            assertThat(f.get("serviceLevelPercent")).as(r.key()).isEqualTo(base == 0 ? null
                    : Math.round(r.get(Measure.ANSWERED_IN_SL) * 1000.0 / base) / 10.0);
            assertThat(f.get("asaSeconds")).as(r.key()).isEqualTo(answered == 0 ? null
                    : Math.round(r.get(Measure.ANSWER_WAIT_MS) / (double) answered / 100) / 10.0);
            assertThat(f.get("ahtSeconds")).as(r.key()).isEqualTo(handled == 0 ? null : Math.round((r.get(Measure.TALK_MS)
                    + r.get(Measure.HOLD_MS) + r.get(Measure.WRAP_MS)) / (double) handled / 100) / 10.0);
            long eligible = r.get(Measure.FCR_ELIGIBLE);
            assertThat(f.get("fcrPercent")).as(r.key()).isEqualTo(eligible == 0 ? null
                    : Math.round((eligible - r.get(Measure.FCR_REPEATED)) * 1000.0 / eligible) / 10.0);
        }
        ReportTable agents = reports.run(new ReportRequest(DAY, DAY, Interval.DAY, Dimension.AGENT));
        for (ReportRow r : agents.totals()) {
            long working = r.get(Measure.BUSY_MS) + r.get(Measure.WRAP_UP_STATE_MS);
            assertThat(r.figures().get("utilisationPercent")).as(r.key())
                    .isEqualTo(Math.round(working * 1000.0 / r.get(Measure.LOGGED_IN_MS)) / 10.0);
        }
    }

    /** The day is 23 hours long: no 02:00 hour, and its one day row spans 23 hours. */
    private static void checkDaylightSaving(Reports reports) {
        ReportTable hours = reports.run(new ReportRequest(DAY, DAY, Interval.HOUR, Dimension.QUEUE));
        assertThat(hours.rows()).allSatisfy(r -> assertThat(r.start().getHour()).isNotEqualTo(2));
        assertThat(hours.rows().stream().map(r -> r.start().toLocalTime().toString()).distinct().count()).isLessThanOrEqualTo(23);
        ReportTable day = reports.run(new ReportRequest(DAY, DAY, Interval.DAY, Dimension.QUEUE));
        assertThat(day.rows()).isNotEmpty().allSatisfy(r ->
                assertThat(Duration.between(r.start(), r.end())).isEqualTo(Duration.ofHours(23)));
        assertThat(day.timeZone()).isEqualTo("Europe/Berlin");
    }
}
