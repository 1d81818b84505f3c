package org.openucc.voice;

import java.util.Arrays;
import java.util.Map;

/** A small fixed-size reservoir of delays for percentiles; recorded on one thread, read from any. */
final class DelayHistogram {
    private final long[] samples = new long[100_000];
    private int count;

    synchronized void record(long nanos) {
        if (count < samples.length) {
            samples[count++] = nanos;
        } else {
            samples[(int) (System.nanoTime() % samples.length)] = nanos;
        }
    }

    synchronized Map<String, Long> percentilesMicros() {
        if (count == 0) {
            return Map.of();
        }
        long[] s = Arrays.copyOf(samples, count);
        Arrays.sort(s);
        return Map.of("count", (long) count, "p50", s[(int) (count * 0.50)] / 1000,
                "p95", s[Math.min(count - 1, (int) (count * 0.95))] / 1000,
                "p99", s[Math.min(count - 1, (int) (count * 0.99))] / 1000);
    }
}
