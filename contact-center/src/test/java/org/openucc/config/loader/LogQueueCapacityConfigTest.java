package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ContactCenterConfig;

/**
 * {@code store.logQueueCapacity}, {@code store.logCommitInterval} and {@code store.logJournal}: a default when left out, the configured value,
 * and a bad one reported at its line.
 */
class LogQueueCapacityConfigTest {
    @TempDir
    Path dir;

    private ContactCenterConfig load(String store) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "reasonCodes: [{code: missed}]\nstore:\n" + store);
        return new ConfigLoader().load(LaunchOptions.parse(List.of("--config", file.toString()), Map.of()));
    }

    @Test
    void theLogQueueCapacityHasADefaultAndCanBeSet() throws Exception {
        assertThat(load("  maxPoolSize: 3\n").store().logQueueCapacity()).isEqualTo(20_000);
        assertThat(load("  logQueueCapacity: 500\n").store().logQueueCapacity()).isEqualTo(500);
    }

    @Test
    void aNegativeLogQueueCapacityIsReportedAtItsLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("  maxPoolSize: 3\n  logQueueCapacity: -5\n"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("c.yaml:4").contains("logQueueCapacity must be 1..10000000");
    }

    @Test
    void theJournalIsOnUnlessTurnedOff() throws Exception {
        assertThat(load("  maxPoolSize: 3\n").store().logJournal()).isTrue();
        assertThat(load("  logJournal: false\n").store().logJournal()).isFalse();
    }

    @Test
    void theCommitIntervalHasADefaultAndCanBeSetOrTurnedOff() throws Exception {
        assertThat(load("  maxPoolSize: 3\n").store().logCommitInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(load("  logCommitInterval: 3ms\n").store().logCommitInterval()).isEqualTo(Duration.ofMillis(3));
        assertThat(load("  logCommitInterval: 0s\n").store().logCommitInterval()).isZero();
    }

    @Test
    void aCommitIntervalAboveTheLimitIsReportedAtItsLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load("  maxPoolSize: 3\n  logCommitInterval: 2s\n"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("c.yaml:4").contains("logCommitInterval must be 0..100ms");
    }
}
