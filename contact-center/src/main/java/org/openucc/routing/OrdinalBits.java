package org.openucc.routing;

import java.util.Arrays;

/**
 * A bit set of agent ordinals for the agent-order availability buckets. Unlike {@link java.util.BitSet}
 * it keeps no count of words in use, so clearing the highest bit of a sparse bucket (a few agents
 * among tens of thousands of ordinals) does not scan back over empty words.
 */
final class OrdinalBits {
    private long[] words = new long[4];

    void set(int i) {
        int w = i >>> 6;
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
        }
        words[w] |= 1L << i;
    }

    void clear(int i) {
        int w = i >>> 6;
        if (w < words.length) {
            words[w] &= ~(1L << i);
        }
    }

    boolean get(int i) {
        int w = i >>> 6;
        return w < words.length && (words[w] & (1L << i)) != 0;
    }

    /** The first set bit at or after {@code from}, or -1. */
    int nextSetBit(int from) {
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }
}
