package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openucc.config.SipLimits;

/** The lockout's arithmetic on a hand-driven clock: pairs and addresses, growing and fixed lockouts. */
class AuthLockoutTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    static SipLimits limits(Duration lockout, Duration max) {
        return new SipLimits(List.of(), 0, 0, null, 0, null, 3, 10, lockout, max);
    }

    @Test
    void thePairIsLockedAfterItsFailuresAndTheSameUserFromElsewhereIsNot() {
        AuthLockout l = new AuthLockout(limits(Duration.ofMinutes(1), Duration.ofHours(1)), clock);
        assertThat(l.failed("ann", "10.0.0.9")).isEqualTo(AuthLockout.Lock.NONE);
        assertThat(l.failed("ann", "10.0.0.9")).isEqualTo(AuthLockout.Lock.NONE);
        assertThat(l.failed("ann", "10.0.0.9")).isEqualTo(AuthLockout.Lock.USER);
        assertThat(l.locked("ann", "10.0.0.9")).isEqualTo(AuthLockout.Lock.USER);
        assertThat(l.locked("ann", "10.0.0.1")).isEqualTo(AuthLockout.Lock.NONE);
        assertThat(l.locked("bob", "10.0.0.9")).isEqualTo(AuthLockout.Lock.NONE);
        assertThat(l.remaining("ann", "10.0.0.9")).isEqualTo(Duration.ofMinutes(1));
        now.addAndGet(60_000);
        assertThat(l.locked("ann", "10.0.0.9")).isEqualTo(AuthLockout.Lock.NONE);
    }

    @Test
    void eachFurtherLockoutDoublesUpToTheMaximum() {
        AuthLockout l = new AuthLockout(limits(Duration.ofMinutes(1), Duration.ofMinutes(5)), clock);
        long[] expected = {60_000, 120_000, 240_000, 300_000, 300_000};
        for (long millis : expected) {
            for (int i = 0; i < 3; i++) {
                l.failed("ann", "10.0.0.9");
            }
            assertThat(l.remaining("ann", "10.0.0.9").toMillis()).isEqualTo(millis);
            now.addAndGet(millis);
        }
    }

    @Test
    void aFixedLockoutWhenTheMaximumEqualsTheFirst() {
        AuthLockout l = new AuthLockout(limits(Duration.ofMinutes(2), Duration.ofMinutes(2)), clock);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 3; i++) {
                l.failed("ann", "10.0.0.9");
            }
            assertThat(l.remaining("ann", "10.0.0.9")).isEqualTo(Duration.ofMinutes(2));
            now.addAndGet(120_000);
        }
    }

    @Test
    void failuresWhileLockedDoNotLengthenItAndALongPeaceStartsOver() {
        AuthLockout l = new AuthLockout(limits(Duration.ofMinutes(1), Duration.ofMinutes(10)), clock);
        for (int i = 0; i < 3; i++) {
            l.failed("ann", "10.0.0.9");
        }
        now.addAndGet(30_000);
        l.failed("ann", "10.0.0.9");
        assertThat(l.remaining("ann", "10.0.0.9")).isEqualTo(Duration.ofSeconds(30));
        now.addAndGet(30_000 + 10 * 60_000 + 1);
        l.purge();
        for (int i = 0; i < 3; i++) {
            l.failed("ann", "10.0.0.9");
        }
        assertThat(l.remaining("ann", "10.0.0.9")).as("back to the first lockout").isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anAddressIsLockedAfterFailuresUnderManyNamesKnownOrNot() {
        AuthLockout l = new AuthLockout(limits(Duration.ofMinutes(1), Duration.ofHours(1)), clock);
        for (int i = 0; i < 9; i++) {
            assertThat(l.failed("name" + i, "10.0.0.9")).isEqualTo(AuthLockout.Lock.NONE);
        }
        assertThat(l.failed("name9", "10.0.0.9")).isEqualTo(AuthLockout.Lock.SOURCE);
        assertThat(l.locked("anyone", "10.0.0.9")).isEqualTo(AuthLockout.Lock.SOURCE);
        assertThat(l.locked("anyone", "10.0.0.8")).isEqualTo(AuthLockout.Lock.NONE);
    }

    @Test
    void aRightAnswerForgetsThePairsFailures() {
        AuthLockout l = new AuthLockout(limits(Duration.ofMinutes(1), Duration.ofHours(1)), clock);
        l.failed("ann", "10.0.0.9");
        l.failed("ann", "10.0.0.9");
        l.succeeded("ann", "10.0.0.9");
        l.failed("ann", "10.0.0.9");
        assertThat(l.locked("ann", "10.0.0.9")).isEqualTo(AuthLockout.Lock.NONE);
    }
}
