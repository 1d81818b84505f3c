package org.openucc.telephony.media;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recorders' sample buffers, kept for the next call instead of left to the collector. A recorder's window
 * (2 s of stereo, 64 KB) and its half-second chunks live as long as the call, so without this each call
 * promoted ~100 KB into the old generation, where it died seconds later (the soak's live histogram: the
 * largest share of the heap under load, and of what each call promoted). A recorder takes its window when it
 * starts and gives it back, zeroed, when it closes; chunks go back once written. At most {@code keep}
 * buffers of each kind wait here; more are left to the collector.
 */
public final class RecordingBuffers {
    private final ArrayBlockingQueue<short[]> windows;
    private final ArrayBlockingQueue<short[]> chunks;
    private final int windowLength;
    private final int chunkLength;
    /** Windows allocated because none waited here: a recorder's 64 KB that lives as long as its call. */
    private final LongAdder windowsMade = new LongAdder();

    /**
     * @param windowLength a recorder's window (samples, channels interleaved)
     * @param chunkLength  one chunk handed to the writer
     * @param keep         buffers of each kind kept at most
     */
    public RecordingBuffers(int windowLength, int chunkLength, int keep) {
        if (windowLength <= 0 || chunkLength <= 0 || keep < 0) {
            throw new IllegalArgumentException("buffer lengths must be positive and keep not negative");
        }
        this.windowLength = windowLength;
        this.chunkLength = chunkLength;
        this.windows = new ArrayBlockingQueue<>(Math.max(1, keep));
        this.chunks = new ArrayBlockingQueue<>(Math.max(1, keep));
    }

    /** Buffers for stereo recorders (the largest; a mono recorder uses part of them). */
    public static RecordingBuffers forRecorders(int keep) {
        return new RecordingBuffers(WavRecorder.WINDOW * 2, WavRecorder.CHUNK * 2, keep);
    }

    /** A zeroed window of at least {@code length} samples. */
    short[] window(int length) {
        short[] w = length <= windowLength ? windows.poll() : null;
        if (w != null) {
            return w;
        }
        windowsMade.increment();
        return new short[Math.max(length, windowLength)];
    }

    /** A window back, zeroed here (a recorder leaves the audio it has handed on in the slots). */
    void giveWindow(short[] w) {
        if (w.length != windowLength) {
            return;
        }
        Arrays.fill(w, (short) 0);
        windows.offer(w);
    }

    /** A chunk of at least {@code length} samples (its contents are overwritten before use). */
    short[] chunk(int length) {
        short[] c = length <= chunkLength ? chunks.poll() : null;
        return c != null ? c : new short[Math.max(length, chunkLength)];
    }

    void giveChunk(short[] c) {
        if (c.length == chunkLength) {
            chunks.offer(c);
        }
    }

    /** Windows allocated so far because none waited here (the pool ran dry, or a window longer than kept). */
    public long windowsMade() {
        return windowsMade.sum();
    }

    /** Windows and chunks waiting for a recorder now. */
    public int kept() {
        return windows.size() + chunks.size();
    }
}
