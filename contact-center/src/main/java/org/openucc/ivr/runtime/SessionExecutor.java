package org.openucc.ivr.runtime;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one owner of a call's IVR session: runs its tasks one at a time, in order, on a shared pool,
 * with the call and interaction ids in the logging MDC. A task that throws is logged and the next
 * one runs.
 */
final class SessionExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SessionExecutor.class);
    private static final int BATCH = 64;

    private final Executor pool;
    private final Map<String, String> mdc;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SessionExecutor(Executor pool, String callId, String interactionId) {
        this.pool = pool;
        this.mdc = Map.of("call", callId, "interaction", interactionId);
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
        Map<String, String> outer = MDC.getCopyOfContextMap();
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
                    log.error("IVR task failed", e);
                }
            }
        } finally {
            if (outer == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(outer);
            }
        }
        pool.execute(this::drain); // yield the pool thread to other calls
    }
}
