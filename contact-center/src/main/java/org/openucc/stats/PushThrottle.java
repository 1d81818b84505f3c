package org.openucc.stats;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Pushes a key's news at once, then at most once per interval: changes inside the interval are
 * folded into one push at its end. Owned by one thread (the executor's), like the figures it pushes.
 */
final class PushThrottle {
    private final ScheduledExecutorService owner;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final Consumer<String> push;
    private final Map<String, Long> lastPush = new HashMap<>();
    private final Set<String> pending = new HashSet<>();

    PushThrottle(ScheduledExecutorService owner, long intervalMillis, LongSupplier clock, Consumer<String> push) {
        this.owner = owner;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
        this.push = push;
    }

    void changed(String key) {
        if (pending.contains(key)) {
            return; // a push is already due and will carry this change
        }
        long now = clock.getAsLong();
        Long last = lastPush.get(key);
        long wait = last == null ? 0 : last + intervalMillis - now;
        if (wait <= 0) {
            lastPush.put(key, now);
            push.accept(key);
            return;
        }
        pending.add(key);
        owner.schedule(() -> {
            pending.remove(key);
            lastPush.put(key, clock.getAsLong());
            push.accept(key);
        }, wait, TimeUnit.MILLISECONDS);
    }
}
