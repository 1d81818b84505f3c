package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.config.ContactCenterConfig;

/** sip.transactionTimeout (RFC 3261's 64*T1): 32 s unless written, as written, out of range at its line. */
class SipTransactionTimeoutConfigTest {
    private static final String REASONS = "reasonCodes:\n  - {code: missed}\n";
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void sixtyFourTimesT1UnlessWritten() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", REASONS + "sip:\n  port: 5070\n");
        assertThat(c.sip().transactionTimeout()).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void aWrittenValueIsTaken() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", REASONS + "sip:\n  transactionTimeout: 1m\n");
        assertThat(c.sip().transactionTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(LaunchOptions.parse(List.of(), java.util.Map.of("OPENUCC_SIP_PORT", "5090"))
                .applyTo(c).sip().transactionTimeout()).as("kept by the environment's overrides")
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void outOfRangeIsReportedAtItsLine() {
        for (String value : List.of("500ms", "6m")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", REASONS
                    + "sip:\n  port: 5070\n  transactionTimeout: " + value + "\n"));
            assertThat(e).as(value).isNotNull();
            assertThat(e.problems()).extracting(p -> p.line() + ": " + p.message())
                    .containsExactly("5: sip.transactionTimeout must be 1s..5m (RFC 3261's 64*T1: 32s with T1 = 500 ms),"
                            + " not " + value);
        }
    }
}
