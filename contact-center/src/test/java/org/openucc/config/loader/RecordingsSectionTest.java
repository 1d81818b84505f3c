package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.RecordingsConfig;

/** The {@code recordings:} section: kept forever unless a retention is written; bad values at their lines. */
class RecordingsSectionTest {
    @TempDir
    Path dir;

    private ContactCenterConfig load(String recordings) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "reasonCodes: [{code: missed}]\n" + recordings);
        return new ConfigLoader().load(LaunchOptions.parse(List.of("--config", file.toString()), Map.of()));
    }

    @Test
    void recordingsAreKeptForeverByDefaultAndTakeWhatIsWritten() throws Exception {
        RecordingsConfig d = load("").recordings();
        assertThat(d.keptForever()).isTrue();
        assertThat(d.purgeAt()).isEqualTo(LocalTime.of(3, 0));
        assertThat(d.maxRequestsPerMinute()).isEqualTo(120);
        RecordingsConfig r = load("recordings:\n  retention: 90d\n  purgeAt: \"01:30\"\n  maxRequestsPerMinute: 30\n")
                .recordings();
        assertThat(r).isEqualTo(new RecordingsConfig(Duration.ofDays(90), LocalTime.of(1, 30), 30));
        assertThat(r.keptForever()).isFalse();
    }

    @Test
    void theShippedConfigKeepsRecordingsForever() throws Exception {
        RecordingsConfig shipped = new ConfigLoader().load(Path.of("..", "config", "contact-center.yaml")).recordings();
        assertThat(shipped.keptForever()).isTrue();
        assertThat(shipped.maxRequestsPerMinute()).isEqualTo(120);
    }

    @Test
    void badValuesAreReportedAtTheirLinesAllAtOnce() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("recordings:\n  retention: 2h\n"
                + "  purgeAt: \"25:00\"\n  maxRequestsPerMinute: 0\n  keep: forever\n"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("c.yaml:4").contains("unknown key 'keep' in recordings")
                .contains("c.yaml:6");
        ConfigException tooShort = catchThrowableOfType(ConfigException.class, () -> load("recordings:\n"
                + "  retention: 2h\n  maxRequestsPerMinute: -5\n"));
        assertThat(tooShort.getMessage()).contains("c.yaml:3:")
                .contains("retention must be at least 1d (the purge runs daily), or left out to keep recordings forever,"
                        + " not 2h")
                .contains("c.yaml:4:").contains("maxRequestsPerMinute must be 1..100000, not -5");
    }
}
