package org.openucc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openucc.config.ConfigViolation;
import org.openucc.config.MetricsConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.limits.Rejections;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;

/** The scrape token is checked before anything is served: a guessable one stops the start. */
class MetricsAccessConfigTest {
    @Test
    void aShortTokenOrABadVariableNameIsAConfigurationProblem() {
        assertThat(MetricsConfig.DEFAULTS.validate()).isEmpty();
        assertThat(MetricsConfig.DEFAULTS.tokenEnv()).isEqualTo("OPENUCC_METRICS_TOKEN");
        assertThat(MetricsConfig.DEFAULTS.enabled()).isTrue();
        assertThat(new MetricsConfig(true, "short", "1BAD-NAME").validate()).extracting(ConfigViolation::toString)
                .containsExactly(
                        "/metrics/tokenEnv: '1BAD-NAME' is not an environment variable name (letters, digits and _,"
                                + " not starting with a digit)",
                        "/metrics/token: the metrics token must have at least 16 characters (better: leave it out and"
                                + " set 1BAD-NAME)");
    }

    @Test
    void aShortTokenInTheEnvironmentStopsTheStartNamingTheVariable() {
        try (RoutingService routing = new RoutingService(RoutingConfig.DEFAULTS, InstantSource.system(),
                RoutingStrategies.discover())) {
            ServerMetrics metrics = new ServerMetrics(MetricsConfig.DEFAULTS, routing, () -> {
                throw new IllegalStateException("no store in this test");
            }, new Rejections(), Map::of, Map.of("OPENUCC_METRICS_TOKEN", "secret")::get);

            assertThatThrownBy(metrics::start).isInstanceOf(IllegalStateException.class).hasMessage(
                    "the metrics token in OPENUCC_METRICS_TOKEN has 6 characters; it needs at least 16"
                            + " (e.g. openssl rand -hex 24)");
            assertThat(metrics.scrapeToken()).isNull();
        }
    }
}
