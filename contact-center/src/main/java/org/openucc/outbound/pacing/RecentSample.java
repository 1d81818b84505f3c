package org.openucc.outbound.pacing;

/**
 * The last N measured durations (seconds) of one kind, with the conditional probabilities pacing asks of them.
 * Kept as a histogram of {@code binSeconds}-wide bins up to {@code maxSeconds} (longer values share the last
 * bin) with prefix sums, so each question costs O(1): pacing asks hundreds per decision.
 */
final class RecentSample {
    private final double[] ring;
    private final double binSeconds;
    private final int[] bins;
    private final int[] atOrBelow;
    private int size;
    private int next;
    private double sum;
    private boolean dirty;

    RecentSample(int capacity, double binSeconds, double maxSeconds) {
        ring = new double[capacity];
        this.binSeconds = binSeconds;
        bins = new int[(int) Math.ceil(maxSeconds / binSeconds) + 1];
        atOrBelow = new int[bins.length];
    }

    void add(double seconds) {
        if (size == ring.length) {
            sum -= ring[next];
            bins[bin(ring[next])]--;
        }
        ring[next] = seconds;
        sum += seconds;
        bins[bin(seconds)]++;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        dirty = true;
    }

    int size() {
        return size;
    }

    double sum() {
        return Math.max(0, sum);
    }

    double mean(double whenEmpty) {
        return size == 0 ? whenEmpty : Math.max(0, sum / size);
    }

    /** Share of the sample above {@code x} (to the bin). */
    double survival(double x) {
        if (size == 0) {
            return 1;
        }
        return (double) (size - countAtOrBelow(x)) / size;
    }

    /**
     * P(value <= elapsed + within | value > elapsed): the chance that something under way for {@code elapsed}
     * ends within {@code within} more. With few longer examples it assumes a memoryless tail.
     */
    double endsWithin(double elapsed, double within, double meanWhenEmpty) {
        if (within <= 0) {
            return 0;
        }
        int below = countAtOrBelow(elapsed);
        int above = size - below;
        if (above < 8) {
            // too few longer examples to say: memoryless, expecting at least as long again as so far (early
            // samples hold the short ones only, and a long call tends to go on)
            return 1 - Math.exp(-within / Math.max(Math.max(mean(meanWhenEmpty), elapsed), 1e-3));
        }
        return (double) (countAtOrBelow(elapsed + within) - below) / above;
    }

    /** {@code k} evenly spaced quantiles (midpoints of k equal-probability bands); {@code fallback} when empty. */
    double[] quantiles(int k, double fallback) {
        double[] q = new double[k];
        if (size == 0) {
            java.util.Arrays.fill(q, fallback);
            return q;
        }
        refresh();
        int b = 0;
        for (int i = 0; i < k; i++) {
            double wanted = (i + 0.5) / k * size;
            while (b < bins.length - 1 && atOrBelow[b] < wanted) {
                b++;
            }
            q[i] = (b + 0.5) * binSeconds;
        }
        return q;
    }

    private int countAtOrBelow(double x) {
        if (x < 0) {
            return 0;
        }
        refresh();
        return atOrBelow[bin(x)];
    }

    private int bin(double x) {
        return (int) Math.min(bins.length - 1, Math.max(0, x / binSeconds));
    }

    private void refresh() {
        if (dirty) {
            int running = 0;
            for (int i = 0; i < bins.length; i++) {
                running += bins[i];
                atOrBelow[i] = running;
            }
            dirty = false;
        }
    }
}
