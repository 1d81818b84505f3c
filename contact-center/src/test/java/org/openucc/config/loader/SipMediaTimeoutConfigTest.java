package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openucc.config.ContactCenterConfig;

/** sip.mediaTimeout (hang up a call whose RTP stopped): 60 s unless written, 0 turns it off, out of range at its line. */
class SipMediaTimeoutConfigTest {
    private static final String REASONS = "reasonCodes:\n  - {code: missed}\n";
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void sixtySecondsUnlessWritten() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", REASONS + "sip:\n  port: 5070\n");
        assertThat(c.sip().mediaTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aWrittenValueIsTakenAndZeroTurnsItOff() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", REASONS + "sip:\n  mediaTimeout: 2m\n");
        assertThat(c.sip().mediaTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(LaunchOptions.parse(List.of(), Map.of("OPENUCC_SIP_PORT", "5090"))
                .applyTo(c).sip().mediaTimeout()).as("kept by the environment's overrides")
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(loader.parse("c.yaml", REASONS + "sip:\n  mediaTimeout: 0s\n").sip().mediaTimeout()).isZero();
    }

    @Test
    void outOfRangeIsReportedAtItsLine() {
        for (String value : List.of("500ms", "2h")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", REASONS
                    + "sip:\n  port: 5070\n  mediaTimeout: " + value + "\n"));
            assertThat(e).as(value).isNotNull();
            assertThat(e.problems()).extracting(p -> p.line() + ": " + p.message())
                    .containsExactly("5: sip.mediaTimeout must be 0 (off) or 1s..1h, not " + value);
        }
    }
}
