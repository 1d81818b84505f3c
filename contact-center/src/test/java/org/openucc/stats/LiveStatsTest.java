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
