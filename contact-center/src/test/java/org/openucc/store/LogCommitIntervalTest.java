package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;

/**
 * The log writer's commit interval on the real H2: while several appenders keep it busy, at most one durable commit
 * begins per interval (a burst shares one write); an appender alone, each append waiting for the one before (one
 * call's events), never waits for the interval; and nothing is lost or reordered either way.
 */
class LogCommitIntervalTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final int APPENDERS = 8;
    private static final int EACH = 25;

    @TempDir
    Path dir;

    @Test
    void busyAppendersShareCommitsAtMostOnePerIntervalAndALoneAppenderNeverWaits() throws Exception {
        StoreConfig config = new StoreConfig(null, null, null, 4, "DE", false, 0, 10, 0, 0, 0, INTERVAL);
        try (StoreServices store = StoreServices.start(config, dir, InstantSource.system())) {
            InteractionLog log = store.interactionLog();

            // One appender, each append after the last is durable: the writer is never busy, nothing waits.
            for (int i = 0; i < 20; i++) {
                log.append(created("lone-" + i)).get(10, TimeUnit.SECONDS);
            }
            assertThat(store.interactionLogStats().gatheredCommits()).as("commits that waited for the interval").isZero();

            // Eight appenders at once, each append after its last is durable.
            InteractionLogStats before = store.interactionLogStats();
            ExecutorService pool = Executors.newFixedThreadPool(APPENDERS);
            long begin = System.nanoTime();
            List<CompletableFuture<List<Long>>> appenders = new ArrayList<>();
            for (int a = 0; a < APPENDERS; a++) {
                String who = "busy-" + a;
                appenders.add(CompletableFuture.supplyAsync(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < EACH; i++) {
                        ids.add(log.append(created(who + "-" + i)).join().id());
                    }
                    return ids;
                }, pool));
            }
            List<List<Long>> ids = new ArrayList<>();
            for (CompletableFuture<List<Long>> f : appenders) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            long elapsed = System.nanoTime() - begin;
            pool.shutdown();
            InteractionLogStats after = store.interactionLogStats();

            long commits = after.batches() - before.batches();
            long gathered = after.gatheredCommits() - before.gatheredCommits();
            // A commit that gathered (the writer was busy) began at least an interval after the commit before it
            // began. A commit for one append with nothing queued behind it leaves the writer looking idle, and the
            // next commit does not wait: on a starved CPU (the appenders slow to append again) that happens now
            // and then, and such commits are not bound by the interval.
            assertThat(gathered).as("commits that gathered, of %d for %d appends in %d ms", commits,
                    APPENDERS * EACH, elapsed / 1_000_000).isPositive()
                    .isLessThanOrEqualTo(elapsed / INTERVAL.toNanos() + 1);
            assertThat(commits).as("appends shared commits").isLessThan(APPENDERS * EACH / 2);
            assertThat(after.storedEvents() - before.storedEvents()).isEqualTo(APPENDERS * EACH);
            for (List<Long> own : ids) {
                assertThat(own).as("each appender's events in its order").isSorted().doesNotHaveDuplicates();
            }
            for (int a = 0; a < APPENDERS; a++) {
                assertThat(log.summary("busy-" + a + "-" + (EACH - 1))).isPresent();
            }
            assertThat(log.timeline("busy-3-7")).extracting(LogEvent::type)
                    .containsExactly(LogEventType.INTERACTION_CREATED);
        }
    }

    private static NewLogEvent created(String id) {
        return NewLogEvent.interactionCreated(null, id, Channel.CHAT, "INBOUND", "sales", null, Map.of());
    }
}
