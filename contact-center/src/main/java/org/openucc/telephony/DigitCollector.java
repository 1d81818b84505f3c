package org.openucc.telephony;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * DTMF buffering and collection for one call, whatever the technology: digits are buffered from
 * answer on, a {@link DigitRequest} consumes the buffer first, then waits with first-digit and
 * inter-digit timeouts. Used only on the call's owner executor; timers hop back onto it.
 */
public final class DigitCollector {
    private final Executor owner;
    private final ScheduledExecutorService timers;
    private final StringBuilder buffer = new StringBuilder();
    private DigitRequest request;
    private CompletableFuture<DigitResult> pending;
    private final StringBuilder collected = new StringBuilder();
    private ScheduledFuture<?> timer;
    private long generation;

    public DigitCollector(Executor owner, ScheduledExecutorService timers) {
        this.owner = owner;
        this.timers = timers;
    }

    public void digit(char d) {
        buffer.append(d);
        drain();
    }

    /** Whether a collection is waiting for digits. */
    public boolean waiting() {
        return pending != null;
    }

    public void flush() {
        buffer.setLength(0);
    }

    public CompletableFuture<DigitResult> collect(DigitRequest r) {
        cancel(null);
        request = r;
        pending = new CompletableFuture<>();
        collected.setLength(0);
        CompletableFuture<DigitResult> mine = pending;
        drain();
        if (pending == mine) {
            arm(r.firstDigitTimeout().toMillis());
        }
        return mine;
    }

    /** Fails a pending collection (the call ended); {@code null} just drops it. */
    public void cancel(Throwable why) {
        if (pending != null) {
            CompletableFuture<DigitResult> p = pending;
            pending = null;
            disarm();
            if (why != null) {
                p.completeExceptionally(why);
            } else {
                p.complete(new DigitResult(collected.toString(), DigitResult.Outcome.TIMEOUT));
            }
        }
    }

    private void drain() {
        while (pending != null && buffer.length() > 0) {
            char d = buffer.charAt(0);
            buffer.deleteCharAt(0);
            if (request.terminator() != null && d == request.terminator()) {
                finish(DigitResult.Outcome.TERMINATED);
                return;
            }
            collected.append(d);
            if (collected.length() >= request.maxDigits()) {
                finish(DigitResult.Outcome.MAX_DIGITS);
                return;
            }
            arm(request.interDigitTimeout().toMillis());
        }
    }

    private void finish(DigitResult.Outcome outcome) {
        CompletableFuture<DigitResult> p = pending;
        pending = null;
        disarm();
        p.complete(new DigitResult(collected.toString(), outcome));
    }

    private void arm(long millis) {
        disarm();
        long gen = ++generation;
        timer = timers.schedule(() -> owner.execute(() -> {
            if (gen == generation && pending != null) {
                finish(DigitResult.Outcome.TIMEOUT);
            }
        }), millis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        generation++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
