package org.openucc.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calling windows in the callee's local time: the zone comes from the number, DST moves the window with the
 * callee's clock, a number spanning several zones needs the window open in all, an unknown zone is the center's.
 */
class CallerTimeZonesTest {
    private final CallerTimeZones zones = new CallerTimeZones(ZoneId.of("Europe/Berlin"));
    private final CallingWindow nineToEight = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));

    @Test
    void theZoneComesFromTheNumber() {
        assertThat(zones.zonesOf("+4930123456")).isEqualTo("Europe/Berlin");
        assertThat(zones.zonesOf("+12125550123")).isEqualTo("America/New_York");
        assertThat(zones.zonesOf("+442071234567")).isEqualTo("Europe/London");
    }

    @Test
    void theSameUtcTimeIsOutsideTheWindowInNewYorkBeforeDstAndInsideAfter() {
        String newYork = zones.zonesOf("+12125550123");
        // Monday 13:30 UTC: 08:30 EST on 3 March, 09:30 EDT on 10 March (US DST began on 9 March 2025).
        assertThat(zones.isOpen(nineToEight, newYork, Instant.parse("2025-03-03T13:30:00Z"))).isFalse();
        assertThat(zones.isOpen(nineToEight, newYork, Instant.parse("2025-03-10T13:30:00Z"))).isTrue();
        // Berlin moved on 30 March: 19:30 UTC is 20:30 CET (closed) before, and 21:30 CEST after; 18:30 UTC is
        // 19:30 CET before (open) and 20:30 CEST after (closed).
        String berlin = zones.zonesOf("+4930123456");
        assertThat(zones.isOpen(nineToEight, berlin, Instant.parse("2025-03-28T18:30:00Z"))).isTrue();
        assertThat(zones.isOpen(nineToEight, berlin, Instant.parse("2025-03-31T18:30:00Z"))).isFalse();
    }

    @Test
    void theWindowIsClosedOnDaysItDoesNotName() {
        // Sunday 2 March 2025, 12:00 in Berlin.
        assertThat(zones.isOpen(nineToEight, "Europe/Berlin", Instant.parse("2025-03-02T11:00:00Z"))).isFalse();
    }

    @Test
    void aNumberSpanningSeveralZonesNeedsTheWindowOpenInAllOfThem() {
        // An Australian mobile: not tied to a place, so every mainland zone from Perth (UTC+8) to Sydney (UTC+11).
        String mobile = zones.zonesOf("+61412345678");
        List<ZoneId> all = zones.zones(mobile);
        assertThat(all).contains(ZoneId.of("Australia/Perth"), ZoneId.of("Australia/Sydney"));
        // Tuesday 00:30 UTC: 11:30 in Sydney, but 08:30 in Perth.
        Instant sydneyOpenPerthNot = Instant.parse("2025-03-04T00:30:00Z");
        assertThat(nineToEight.isOpen(sydneyOpenPerthNot, ZoneId.of("Australia/Sydney"))).isTrue();
        assertThat(zones.isOpen(nineToEight, mobile, sydneyOpenPerthNot)).isFalse();
        // Tuesday 03:00 UTC: 14:00 in Sydney, 11:00 in Perth: open everywhere on the mainland.
        assertThat(zones.isOpen(nineToEight, mobile, Instant.parse("2025-03-04T03:00:00Z"))).isTrue();
    }

    @Test
    void anUnknownZoneIsTheCentersZone() {
        assertThat(zones.zones("")).containsExactly(ZoneId.of("Europe/Berlin"));
        assertThat(zones.zonesOf(null)).isEmpty();
        // 08:30 UTC on a Monday is 09:30 in Berlin.
        assertThat(zones.isOpen(nineToEight, "", Instant.parse("2025-03-03T08:30:00Z"))).isTrue();
        assertThat(zones.isOpen(nineToEight, "", Instant.parse("2025-03-03T07:30:00Z"))).isFalse();
    }
}
