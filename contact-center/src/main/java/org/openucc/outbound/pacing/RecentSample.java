package org.openucc.outbound.pacing;

import java.util.Arrays;

/** The last N measured durations (seconds) of one kind, with the conditional probabilities pacing asks of them. */
final class RecentSample {
    private final double[] ring;
    private int size;
    private int next;
    private double[] sorted = new double[0];
    private boolean dirty;

    RecentSample(int capacity) {
        ring = new double[capacity];
    }

    void add(double seconds) {
        ring[next] = seconds;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        dirty = true;
    }

    int size() {
        return size;
    }

    double mean(double whenEmpty) {
        if (size == 0) {
            return whenEmpty;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += ring[i];
        }
        return sum / size;
    }

    /** Share of the sample above {@code x}. */
    double survival(double x) {
        if (size == 0) {
            return 1;
        }
        double[] s = sorted();
        return (double) (s.length - upperBound(s, x)) / s.length;
    }

    /**
     * P(value <= elapsed + within | value > elapsed): the chance that something under way for {@code elapsed}
     * ends within {@code within} more. Past the longest measured value it assumes a memoryless tail with the
     * sample's mean.
     */
    double endsWithin(double elapsed, double within, double meanWhenEmpty) {
        if (within <= 0) {
            return 0;
        }
        double[] s = sorted();
        int above = s.length - upperBound(s, elapsed);
        if (above < 8) {
            // too few longer examples to say: memoryless with the mean
            return 1 - Math.exp(-within / Math.max(mean(meanWhenEmpty), 1e-3));
        }
        int endBy = upperBound(s, elapsed + within) - upperBound(s, elapsed);
        return (double) endBy / above;
    }

    /** {@code k} evenly spaced quantiles (midpoints of k equal-probability bands); {@code fallback} when empty. */
    double[] quantiles(int k, double fallback) {
        double[] q = new double[k];
        if (size == 0) {
            Arrays.fill(q, fallback);
            return q;
        }
        double[] s = sorted();
        for (int i = 0; i < k; i++) {
            q[i] = s[(int) Math.min(s.length - 1, Math.floor((i + 0.5) / k * s.length))];
        }
        return q;
    }

    private double[] sorted() {
        if (dirty) {
            sorted = Arrays.copyOf(ring, size);
            Arrays.sort(sorted);
            dirty = false;
        }
        return sorted;
    }

    /** Index of the first element greater than {@code x}. */
    private static int upperBound(double[] s, double x) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
