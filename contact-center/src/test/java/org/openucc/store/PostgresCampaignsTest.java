package org.openucc.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.outbound.CampaignScenarios;
import org.openucc.routing.ManualClock;

/** Campaigns, their lists, do-not-call lists and the chooser on a real PostgreSQL server on loopback. */
class PostgresCampaignsTest {
    @TempDir
    Path dataDir;

    @Test
    void aCampaignRunsToTheEndOfItsListOnPostgres() throws Exception {
        var bin = LocalPostgres.find();
        assertTrue(bin.isPresent(), "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install them with"
                + " 'apt-get install -y postgresql' (.ci/run does)");
        try (LocalPostgres pg = LocalPostgres.start(bin.get())) {
            StoreConfig config = new StoreConfig(pg.url("openucc"), "openucc", "", 8, "DE", false, 0, 10, 0, 0);
            ManualClock clock = new ManualClock(java.time.Instant.parse("2025-03-03T09:00:00Z").toEpochMilli());
            try (StoreServices store = StoreServices.start(config, dataDir, clock)) {
                CampaignScenarios.aCampaignRunsToTheEndOfItsList(store, clock);
            }
        }
    }
}
