package org.openucc.bench;

import java.util.Arrays;

/** Collects nanosecond samples (bounded) and prints percentiles. */
final class LatencyRecorder {
    private final long[] samples;
    private int n;

    LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    void record(long nanos) {
        if (n < samples.length) {
            samples[n++] = nanos;
        }
    }

    int count() {
        return n;
    }

    /** p in [0,100]; value in nanoseconds. */
    long percentile(double p) {
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int idx = (int) Math.min(n - 1, Math.ceil(p / 100.0 * n) - 1);
        return sorted[Math.max(0, idx)];
    }

    double meanMicros() {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += samples[i];
        }
        return n == 0 ? 0 : sum / 1000.0 / n;
    }

    String summary() {
        return String.format("p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs",
                percentile(50) / 1000.0, percentile(99) / 1000.0, percentile(99.9) / 1000.0, percentile(100) / 1000.0);
    }
}
