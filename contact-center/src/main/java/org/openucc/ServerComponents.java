package org.openucc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's components in dependency order: starts them in that order, stops the started ones in
 * reverse within a time budget, and reports their health. Used by {@link ContactCenter}.
 */
final class ServerComponents {
    // Not static: the composition root chooses the Logback configuration before any logger exists.
    private final Logger log = LoggerFactory.getLogger(ServerComponents.class);
    private final List<Lifecycle> all = new ArrayList<>();
    private final Deque<Lifecycle> running = new ArrayDeque<>();
    /** What {@link #health()} reads: a copy, so the HTTP event loop never waits for start or stop. */
    private volatile List<Lifecycle> runningNow = List.of();
    /** Start and stop take turns; stop waits for a start only after asking it to give up. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean started;
    private boolean stopped;
    private volatile boolean stopRequested;
    /** The component whose start() runs now, if any. */
    private volatile Lifecycle starting;
    static final String STOPPED_WHILE_STARTING = "the server was stopped while starting";

    /** Adds a component that starts after every component added before it. */
    synchronized <T extends Lifecycle> T add(T component) {
        if (started) {
            throw new IllegalStateException("components are added before start; " + component.name() + " is late");
        }
        if (all.stream().anyMatch(c -> c.name().equals(component.name()))) {
            throw new IllegalArgumentException("two components are named " + component.name());
        }
        all.add(component);
        return component;
    }

    /**
     * Starts every component in order. If one fails, those already started are stopped again. If
     * {@link #stop} is called meanwhile (SIGTERM during a long first start), the component starting is
     * asked to give up ({@link Lifecycle#cancelStart()}), no further one starts, and this throws.
     *
     * @throws StartupException naming the component that failed, or saying the server stopped while starting
     */
    void start(Duration stopBudget) {
        lock.lock();
        try {
            if (started) {
                throw new IllegalStateException("the server's components start once");
            }
            started = true;
            for (Lifecycle c : all) {
                if (stopRequested) {
                    throw new StartupException(STOPPED_WHILE_STARTING, null);
                }
                starting = c;
                try {
                    c.start();
                } catch (Exception e) {
                    if (stopRequested) {
                        log.info("{} gave up starting: the server is stopping ({})", c.name(), e.toString());
                        throw new StartupException(STOPPED_WHILE_STARTING, e);
                    }
                    log.error("{} failed to start: {}", c.name(), e.toString());
                    stop(stopBudget);
                    throw new StartupException("cannot start " + c.name() + ": " + e.getMessage(), e);
                } finally {
                    starting = null;
                }
                running.addLast(c);
                runningNow = List.copyOf(running);
                log.debug("{} started", c.name());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the running components in reverse order. A component that overruns what is left of the
     * budget is abandoned (its thread is a daemon) and logged, so shutdown always ends. Called while
     * {@link #start} runs on another thread, it first makes the start give up, then stops what started.
     *
     * @return false if this was already stopped
     */
    boolean stop(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        stopRequested = true;
        Lifecycle inStart = starting;
        if (inStart != null && !lock.isHeldByCurrentThread()) {
            log.info("Stopping while {} starts: asking it to give up", inStart.name());
            inStart.cancelStart();
        }
        try {
            if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                log.warn("Not stopping: start-up did not give up within the shutdown budget of {}", budget);
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        try {
            if (stopped) {
                return false;
            }
            stopped = true;
            while (!running.isEmpty()) {
                Lifecycle c = running.removeLast();
                runningNow = List.copyOf(running);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("Not stopping {}: the shutdown budget of {} is used up", c.name(), budget);
                    continue;
                }
                stopWithin(c, left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Health of every component by name, in start order; components not running are DOWN. Never blocks. */
    Map<String, ComponentHealth> health() {
        List<Lifecycle> up = runningNow;
        Map<String, ComponentHealth> out = new LinkedHashMap<>();
        for (Lifecycle c : List.copyOf(all)) {
            out.put(c.name(), up.contains(c) ? c.health() : ComponentHealth.down("not running"));
        }
        return out;
    }

    private void stopWithin(Lifecycle c, long nanos) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            c.stop();
            return null;
        });
        Thread t = new Thread(task, "openucc-stop-" + c.name());
        t.setDaemon(true);
        t.start();
        try {
            task.get(nanos, TimeUnit.NANOSECONDS);
            log.debug("{} stopped", c.name());
        } catch (TimeoutException e) {
            log.warn("{} did not stop within {} ms; abandoning it", c.name(), TimeUnit.NANOSECONDS.toMillis(nanos));
            t.interrupt();
        } catch (ExecutionException e) {
            log.warn("{} failed to stop cleanly", c.name(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while stopping {}", c.name());
        }
    }
}
