package org.openucc.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.reports.ReportsFromTrafficTest;

/**
 * The historical reports on a real PostgreSQL server (started by the test; it fails with instructions where
 * the binaries are missing): the same day of traffic and the same checks against the raw log as on H2.
 */
class PostgresReportsTest {
    @TempDir
    Path dataDir;

    @Test
    void everyFigureOfADayOfTrafficMatchesTheRawLogOnPostgres() throws Exception {
        var bin = LocalPostgres.find();
        assertTrue(bin.isPresent(), "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install them with"
                + " 'apt-get install -y postgresql' (.ci/run does)");
        try (LocalPostgres pg = LocalPostgres.start(bin.get())) {
            StoreConfig config = new StoreConfig(pg.url("openucc"), "openucc", "", 4, "DE", false, 0, 10, 0, 0);
            ReportsFromTrafficTest.dayOfTrafficMatchesTheRawLog(clock -> StoreServices.start(config, dataDir, clock));
        }
    }
}
