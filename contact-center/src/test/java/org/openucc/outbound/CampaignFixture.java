package org.openucc.outbound;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.EnumSet;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.openucc.config.StoreConfig;
import org.openucc.routing.ManualClock;
import org.openucc.store.StoreServices;

/** A real H2 store with the campaigns' service, on a clock the test moves; the center is in Berlin. */
final class CampaignFixture {
    /** Monday 2025-03-03 09:00 UTC (10:00 in Berlin, 04:00 in New York, 20:00 in Sydney). */
    static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    static final ZoneId CENTER = ZoneId.of("Europe/Berlin");
    static final Set<String> QUEUES = Set.of("sales", "general");

    private CampaignFixture() {
    }

    static StoreServices start(Path dir, ManualClock clock) {
        StoreServices s = StoreServices.start(new StoreConfig(null, null, null, 8, "DE", false, 0, 10, 0, 0), dir, clock);
        s.startCampaigns(CENTER, QUEUES::contains);
        return s;
    }

    static ManualClock clock() {
        return new ManualClock(T0.toEpochMilli());
    }

    /** A progressive campaign calling 09:00-20:00 every day, 3 attempts, default retries. */
    static CampaignDraft progressive(String name) {
        return draft(name, DialingMode.PROGRESSIVE, RetrySchedule.DEFAULTS, false);
    }

    static CampaignDraft draft(String name, DialingMode mode, RetrySchedule retries, boolean consent) {
        return new CampaignDraft(name, "sales", mode, "+4930999000", 25, 3.0, 3, retries,
                new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0), EnumSet.allOf(DayOfWeek.class)),
                AmdMode.OFF, null, "ident-sales", consent);
    }
}
