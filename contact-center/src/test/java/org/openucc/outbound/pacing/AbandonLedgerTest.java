package org.openucc.outbound.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AbandonLedgerTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
    private static final Instant NOON = TODAY.atTime(12, 0).atZone(NEW_YORK).toInstant();

    private final AbandonLedger ledger = new AbandonLedger(NEW_YORK, 0.03);

    @Test
    void theRateIsAbandonedOverAnsweredByAPersonOverThirtyLocalDays() {
        ledger.addDay(TODAY.minusDays(29), 1000, 20);
        ledger.addDay(TODAY.minusDays(30), 1000, 900);
        ledger.addDay(TODAY, 1000, 10);

        assertThat(ledger.answeredByPerson(NOON)).isEqualTo(2000);
        assertThat(ledger.abandoned(NOON)).isEqualTo(30);
        assertThat(ledger.rate(NOON)).isCloseTo(0.015, within(1e-12));
    }

    @Test
    void aDayRollsOffAfterThirtyDays() {
        ledger.addDay(TODAY, 100, 3);

        assertThat(ledger.rate(NOON.plus(java.time.Duration.ofDays(29)))).isCloseTo(0.03, within(1e-12));
        assertThat(ledger.answeredByPerson(NOON.plus(java.time.Duration.ofDays(30)))).isZero();
        assertThat(ledger.rate(NOON.plus(java.time.Duration.ofDays(30)))).isZero();

        ledger.recordConnected(NOON.plus(java.time.Duration.ofDays(31)));
        assertThat(ledger.days(NOON.plus(java.time.Duration.ofDays(31))))
                .containsExactly(new AbandonLedger.DayCount(TODAY.plusDays(31), 1, 0));
    }

    @Test
    void callsCountOnTheLocalDayOfTheLedgersZone() {
        Instant lateEveningInNewYork = LocalDate.of(2026, 12, 5).atTime(23, 30).atZone(NEW_YORK).toInstant();
        ledger.recordAbandoned(lateEveningInNewYork);
        ledger.recordConnected(NOON);

        assertThat(ledger.days(NOON)).containsExactly(new AbandonLedger.DayCount(TODAY.minusDays(1), 1, 1),
                new AbandonLedger.DayCount(TODAY, 1, 0));
    }

    @Test
    void theBudgetKeepsEveryFutureWindowWithTodayUnderTheLimit() {
        ledger.addDay(TODAY.minusDays(10), 1000, 0);
        ledger.addDay(TODAY, 200, 2);

        // over the whole window 0.03 * 1200 - 2 = 34, but once the older day rolls off today stands alone: 6 - 2
        assertThat(ledger.budget(NOON)).isCloseTo(4, within(1e-9));
    }

    @Test
    void aDayWithNoAnsweredCallYetHasNoBudget() {
        ledger.addDay(TODAY.minusDays(1), 10_000, 0);

        assertThat(ledger.budget(NOON)).isZero();
    }

    @Test
    void aWindowAlreadyOverTheLimitHasANegativeBudget() {
        ledger.addDay(TODAY.minusDays(3), 100, 50);
        ledger.addDay(TODAY, 100, 0);

        assertThat(ledger.budget(NOON)).isCloseTo(0.03 * 200 - 50, within(1e-9));
        assertThat(ledger.rate(NOON)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void seedingAddsUpAndRejectsImpossibleCounts() {
        ledger.addDay(TODAY, 10, 1);
        ledger.addDay(TODAY, 10, 1);
        assertThat(ledger.days(NOON)).containsExactly(new AbandonLedger.DayCount(TODAY, 20, 2));

        assertThatThrownBy(() -> ledger.addDay(TODAY, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-12-06").hasMessageContaining("2 abandoned of 1");
        assertThatThrownBy(() -> ledger.addDay(TODAY, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AbandonLedger(NEW_YORK, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
