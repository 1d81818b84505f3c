package org.openucc.telephony.media;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The 20 ms packet clock of one event loop: every session of the loop that is sending prompts (and every
 * monitoring mix) gets {@link Ticked#tick()} once per period. Ticks are scheduled against an absolute start time
 * ({@code start + n * 20 ms}), so scheduling jitter never accumulates into drift; after a long stall
 * (GC, overload) the clock skips the missed ticks instead of bursting them.
 */
final class MediaTicker {
    /** Something the loop's 20 ms clock drives: a session sending prompts, a monitoring mix. */
    interface Ticked {
        void tick();
    }

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final EventLoop loop;
    private final Set<Ticked> sessions = new LinkedHashSet<>();
    private final List<Ticked> snapshot = new ArrayList<>();
    private long startNanos;
    private long tick;
    private boolean scheduled;
    long skippedTicks;

    MediaTicker(EventLoop loop) {
        this.loop = loop;
    }

    /** On the loop: start ticking a session from the next period. */
    void add(Ticked session) {
        sessions.add(session);
        if (!scheduled) {
            startNanos = System.nanoTime();
            tick = 0;
            scheduled = true;
            schedule();
        }
    }

    void remove(Ticked session) {
        sessions.remove(session);
    }

    private void schedule() {
        long due = startNanos + (tick + 1) * PERIOD_NANOS;
        loop.schedule(this::run, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void run() {
        tick++;
        long now = System.nanoTime();
        long behind = now - (startNanos + tick * PERIOD_NANOS);
        if (behind > MAX_BEHIND_NANOS) {
            long skip = behind / PERIOD_NANOS;
            tick += skip;
            skippedTicks += skip;
        }
        if (sessions.isEmpty()) {
            scheduled = false;
            return;
        }
        snapshot.addAll(sessions);
        try {
            for (Ticked s : snapshot) {
                s.tick();
            }
        } finally {
            snapshot.clear(); // held between ticks, it would keep the last sessions' calls alive once they end
        }
        schedule();
    }
}
