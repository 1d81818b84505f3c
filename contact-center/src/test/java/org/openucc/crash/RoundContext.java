package org.openucc.crash;

import io.vertx.core.Vertx;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One round of load against one server process: its ports, the timers the clients schedule their
 * next step on, and whether the round still runs (after the kill nothing new is started).
 */
record RoundContext(int number, Vertx vertx, int httpPort, int sipPort, ScheduledExecutorService timers,
                    AtomicBoolean running, Ledger ledger) {

    /** Runs the step after {@code delayMillis} if the round still runs; a failing step is the client's own problem. */
    void later(long delayMillis, Runnable step) {
        if (!running.get()) {
            return;
        }
        try {
            timers.schedule(() -> {
                if (running.get()) {
                    try {
                        step.run();
                    } catch (Exception e) { // also what Vert.x's await rethrows unchecked: a reset connection
                        // The server may die under the client at any moment: that is the test.
                        ledger.count("client step failed: " + e.getClass().getSimpleName());
                    }
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException over) {
            // the round ended meanwhile
        }
    }
}
