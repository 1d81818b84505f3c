package org.openucc.chat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Typing indicators, coalesced: per chat and direction the other side hears a change at most once per
 * interval, and always the latest state (a flood of typing/not-typing from one side becomes one or two
 * messages a second, not one per keystroke). Repeats of the state last passed on are dropped.
 */
final class TypingCoalescer {
    private final long intervalMillis;
    private final InstantSource clock;
    private final ScheduledExecutorService timers;
    private final Map<String, Indicator> indicators = new ConcurrentHashMap<>();

    TypingCoalescer(Duration interval, InstantSource clock, ScheduledExecutorService timers) {
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
        this.timers = timers;
    }

    /** The typing state from one side of a chat; {@code send} passes it on (now or at the interval's end). */
    void typing(String chatId, String direction, boolean typing, Consumer<Boolean> send) {
        indicators.computeIfAbsent(chatId + '/' + direction, k -> new Indicator()).typing(typing, send);
    }

    /** A line arrived from that side: the other side shows "not typing" now, so a new "typing" is news again. */
    void lineSent(String chatId, String direction) {
        Indicator i = indicators.get(chatId + '/' + direction);
        if (i != null) {
            i.reset();
        }
    }

    /** The chat is gone. */
    void forget(String chatId) {
        for (String direction : new String[] {"visitor", "agent"}) {
            Indicator i = indicators.remove(chatId + '/' + direction);
            if (i != null) {
                i.cancel();
            }
        }
    }

    private final class Indicator {
        private boolean lastSent;
        private long lastAt = Long.MIN_VALUE / 2;
        private Boolean pending;
        private Consumer<Boolean> sink;
        private ScheduledFuture<?> timer;

        synchronized void typing(boolean typing, Consumer<Boolean> send) {
            sink = send;
            if (timer != null) {
                pending = typing; // goes out when the interval ends, if it still differs then
                return;
            }
            if (typing == lastSent) {
                return;
            }
            long wait = lastAt + intervalMillis - clock.millis();
            if (wait <= 0) {
                pass(typing);
            } else {
                pending = typing;
                timer = timers.schedule(this::flush, wait, TimeUnit.MILLISECONDS);
            }
        }

        private synchronized void flush() {
            timer = null;
            Boolean latest = pending;
            pending = null;
            if (latest != null && latest != lastSent) {
                pass(latest);
            }
        }

        private void pass(boolean typing) {
            lastSent = typing;
            lastAt = clock.millis();
            sink.accept(typing);
        }

        synchronized void reset() {
            lastSent = false;
            if (pending != null && !pending) {
                pending = null;
            }
        }

        synchronized void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }
}
