package org.openucc.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openucc.routing.ManualClock;

class RateLimiterTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), clock);

    @Test
    void allowsTheLimitPerKeyWithinTheWindowAndAgainOnceTheOldestLeavesIt() {
        assertThat(limiter.tryAcquire("a")).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).as("another key has its own count").isTrue();
        assertThat(limiter.retryAfterSeconds("a")).isEqualTo(50);

        clock.advance(Duration.ofSeconds(50));
        assertThat(limiter.tryAcquire("a")).as("the first one left the window").isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
    }

    @Test
    void refusedEventsDoNotCountSoAFloodDoesNotExtendTheLockout() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("a")).isFalse();
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire("a")).isTrue();
    }
}
