package org.openucc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerComponentsTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private final ServerComponents components = new ServerComponents();

    @AfterEach
    void releaseHungThreads() {
        never.countDown();
    }

    @Test
    void startsInOrderAndStopsInReverse() {
        components.add(new Recording("store"));
        components.add(new Recording("routing"));
        components.add(new Recording("http"));

        components.start(Duration.ofSeconds(5));
        components.stop(Duration.ofSeconds(5));

        assertThat(events).containsExactly("start store", "start routing", "start http",
                "stop http", "stop routing", "stop store");
    }

    @Test
    void aFailedStartStopsWhatAlreadyStartedAndNamesTheCulprit() {
        components.add(new Recording("store"));
        components.add(new Recording("routing"));
        components.add(new Recording("http") {
            @Override
            public void start() throws IOException {
                throw new IOException("Address already in use");
            }
        });
        components.add(new Recording("never-reached"));

        assertThatThrownBy(() -> components.start(Duration.ofSeconds(5))).isInstanceOf(StartupException.class)
                .hasMessage("cannot start http: Address already in use");
        assertThat(events).containsExactly("start store", "start routing", "stop routing", "stop store");
    }

    @Test
    void aComponentThatHangsOnStopIsAbandonedWithinTheBudget() {
        components.add(new Recording("first"));
        components.add(new Recording("stuck") {
            @Override
            public void stop() throws InterruptedException {
                never.await();
            }
        });
        components.add(new Recording("last"));
        components.start(Duration.ofSeconds(5));

        long begin = System.nanoTime();
        components.stop(Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(events).contains("stop last").doesNotContain("stop first");
    }

    @Test
    void healthShowsComponentsThatAreNotRunningAsDown() {
        components.add(new Recording("store"));
        assertThat(components.health().get("store").status()).isEqualTo(ComponentHealth.Status.DOWN);

        components.start(Duration.ofSeconds(5));
        assertThat(components.health().get("store")).isEqualTo(ComponentHealth.up());

        assertThat(components.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(components.stop(Duration.ofSeconds(5))).as("second stop is a no-op").isFalse();
        assertThat(components.health().get("store").details()).containsEntry("reason", "not running");
    }

    @Test
    void componentNamesAreUnique() {
        components.add(new Recording("http"));
        assertThatThrownBy(() -> components.add(new Recording("http"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStopDuringALongStartAsksTheStartingComponentToGiveUpThenStopsWhatStarted() throws Exception {
        CountDownLatch generating = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        components.add(new Recording("vertx"));
        components.add(new Recording("store") {
            @Override
            public void start() throws InterruptedException {
                events.add("start store");
                generating.countDown();
                cancelled.await(); // a long demo data generation, until it is told to give up
                throw new java.util.concurrent.CancellationException("demo data generation stopped");
            }

            @Override
            public void cancelStart() {
                events.add("cancel store");
                cancelled.countDown();
            }
        });
        components.add(new Recording("never-reached"));
        java.util.concurrent.CompletableFuture<Throwable> start = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                components.start(Duration.ofSeconds(5));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        generating.await();

        assertThat(components.stop(Duration.ofSeconds(5))).isTrue();

        assertThat(start.get()).isInstanceOf(StartupException.class)
                .hasMessage(ServerComponents.STOPPED_WHILE_STARTING);
        assertThat(events).containsExactly("start vertx", "start store", "cancel store", "stop vertx");
    }

    private class Recording implements Lifecycle {
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() throws Exception {
            events.add("start " + name);
        }

        @Override
        public void stop() throws Exception {
            events.add("stop " + name);
        }
    }
}
