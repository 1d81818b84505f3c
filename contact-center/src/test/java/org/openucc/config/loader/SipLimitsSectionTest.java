package org.openucc.config.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.SipLimits;

/** sip.limits: defaults when not written, values as written, mistakes reported at their lines. */
class SipLimitsSectionTest {
    private static final String REASONS = "reasonCodes:\n  - {code: missed}\n";
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void defaultsWithoutTheSection() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", REASONS + "sip:\n  port: 5070\n");
        SipLimits l = c.sip().limits();
        assertThat(l).isEqualTo(SipLimits.DEFAULTS);
        assertThat(l.maxCallsPerSource()).isEqualTo(30);
        assertThat(l.maxInvitesPerSource()).isEqualTo(60);
        assertThat(l.inviteWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.maxWaitingPerQueue()).isEqualTo(200);
        assertThat(l.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.maxRegisterFailuresPerUser()).isEqualTo(5);
        assertThat(l.maxRegisterFailuresPerSource()).isEqualTo(20);
        assertThat(l.registerLockout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(l.registerLockoutMax()).isEqualTo(Duration.ofHours(1));
        assertThat(l.trustedSources()).isEmpty();
    }

    @Test
    void writtenValuesAreTakenAndTheRestDefault() throws Exception {
        ContactCenterConfig c = loader.parse("c.yaml", REASONS + """
                sip:
                  limits:
                    trustedSources: [203.0.113.10, 10.0.0.0/8, "2001:db8::/32"]
                    maxCallsPerSource: 5
                    inviteWindow: 1m
                    registerLockout: 5m
                    registerLockoutMax: 5m
                """);
        SipLimits l = c.sip().limits();
        assertThat(l.trustedSources()).containsExactly("203.0.113.10", "10.0.0.0/8", "2001:db8::/32");
        assertThat(l.maxCallsPerSource()).isEqualTo(5);
        assertThat(l.inviteWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(l.registerLockoutMax()).isEqualTo(l.registerLockout()); // a fixed lockout
        assertThat(l.maxInvitesPerSource()).isEqualTo(60);
    }

    @Test
    void mistakesAreReportedAtTheirLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("c.yaml", REASONS + """
                sip:
                  limits:
                    trustedSources: [trunk.example.com, 10.0.0.0/33]
                    maxCallsPerSource: -2
                    retryAfter: 0s
                    registerLockout: 10m
                    registerLockoutMax: 1m
                """));
        List<String> problems = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        assertThat(problems).hasSize(5);
        for (String expected : List.of("5: trusted source 'trunk.example.com' is not an IP address or CIDR range",
                "5: trusted source '10.0.0.0/33'", "6: maxCallsPerSource must be 1..1000000, not -2",
                "7: retryAfter must be longer than 0", "9: registerLockoutMax (1m) must not be shorter")) {
            assertThat(problems).anyMatch(p -> p.startsWith(expected));
        }
    }
}
