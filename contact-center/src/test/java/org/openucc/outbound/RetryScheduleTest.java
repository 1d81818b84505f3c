package org.openucc.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What follows an attempt, by outcome. */
class RetryScheduleTest {
    private final RetrySchedule schedule = new RetrySchedule(Map.of("BUSY", 5, "callback-later", 120),
            Set.of("sale", "not-interested", "FAILED"));

    @Test
    void listedOutcomesAreRetriedAfterTheirDelay() {
        assertThat(schedule.decide("BUSY")).isEqualTo(new RetrySchedule.Retry(Duration.ofMinutes(5)));
        assertThat(schedule.decide("callback-later")).isEqualTo(new RetrySchedule.Retry(Duration.ofMinutes(120)));
    }

    @Test
    void dialerOutcomesNotListedUseTheirDefaultDelay() {
        assertThat(schedule.decide("NO_ANSWER")).isEqualTo(new RetrySchedule.Retry(Duration.ofMinutes(60)));
        assertThat(schedule.decide("MACHINE")).isEqualTo(new RetrySchedule.Retry(Duration.ofMinutes(240)));
        assertThat(schedule.decide("ABANDONED")).isEqualTo(new RetrySchedule.Retry(Duration.ofMinutes(60)));
    }

    @Test
    void finalDispositionsAreReachedAndFinalDialerOutcomesAreNot() {
        assertThat(schedule.decide("sale")).isEqualTo(new RetrySchedule.Final(true));
        assertThat(schedule.decide("not-interested")).isEqualTo(new RetrySchedule.Final(true));
        assertThat(schedule.decide("FAILED")).isEqualTo(new RetrySchedule.Final(false));
    }

    @Test
    void aDispositionNotListedIsFinal() {
        assertThat(schedule.decide("wrong-person")).isEqualTo(new RetrySchedule.Final(true));
    }
}
