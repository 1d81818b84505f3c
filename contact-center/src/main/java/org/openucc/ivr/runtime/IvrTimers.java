package org.openucc.ivr.runtime;

import java.time.Duration;

/** Delayed work for the IVR (announcements, a queue's max wait); tests use a clock they move by hand. */
public interface IvrTimers {
    /** Runs {@code task} once after {@code delay}, on some timer thread: hand it to the call's executor. */
    Cancellable schedule(Duration delay, Runnable task);

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
