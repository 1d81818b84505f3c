package org.openucc.store;

import java.nio.file.Path;
import java.time.Instant;
import org.openucc.config.StoreConfig;
import org.openucc.routing.ManualClock;

/** A real H2 store in file mode in a test's temp directory, on a clock the test moves. */
final class StoreFixture {
    static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

    private StoreFixture() {
    }

    static StoreConfig config(boolean demoData, int demoCustomers) {
        return new StoreConfig(null, null, null, 4, "DE", demoData, demoCustomers, 10, 0, 0);
    }

    static StoreServices start(Path dir, ManualClock clock) {
        return StoreServices.start(config(false, 0), dir, clock);
    }

    static ManualClock clock() {
        return new ManualClock(T0.toEpochMilli());
    }
}
