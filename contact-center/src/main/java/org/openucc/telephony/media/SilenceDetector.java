package org.openucc.telephony.media;

/**
 * Waits for a run of silence from the far end (the end of a machine's greeting and beep): frames
 * under a mean absolute level count as silence, so do gaps with no audio at all. Pure, one thread.
 */
public final class SilenceDetector {
    private final int threshold;
    private final long silenceMillis;
    private long samplesSilent;
    private long gapMillis;

    /**
     * @param threshold     mean absolute 16-bit sample level below which a frame is silence
     * @param silenceMillis how long the silence must last
     */
    public SilenceDetector(int threshold, long silenceMillis) {
        if (threshold < 1 || silenceMillis < 1) {
            throw new IllegalArgumentException("silence needs a positive threshold and length, not " + threshold
                    + " and " + silenceMillis + " ms");
        }
        this.threshold = threshold;
        this.silenceMillis = silenceMillis;
    }

    /** @return whether the silence has lasted long enough, with this frame of {@code n} samples at 8 kHz */
    public boolean frame(short[] samples, int n) {
        if (level(samples, n) < threshold) {
            samplesSilent += n;
        } else {
            samplesSilent = 0;
            gapMillis = 0;
        }
        return heard();
    }

    /** @return whether the silence has lasted long enough, with this time in which no audio came */
    public boolean gap(long millis) {
        gapMillis += Math.max(0, millis);
        return heard();
    }

    private boolean heard() {
        return samplesSilent / 8 + gapMillis >= silenceMillis;
    }

    /** Mean absolute sample value of a frame, as Asterisk's silence detector measures it. */
    static int level(short[] samples, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(samples[i]);
        }
        return n <= 0 ? 0 : (int) (sum / n);
    }
}
