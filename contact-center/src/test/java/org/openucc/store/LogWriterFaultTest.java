package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.fault.UnavailableException;
import org.openucc.limits.Rejections;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;

/**
 * The log writer against a real H2 file whose commits fail like a full disk, or wait at a test gate
 * ({@link FaultyJdbc}): appends wait instead of failing, the log says why, requests are refused while
 * it cannot write or is too far behind, and everything waiting is written once the database works again.
 */
class LogWriterFaultTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        FaultyJdbc.reset();
    }

    private StoreServices start(int capacity, Rejections rejections) {
        String h2 = "jdbc:h2:file:" + dir.resolve("openucc").toAbsolutePath() + StoreConfig.H2_OPTIONS;
        StoreConfig config = new StoreConfig(FaultyJdbc.url(h2), "sa", "", 4, "DE", false, 0, 10, 0, 0, capacity);
        return StoreServices.start(config, dir, StoreFixture.clock(), rejections, () -> false);
    }

    private static NewLogEvent event(String interactionId) {
        return NewLogEvent.interaction(null, LogEventType.PRIORITY_CHANGED, interactionId, java.util.Map.of("priority", 1));
    }

    @Test
    void aFullDiskKeepsWhatWaitsRefusesRequestsAndRecoversByItself() throws Exception {
        Rejections rejections = new Rejections();
        try (StoreServices store = start(1000, rejections)) {
            var log = store.interactionLog();
            log.append(event("before")).get(10, TimeUnit.SECONDS);

            FaultyJdbc.failCommits(true);
            List<CompletableFuture<LogEvent>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiting.add(log.append(event("during-" + i)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> log.writeFailure().isPresent());
            assertThat(log.writeFailure().orElseThrow()).contains("No space left on device");
            assertThat(store.interactionLogStats().writing()).isFalse();
            // Retried, not failed: nothing acknowledged can be lost.
            await().atMost(Duration.ofSeconds(10)).until(() -> FaultyJdbc.failedCommits() >= 3);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            assertThat(store.interactionLogStats().failedEvents()).isZero();

            assertThatThrownBy(log::admit).isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("cannot write").hasMessageContaining("No space left on device")
                    .satisfies(e -> assertThat(((UnavailableException) e).retryAfterSeconds()).isPresent());
            assertThat(rejections.total("log", "store-down")).isEqualTo(1);

            FaultyJdbc.failCommits(false);
            for (CompletableFuture<LogEvent> f : waiting) {
                assertThat(f.get(20, TimeUnit.SECONDS).id()).isPositive();
            }
            assertThat(log.writeFailure()).isEmpty();
            log.admit();
            for (int i = 0; i < 5; i++) {
                assertThat(log.timeline("during-" + i)).extracting(LogEvent::type).containsExactly(LogEventType.PRIORITY_CHANGED);
            }
            assertThat(store.interactionLogStats().retries()).isPositive();
        }
    }

    @Test
    void aWriterBehindByTheCapacityRefusesRequestsButNeverDropsAppends() throws Exception {
        Rejections rejections = new Rejections();
        try (StoreServices store = start(3, rejections)) {
            var log = store.interactionLog();
            log.flush().get(10, TimeUnit.SECONDS);
            FaultyJdbc.holdWriter();
            CompletableFuture<LogEvent> first = log.append(event("held"));
            await().atMost(Duration.ofSeconds(10)).until(() -> FaultyJdbc.heldCommits() == 1);
            log.admit(); // 1 of 3 waiting
            List<CompletableFuture<LogEvent>> more = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                more.add(log.append(event("more-" + i))); // beyond the capacity: taken anyway (engine's own events)
            }
            assertThatThrownBy(log::admit).isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("5 events behind (capacity 3)");
            assertThat(rejections.total("log", "queue-full")).isEqualTo(1);
            assertThat(first).isNotDone();

            FaultyJdbc.releaseWriter();
            first.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<LogEvent> f : more) {
                f.get(10, TimeUnit.SECONDS);
            }
            log.admit();
            assertThat(store.interactionLogStats().queuedEvents()).isZero();
        }
    }
}
