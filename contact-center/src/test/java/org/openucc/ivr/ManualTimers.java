package org.openucc.ivr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openucc.ivr.runtime.IvrTimers;

/** IVR timers on a clock the test moves: {@link #advance} runs what falls due, in order. */
final class ManualTimers implements IvrTimers {
    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long seq;

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delay.toMillis(), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    void advance(Duration by) {
        long until;
        synchronized (this) {
            until = now + by.toMillis();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.due <= until)
                        .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = next.due;
            }
            if (!next.cancelled[0]) {
                next.run.run();
            }
        }
    }

    synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled[0]).count();
    }
}
