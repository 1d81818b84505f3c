package org.openucc.telephony.media;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Test access to a {@link MediaEngine}'s loops and spares from other packages' tests. */
public final class MediaLoops {
    private MediaLoops() {
    }

    /** Every RTP loop runs a task that holds it until {@link Held#close()} (at most a minute). */
    public static Held holdEveryLoop(MediaEngine engine) throws InterruptedException {
        List<io.netty.channel.EventLoop> loops = engine.loops();
        CountDownLatch started = new CountDownLatch(loops.size());
        CountDownLatch release = new CountDownLatch(1);
        for (var loop : loops) {
            loop.execute(() -> {
                started.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        if (!started.await(30, TimeUnit.SECONDS)) {
            release.countDown();
            throw new AssertionError("the RTP loops did not take the holding task");
        }
        return new Held(release);
    }

    /**
     * Closes every spare session bound ahead, once the binder has bound all it was asked for: the next call
     * finds none and must bind its own.
     */
    public static int dropSpares(MediaEngine engine) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> engine.spareBindsPending() == 0);
        List<RtpSession> spares = engine.takeSpares();
        spares.forEach(RtpSession::close);
        return spares.size();
    }

    public static long spareMisses(MediaEngine engine) {
        return engine.stats().spareMisses.sum();
    }

    /** The loops held busy; closing lets them go. */
    public static final class Held implements AutoCloseable {
        private final CountDownLatch release;

        Held(CountDownLatch release) {
            this.release = release;
        }

        public boolean holding() {
            return release.getCount() > 0;
        }

        @Override
        public void close() {
            release.countDown();
        }
    }
}
