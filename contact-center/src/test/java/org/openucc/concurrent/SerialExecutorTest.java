package org.openucc.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class SerialExecutorTest {
    private final ThreadPools pools = new ThreadPools();
    private final ExecutorService pool = pools.fixed("serial-test", 4);

    @AfterEach
    void stop() {
        ThreadPools.shutDown(pool);
    }

    @Test
    void tasksRunOneAtATimeInSubmissionOrderEvenPastABatch() throws InterruptedException {
        SerialExecutor owner = new SerialExecutor(pool, "call 1");
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        int[] concurrent = {0};
        int[] most = {0};
        for (int i = 0; i < 500; i++) {
            int n = i;
            owner.execute(() -> {
                most[0] = Math.max(most[0], ++concurrent[0]);
                seen.add(n);
                concurrent[0]--;
            });
        }
        owner.execute(done::countDown);

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(500).isSorted();
        assertThat(most[0]).isEqualTo(1);
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheNextOne() throws InterruptedException {
        SerialExecutor owner = new SerialExecutor(pool, "chat 7");
        CountDownLatch next = new CountDownLatch(1);

        owner.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        owner.execute(next::countDown);

        assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void tasksRunWithTheOwnersIdsInTheMdcAndThePoolThreadsMdcIsRestored() throws InterruptedException {
        ExecutorService single = pools.fixed("serial-mdc-test", 1);
        try {
            single.execute(() -> MDC.put("outer", "kept"));
            SerialExecutor owner = new SerialExecutor(single, "ivr call c1", Map.of("call", "c1", "interaction", "i1"));
            List<Map<String, String>> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);

            owner.execute(() -> seen.add(MDC.getCopyOfContextMap()));
            owner.execute(done::countDown);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            CountDownLatch after = new CountDownLatch(1);
            single.execute(() -> {
                seen.add(MDC.getCopyOfContextMap());
                after.countDown();
            });

            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get(0)).containsEntry("call", "c1").containsEntry("interaction", "i1")
                    .containsEntry("outer", "kept");
            assertThat(seen.get(1)).isEqualTo(Map.of("outer", "kept"));
        } finally {
            ThreadPools.shutDown(single, Duration.ofSeconds(1));
        }
    }
}
