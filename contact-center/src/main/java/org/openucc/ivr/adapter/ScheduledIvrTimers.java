package org.openucc.ivr.adapter;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openucc.concurrent.ThreadPools;
import org.openucc.ivr.runtime.IvrTimers;

/** IVR timers on one timer thread; each task only hands work to its call's executor. */
public final class ScheduledIvrTimers implements IvrTimers, AutoCloseable {
    private final ScheduledExecutorService executor;

    /**
     * @param executor the timer thread, from {@link ThreadPools#scheduled} (pending timers are dropped
     *                 when it stops); closing this stops it
     */
    public ScheduledIvrTimers(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        ThreadPools.shutDown(executor);
    }
}
