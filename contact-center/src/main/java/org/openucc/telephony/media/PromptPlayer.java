package org.openucc.telephony.media;

import java.util.List;

/** Walks a list of prompts (linear samples), one 20 ms frame at a time, looping if asked. */
final class PromptPlayer {
    final long id;
    private final List<short[]> prompts;
    private final boolean loop;
    final boolean bargeIn;
    private int prompt;
    private int offset;

    PromptPlayer(long id, List<short[]> prompts, boolean loop, boolean bargeIn) {
        this.id = id;
        this.prompts = prompts;
        this.loop = loop;
        this.bargeIn = bargeIn;
    }

    /** Fills {@code frame} with the next 160 samples (silence-padded at the very end); false when done. */
    boolean next(short[] frame) {
        int filled = 0;
        while (filled < frame.length) {
            if (prompt >= prompts.size()) {
                if (!loop || totalSamples() == 0) {
                    break;
                }
                prompt = 0;
            }
            short[] p = prompts.get(prompt);
            int n = Math.min(frame.length - filled, p.length - offset);
            System.arraycopy(p, offset, frame, filled, n);
            filled += n;
            offset += n;
            if (offset >= p.length) {
                prompt++;
                offset = 0;
            }
        }
        if (filled == 0) {
            return false;
        }
        java.util.Arrays.fill(frame, filled, frame.length, (short) 0);
        return true;
    }

    private long totalSamples() {
        long n = 0;
        for (short[] p : prompts) {
            n += p.length;
        }
        return n;
    }
}
