package org.openucc.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.ReportsConfig;
import org.openucc.interaction.Channel;
import org.openucc.reports.ReportSettings;
import org.openucc.routing.AgentState;
import org.openucc.routing.ManualClock;
import org.openucc.routing.RoutingEvent;

/** The supervisor figures, folded from routing events, and how often they are pushed. */
class LiveStatsTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    /** Collects what is pushed, with the clock's time of each push. */
    private static final class Collector implements StatsSubscriber {
        final List<StatsSnapshot> snapshots = new CopyOnWriteArrayList<>();
        final List<QueueFigures> queues = new CopyOnWriteArrayList<>();
        final List<AgentRow> agents = new CopyOnWriteArrayList<>();
        final List<Long> queuePushNanos = new CopyOnWriteArrayList<>();

        @Override
        public void snapshot(StatsSnapshot snapshot) {
            snapshots.add(snapshot);
        }

        @Override
        public void queueChanged(QueueFigures queue) {
            queues.add(queue);
            queuePushNanos.add(System.nanoTime());
        }

        @Override
        public void agentChanged(AgentRow agent) {
            agents.add(agent);
        }
    }

    private LiveStats stats(Duration interval) {
        QueueConfig q = QueueConfig.of("q", Set.of(Channel.VOICE), Map.of());
        return new LiveStats(List.of(q), List.of(new AgentConfig("a", "Ann", Map.of(), null)), clock,
                new ReportSettings(ZoneOffset.UTC, 5_000, ReportsConfig.SlAbandons.AFTER_THRESHOLD, 0,
                        Map.of("q", q.serviceLevel().threshold().toMillis()), 1, 1), interval);
    }

    @Test
    void figuresFollowArrivalsAnswersAbandonsAndWrapUps() {
        try (LiveStats stats = stats(Duration.ofMillis(1))) {
            Collector c = new Collector();
            stats.subscribe(c).join();
            long t = clock.millis();
            stats.accept(new RoutingEvent.InteractionQueued(t, "i1", "q", 1, 0, false));
            stats.accept(new RoutingEvent.InteractionQueued(t, "i2", "q", 2, 0, false));
            stats.accept(new RoutingEvent.InteractionQueued(t + 5, "i1", "q", 1, 0, true)); // requeued: not offered twice
            stats.accept(new RoutingEvent.AgentStateChanged(t, "a", AgentState.LOGGED_OUT, AgentState.READY, null));
            stats.accept(new RoutingEvent.InteractionConnected(t + 10_000, "i1", "a", "q", 10_000));
            stats.accept(new RoutingEvent.InteractionAbandoned(t + 30_000, "i2", "q", 30_000, "hung up"));
            stats.accept(new RoutingEvent.WrapUpEnded(t + 70_000, "i1", "a"));
            clock.advanceMillis(70_000);

            StatsSnapshot now = stats.snapshot().join();
            QueueFigures q = now.queues().get(0);
            assertThat(q.offeredToday()).isEqualTo(2);
            assertThat(q.answeredToday()).isEqualTo(1);
            assertThat(q.abandonedToday()).isEqualTo(1);
            assertThat(q.waiting()).isZero();
            assertThat(q.serviceLevelPercent()).as("1 within 20 s of 1 answered + 1 abandoned after 20 s").isEqualTo(50.0);
            assertThat(q.averageSpeedOfAnswerMillis()).isEqualTo(10_000);
            assertThat(q.averageHandleMillis()).isEqualTo(60_000);
            AgentRow a = now.agents().get(0);
            assertThat(a.state()).isEqualTo(AgentState.READY);
            assertThat(a.handledToday()).isEqualTo(1);
            assertThat(a.interactions()).isEmpty();
            assertThat(c.snapshots).hasSize(1);
        }
    }

    /**
     * A day of traffic does not pile up: what ended, was abandoned or was rejected is let go once its wrap-up
     * ends, and the figures are the same (a transfer's second queue and both handlings still count).
     */
    @Test
    void finishedInteractionsAreLetGoAndStillCounted() {
        QueueConfig q1 = QueueConfig.of("q1", Set.of(Channel.VOICE), Map.of());
        QueueConfig q2 = QueueConfig.of("q2", Set.of(Channel.VOICE), Map.of());
        try (LiveStats stats = new LiveStats(List.of(q1, q2), List.of(new AgentConfig("a", "Ann", Map.of(), null)),
                clock, new ReportSettings(ZoneOffset.UTC, 5_000, ReportsConfig.SlAbandons.AFTER_THRESHOLD, 0,
                        Map.of("q1", 20_000L, "q2", 20_000L), 1, 1), Duration.ofMillis(1))) {
            long t = clock.millis();
            stats.accept(new RoutingEvent.AgentStateChanged(t, "a", AgentState.LOGGED_OUT, AgentState.READY, null));
            for (int i = 0; i < 300; i++) {
                String id = "i" + i;
                stats.accept(new RoutingEvent.InteractionQueued(t, id, "q1", 1, 0, false));
                if (i % 3 == 0) {
                    stats.accept(new RoutingEvent.InteractionAbandoned(t + 1_000, id, "q1", 1_000, "hung up"));
                } else if (i % 3 == 1) {
                    stats.accept(new RoutingEvent.InteractionRejected(t + 1_000, id, "q1", "full"));
                } else {
                    stats.accept(new RoutingEvent.InteractionConnected(t + 2_000, id, "a", "q1", 2_000));
                    stats.accept(new RoutingEvent.InteractionEnded(t + 12_000, id, "a", "q1", "hung up", 10_000));
                    stats.accept(new RoutingEvent.WrapUpStarted(t + 12_000, id, "a", t + 14_000));
                    stats.accept(new RoutingEvent.WrapUpEnded(t + 14_000, id, "a"));
                }
            }
            // A transfer: answered in q1, passed to q2 (its end comes before its new entry), answered there too.
            stats.accept(new RoutingEvent.InteractionQueued(t, "x", "q1", 1, 0, false));
            stats.accept(new RoutingEvent.InteractionConnected(t + 1_000, "x", "a", "q1", 1_000));
            stats.accept(new RoutingEvent.InteractionTransferred(t + 5_000, "x", "q1", "q2", "a"));
            stats.accept(new RoutingEvent.InteractionEnded(t + 5_000, "x", "a", "q1", "transferred", 4_000));
            stats.accept(new RoutingEvent.WrapUpStarted(t + 5_000, "x", "a", t + 6_000));
            stats.accept(new RoutingEvent.InteractionQueued(t + 5_000, "x", "q2", 1, 0, false));
            assertThat(stats.interactionsHeld().join()).as("x waits in q2 and its first handling wraps up").isEqualTo(2);
            stats.accept(new RoutingEvent.WrapUpEnded(t + 6_000, "x", "a"));
            stats.accept(new RoutingEvent.InteractionConnected(t + 8_000, "x", "a", "q2", 3_000));
            stats.accept(new RoutingEvent.InteractionEnded(t + 20_000, "x", "a", "q2", "hung up", 12_000));
            stats.accept(new RoutingEvent.WrapUpStarted(t + 20_000, "x", "a", t + 21_000));
            stats.accept(new RoutingEvent.WrapUpEnded(t + 21_000, "x", "a"));
            clock.advanceMillis(30_000);

            assertThat(stats.interactionsHeld().join()).as("nothing held once all is over").isZero();
            StatsSnapshot now = stats.snapshot().join();
            QueueFigures first = now.queues().get(0);
            assertThat(first.offeredToday()).isEqualTo(301);
            assertThat(first.answeredToday()).isEqualTo(101);
            assertThat(first.abandonedToday()).isEqualTo(100);
            assertThat(first.averageHandleMillis()).as("100 of 12 s and x's 5 s in q1").isEqualTo((100 * 12_000 + 5_000) / 101);
            QueueFigures second = now.queues().get(1);
            assertThat(second.offeredToday()).isEqualTo(1);
            assertThat(second.answeredToday()).isEqualTo(1);
            assertThat(second.averageSpeedOfAnswerMillis()).isEqualTo(3_000);
            assertThat(second.averageHandleMillis()).as("x's 12 s talk and 1 s wrap-up in q2").isEqualTo(13_000);
            assertThat(now.agents().get(0).handledToday()).isEqualTo(102);
        }
    }

    @Test
    void theDayIsKeptHourByHourInLocalTimeForTheChart() {
        try (LiveStats stats = stats(Duration.ofMillis(1))) {
            long t = clock.millis(); // 22:13 UTC
            long twoHoursEarlier = t - Duration.ofHours(2).toMillis();
            stats.accept(new RoutingEvent.InteractionQueued(twoHoursEarlier, "i1", "q", 1, 0, false));
            stats.accept(new RoutingEvent.InteractionConnected(twoHoursEarlier + 5_000, "i1", "a", "q", 5_000));
            stats.accept(new RoutingEvent.InteractionQueued(t, "i2", "q", 1, 0, false));
            stats.accept(new RoutingEvent.InteractionAbandoned(t + 60_000, "i2", "q", 60_000, "hung up"));

            List<HourFigures> hours = stats.snapshot().join().queues().get(0).hours();
            assertThat(hours).hasSize(24);
            assertThat(hours.get(20)).isEqualTo(new HourFigures(20, 1, 1, 1));
            assertThat(hours.get(22)).as("abandoned after the threshold counts against the hour")
                    .isEqualTo(new HourFigures(22, 1, 0, 1));
            assertThat(hours.stream().filter(h -> h.hour() != 20 && h.hour() != 22).mapToLong(HourFigures::offered).sum())
                    .isZero();
            clock.advance(Duration.ofDays(1));
            assertThat(stats.snapshot().join().queues().get(0).hours().get(20).offered()).isZero();
        }
    }

    @Test
    void liveEventsHeldDuringTheRebuildCountOnceWhetherOrNotTheLogHadThem() {
        try (LiveStats stats = stats(Duration.ofMillis(1))) {
            stats.holdUntilReplay();
            long t = clock.millis();
            RoutingEvent logged = new RoutingEvent.InteractionQueued(t, "i1", "q", 1, 0, false);
            RoutingEvent notYet = new RoutingEvent.InteractionQueued(t + 1, "i2", "q", 2, 0, false);
            stats.accept(logged);
            stats.accept(notYet);
            assertThat(stats.snapshot().join().queues().get(0).offeredToday()).as("held until the rebuild").isZero();

            int applied = stats.replay(List.of(logged), Set.of(), logged::equals).join();

            assertThat(applied).isEqualTo(2);
            QueueFigures q = stats.snapshot().join().queues().get(0);
            assertThat(q.offeredToday()).isEqualTo(2);
            assertThat(q.waiting()).isEqualTo(2);
            stats.accept(new RoutingEvent.InteractionAbandoned(t + 2, "i2", "q", 1, "gone"));
            assertThat(stats.snapshot().join().queues().get(0).waiting()).as("live after the rebuild").isEqualTo(1);
        }
    }

    @Test
    void anEntryCountsOnTheDayItEnteredAndIsAnsweredOnce() {
        try (LiveStats stats = stats(Duration.ofMillis(1))) {
            long t = clock.millis();
            long yesterday = t - Duration.ofDays(1).toMillis();
            stats.accept(new RoutingEvent.InteractionQueued(yesterday, "old", "q", 1, 0, false));
            stats.accept(new RoutingEvent.InteractionConnected(t, "old", "a", "q", 5_000));
            stats.accept(new RoutingEvent.InteractionQueued(t, "new", "q", 1, 0, false));
            stats.accept(new RoutingEvent.InteractionConnected(t + 1_000, "new", "a", "q", 1_000));
            // Given back after a restart and answered again: the same entry, one answer.
            stats.accept(new RoutingEvent.InteractionQueued(t + 2_000, "new", "q", 1, 0, true, "recovered after restart"));
            stats.accept(new RoutingEvent.InteractionConnected(t + 3_000, "new", "a", "q", 3_000));

            QueueFigures q = stats.snapshot().join().queues().get(0);
            assertThat(List.of(q.offeredToday(), q.answeredToday(), q.averageSpeedOfAnswerMillis()))
                    .as("yesterday's entry is yesterday's; today's answered once, 1 s after it entered")
                    .isEqualTo(List.of(1L, 1L, 1_000L));
        }
    }

    @Test
    void countsStartAgainAtMidnight() {
        try (LiveStats stats = stats(Duration.ofMillis(1))) {
            stats.accept(new RoutingEvent.InteractionQueued(clock.millis(), "i1", "q", 1, 0, false));
            assertThat(stats.snapshot().join().queues().get(0).offeredToday()).isEqualTo(1);
            clock.advance(Duration.ofDays(1));
            assertThat(stats.snapshot().join().queues().get(0).offeredToday()).isZero();
            assertThat(stats.snapshot().join().queues().get(0).waiting()).as("still waiting").isEqualTo(1);
        }
    }

    @Test
    void aBurstOfChangesIsPushedOnceAtOnceAndOnceMoreAfterTheInterval() {
        Duration interval = Duration.ofMillis(300);
        try (LiveStats stats = stats(interval)) {
            Collector c = new Collector();
            stats.subscribe(c).join();
            for (int i = 0; i < 50; i++) {
                stats.accept(new RoutingEvent.InteractionQueued(clock.millis(), "i" + i, "q", i + 1, 0, false));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> c.queues.size() == 2);
            assertThat(c.queues.get(1).waiting()).isEqualTo(50);
            assertThat(c.queuePushNanos.get(1) - c.queuePushNanos.get(0)).isGreaterThanOrEqualTo(
                    interval.toNanos() - Duration.ofMillis(20).toNanos());
            assertThat(stats.snapshot().join().queues().get(0).waiting()).isEqualTo(50);
            assertThat(c.queues).hasSize(2);
        }
    }
}
