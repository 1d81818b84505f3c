package org.openucc.concurrent;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the "one owner" of a call, an IVR
 * session, a chat or a recording without a thread each. Its tasks run with the owner's ids in the
 * logging MDC (if it was given any). A task that throws is logged with the owner's name and the next
 * one runs.
 */
public final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    /** Tasks run in one go before the pool thread is handed back to other owners. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final String name;
    private final Map<String, String> mdc;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    /** An owner whose tasks log under whatever MDC the pool thread has (normally none). */
    public SerialExecutor(Executor pool, String name) {
        this(pool, name, Map.of());
    }

    /**
     * @param name what a failed task is logged with, e.g. {@code "call 1234@host"}
     * @param mdc  put in the logging MDC while this owner's tasks run (e.g. the call and interaction
     *             ids), and the thread's previous MDC restored afterwards
     */
    public SerialExecutor(Executor pool, String name, Map<String, String> mdc) {
        this.pool = pool;
        this.name = name;
        this.mdc = Map.copyOf(mdc);
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        Map<String, String> outer = mdc.isEmpty() ? null : MDC.getCopyOfContextMap();
        mdc.forEach(MDC::put);
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable next;
                synchronized (tasks) {
                    next = tasks.poll();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    log.error("{}: task failed", name, e);
                }
            }
        } finally {
            if (!mdc.isEmpty()) {
                if (outer == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(outer);
                }
            }
        }
        // Yield the pool thread to other owners; carry on in a fresh task.
        pool.execute(this::drain);
    }

    @Override
    public String toString() {
        return name;
    }
}
