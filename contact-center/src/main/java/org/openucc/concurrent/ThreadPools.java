package org.openucc.concurrent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's worker pools, each named (its threads carry the name in thread dumps and logs) and
 * made of daemon threads. The composition root builds one and hands it to the components that need
 * workers; a component stops the pools it asked for with {@link #shutDown} when it stops, and the
 * root can list what is still running afterwards ({@link #describe()}).
 *
 * <p>Threads that must be exactly one owner (the ACD engine, the live statistics) keep their own
 * single thread, but stop it with {@link #shutDown} like everyone else.
 */
public final class ThreadPools {
    /** How long {@link #shutDown(ExecutorService)} lets queued work finish before interrupting it. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private final Map<String, ExecutorService> pools = new LinkedHashMap<>();

    /** A pool of {@code threads} workers named {@code name-1}, {@code name-2}, … */
    public ExecutorService fixed(String name, int threads) {
        return register(name, Executors.newFixedThreadPool(threads, daemonThreads(name)));
    }

    /**
     * One timer thread named {@code name}: cancelled tasks are removed at once, and delayed tasks are
     * dropped (not waited for) when the pool shuts down.
     */
    public ScheduledExecutorService scheduled(String name) {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemonThread(name));
        timers.setRemoveOnCancelPolicy(true);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return register(name, timers);
    }

    /**
     * Every pool handed out, by name: threads, busy threads, queued tasks, and whether it has stopped.
     * Cheap and thread-safe.
     */
    public synchronized Map<String, Map<String, Object>> describe() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        pools.forEach((name, pool) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            if (pool instanceof ThreadPoolExecutor p) {
                d.put("threads", p.getPoolSize());
                d.put("active", p.getActiveCount());
                d.put("queued", p.getQueue().size());
            }
            d.put("terminated", pool.isTerminated());
            out.put(name, d);
        });
        return out;
    }

    /** Names of the pools handed out that have not terminated (after a stop: the ones left behind). */
    public synchronized java.util.List<String> running() {
        return pools.entrySet().stream().filter(e -> !e.getValue().isTerminated()).map(Map.Entry::getKey).toList();
    }

    private synchronized <T extends ExecutorService> T register(String name, T pool) {
        ExecutorService before = pools.get(name);
        if (before != null && !before.isTerminated()) {
            pool.shutdownNow();
            throw new IllegalStateException("a thread pool named " + name + " is already running");
        }
        pools.put(name, pool);
        return pool;
    }

    /**
     * Stops a pool: lets queued work finish for up to {@link #DEFAULT_GRACE}, then interrupts the rest.
     * If the caller is interrupted meanwhile, the pool is interrupted too and the flag kept.
     *
     * @return true if the pool has terminated
     */
    public static boolean shutDown(ExecutorService pool) {
        return shutDown(pool, DEFAULT_GRACE);
    }

    /** As {@link #shutDown(ExecutorService)}, waiting at most {@code grace} for queued work. */
    public static boolean shutDown(ExecutorService pool, Duration grace) {
        if (pool == null) {
            return true;
        }
        pool.shutdown();
        try {
            if (pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            pool.shutdownNow();
            return false;
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, … (for pools built elsewhere). */
    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, name + "-" + n.incrementAndGet());
    }

    /** Daemon threads all named {@code name}: for a pool of one. */
    public static ThreadFactory daemonThread(String name) {
        return r -> daemon(r, name);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
