package org.openucc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openucc.config.loader.ConfigException;
import org.openucc.config.loader.ConfigLoader;

/** The campaign list limits (api.maxListRows, api.maxListsPerMinute): read, defaulted, and bad values with their line. */
class CampaignListLimitsConfigTest {
    private static final String BASE = """
            agents: [{id: a1}]
            reasonCodes: [{code: missed}]
            """;

    @Test
    void theLimitsAreReadAndDefaultWhenLeftOut() throws Exception {
        ContactCenterConfig set = new ConfigLoader().parse("t.yaml", BASE + "api: {maxListRows: 500, maxListsPerMinute: 3}\n");
        assertThat(set.api().maxListRows()).isEqualTo(500);
        assertThat(set.api().maxListsPerMinute()).isEqualTo(3);
        ContactCenterConfig defaults = new ConfigLoader().parse("t.yaml", BASE);
        assertThat(defaults.api().maxListRows()).isEqualTo(100_000);
        assertThat(defaults.api().maxListsPerMinute()).isEqualTo(20);
    }

    @Test
    void aBadLimitPointsAtItsLine() {
        assertThatThrownBy(() -> new ConfigLoader().parse("t.yaml", BASE + "api:\n  maxListsPerMinute: -1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml:4:")
                .hasMessageContaining("maxListsPerMinute must be 1..10000, not -1");
    }
}
