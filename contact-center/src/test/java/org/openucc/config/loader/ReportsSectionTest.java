package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ReportsConfig;

/** The {@code reports:} section: defaults when left out, values as written, and bad ones at their lines. */
class ReportsSectionTest {
    @TempDir
    Path dir;

    private ContactCenterConfig load(String reports) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "reasonCodes: [{code: missed}]\n" + reports);
        return new ConfigLoader().load(LaunchOptions.parse(List.of("--config", file.toString()), Map.of()));
    }

    @Test
    void reportsHaveDefaultsAndTakeWhatIsWritten() throws Exception {
        ReportsConfig d = load("").reports();
        assertThat(d.timeZone()).isEqualTo(ZoneId.systemDefault());
        assertThat(d.shortAbandon()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.serviceLevelAbandons()).isEqualTo(ReportsConfig.SlAbandons.AFTER_THRESHOLD);
        assertThat(d.repeatContactWindow()).isEqualTo(Duration.ofDays(7));
        ReportsConfig r = load("reports:\n  timeZone: Asia/Shanghai\n  shortAbandon: 10s\n  serviceLevelAbandons: all\n"
                + "  repeatContactWindow: 3d\n  maxRows: 500\n  maxRangeDays: 31\n").reports();
        assertThat(r).isEqualTo(new ReportsConfig(ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(10),
                ReportsConfig.SlAbandons.ALL, Duration.ofDays(3), 500, 31));
    }

    @Test
    void badValuesAreReportedAtTheirLinesAllAtOnce() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("reports:\n  timeZone: Mars/Olympus\n"
                + "  shortAbandon: 1h\n  serviceLevelAbandons: SOME\n  repeatContactWindow: 1m\n  maxRows: -1\n  colour: red\n"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("c.yaml:3").contains("unknown time zone 'Mars/Olympus'")
                .contains("c.yaml:5").contains("c.yaml:8").contains("unknown key 'colour' in reports");
    }

    @Test
    void outOfRangeValuesAreReportedAtTheirLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("reports:\n  shortAbandon: 1h\n"
                + "  repeatContactWindow: 1m\n  maxRows: -1\n  maxRangeDays: 5000\n"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("c.yaml:3:").contains("shortAbandon must be 0s..10m, not 1h")
                .contains("c.yaml:4:").contains("repeatContactWindow must be 1h..90d, not 1m")
                .contains("c.yaml:5:").contains("maxRows must be 1..1000000")
                .contains("c.yaml:6:").contains("maxRangeDays must be 1..3660");
    }
}
