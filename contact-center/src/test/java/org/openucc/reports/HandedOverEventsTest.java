package org.openucc.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ReportsConfig;
import org.openucc.config.StoreConfig;
import org.openucc.interaction.Channel;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.store.StoreServices;

/**
 * On a single node the report sums take the events the log's writer committed as it hands them over, instead of
 * reading them back; an event the writer did not hand over (written another way, e.g. a tool inserting rows) leaves
 * a hole, and the sums then read the store, so it is counted all the same, in its place.
 */
class HandedOverEventsTest {
    @TempDir
    Path dir;

    @Test
    void handedOverEventsAreUsedAndAHoleSendsTheReadToTheStore() throws Exception {
        try (StoreServices store = store()) {
            ReportAggregator aggregator = caughtUpAggregator(store);
            // One event at a time, each in the sums before the next: every one is read as the writer hands it over.
            append(store, 0, 50, aggregator);
            long fromStoreBefore = aggregator.readsFromStore();
            assertThat(aggregator.eventsHandedOver()).as("events taken as handed over").isEqualTo(100);

            // A row the writer never handed over, then more through the writer: the hole sends a read to the store.
            long inserted;
            try (var c = store.database().dataSource().getConnection();
                 var ps = c.prepareStatement("INSERT INTO interaction_event (occurred_at, event_type, interaction_id,"
                         + " queue_id, details) VALUES (?, 'INTERACTION_CREATED', 'by-hand', 'sales', '{\"channel\":\"CHAT\"}')",
                         new String[] {"id"})) {
                ps.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    inserted = keys.getLong(1);
                }
                c.commit();
            }
            long last = append(store, 50, 20, null);
            assertThat(last).isGreaterThan(inserted);
            await(aggregator, last);
            assertThat(aggregator.readsFromStore()).as("reads from the store after the hole").isGreaterThan(fromStoreBefore);
            assertThat(aggregator.gapCount()).as("ids waited for: none, the hand-inserted one was read").isZero();
            assertThat(aggregator.through()).isEqualTo(last);
        }
    }

    /**
     * 200 appends awaited one by one are 200 commits of the log's writer; the sums follow them with at most one
     * commit of their own per {@link ReportAggregator#SUMS_EVERY_MILLIS} (one per writer commit before).
     */
    @Test
    void theSumsGatherTheWritersCommitsWhileNobodyWaitsForThem() throws Exception {
        try (StoreServices store = store()) {
            ReportAggregator aggregator = caughtUpAggregator(store);
            long commitsBefore = aggregator.sumCommits();
            long begin = System.nanoTime();
            long last = 0;
            for (int i = 0; i < 200; i++) {
                last = store.interactionLog().append(NewLogEvent.interactionCreated(Instant.now(), "g" + i, Channel.CHAT,
                        "INBOUND", "sales", null, Map.of())).get(30, TimeUnit.SECONDS).id();
            }
            long through = last;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> aggregator.through() >= through);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            long commits = aggregator.sumCommits() - commitsBefore;
            assertThat(commits).as("commits of the sums for 200 writer commits in %d ms", millis)
                    .isPositive().isLessThanOrEqualTo(millis / ReportAggregator.SUMS_EVERY_MILLIS + 2);
            assertThat(aggregator.gapCount()).isZero();
        }
    }

    private StoreServices store() {
        return StoreServices.start(new StoreConfig(null, null, null, 4, "DE", false, 0, 10, 0, 0), dir,
                java.time.InstantSource.system());
    }

    /** The store's report sums, started and caught up with the (empty) log. */
    private static ReportAggregator caughtUpAggregator(StoreServices store) {
        Reports reports = store.startReports(new ReportSettings(ZoneId.of("UTC"), 0,
                ReportsConfig.SlAbandons.AFTER_THRESHOLD, Duration.ofDays(7).toMillis(), Map.of(), 20_000, 400));
        ReportAggregator aggregator = reports.aggregator();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(aggregator::caughtUp);
        return aggregator;
    }

    /**
     * Appends {@code n} interactions (created + queued) through the log's writer; the last event id. With an
     * {@code aggregator}, one event at a time, each in the sums before the next is appended (one commit, one read).
     */
    private static long append(StoreServices store, int from, int n, ReportAggregator aggregator) throws Exception {
        List<java.util.concurrent.CompletableFuture<LogEvent>> all = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Instant now = Instant.now().plusNanos(123); // the system clock's nanoseconds: stored to the microsecond
            for (NewLogEvent e : List.of(
                    NewLogEvent.interactionCreated(now, "i" + i, Channel.CHAT, "INBOUND", "sales", null, Map.of()),
                    new NewLogEvent(now, LogEventType.QUEUED, "i" + i, null, "sales", null, null,
                            Map.<String, Object>of("position", 1)))) {
                all.add(store.interactionLog().append(e));
                if (aggregator != null) {
                    await(aggregator, all.get(all.size() - 1).get(30, TimeUnit.SECONDS).id());
                }
            }
        }
        long last = 0;
        for (var f : all) {
            last = Math.max(last, f.get(30, TimeUnit.SECONDS).id());
        }
        return last;
    }

    private static void await(ReportAggregator aggregator, long id) throws Exception {
        aggregator.awaitThrough(id).get(30, TimeUnit.SECONDS);
    }
}
