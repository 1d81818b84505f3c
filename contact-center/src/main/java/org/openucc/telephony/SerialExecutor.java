package org.openucc.telephony;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the "one owner" of a call or a
 * recording without a thread each. A task that throws is logged with the owner's name and the next
 * one runs.
 */
public final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final String name;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
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
        for (int i = 0; i < 64; i++) {
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
        // Yield the pool thread to other owners; carry on in a fresh task.
        pool.execute(this::drain);
    }

    @Override
    public String toString() {
        return name;
    }
}
