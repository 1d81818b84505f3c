package org.openucc.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadPoolsTest {
    private final ThreadPools pools = new ThreadPools();

    @Test
    void poolsHaveNamedDaemonThreadsAndAreListedUntilTheyStop() throws Exception {
        ExecutorService workers = pools.fixed("crm-lookups", 2);
        ScheduledExecutorService timers = pools.scheduled("ivr-timers");
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicReference<Thread> timer = new AtomicReference<>();

        workers.submit(() -> worker.set(Thread.currentThread())).get(5, TimeUnit.SECONDS);
        timers.submit(() -> timer.set(Thread.currentThread())).get(5, TimeUnit.SECONDS);

        assertThat(worker.get().getName()).isEqualTo("crm-lookups-1");
        assertThat(worker.get().isDaemon()).isTrue();
        assertThat(timer.get().getName()).isEqualTo("ivr-timers");
        assertThat(pools.running()).containsExactly("crm-lookups", "ivr-timers");
        assertThat(pools.describe()).containsKeys("crm-lookups", "ivr-timers");

        ThreadPools.shutDown(workers);
        ThreadPools.shutDown(timers);
        assertThat(pools.running()).isEmpty();
    }

    @Test
    void shutDownDropsPendingTimersInsteadOfWaitingForThem() {
        ScheduledExecutorService timers = pools.scheduled("sip-timers");
        timers.schedule(() -> { }, 1, TimeUnit.HOURS);

        assertThat(ThreadPools.shutDown(timers, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void shutDownLetsQueuedWorkFinishThenInterruptsWhatOverrunsTheGrace() throws InterruptedException {
        ExecutorService workers = pools.fixed("writers", 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        workers.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(ThreadPools.shutDown(workers, Duration.ofMillis(50))).isFalse();
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void twoRunningPoolsCannotShareAName() {
        ExecutorService first = pools.fixed("sip-call", 1);

        assertThatThrownBy(() -> pools.fixed("sip-call", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sip-call");

        ThreadPools.shutDown(first);
        ThreadPools.shutDown(pools.fixed("sip-call", 1));
    }
}
