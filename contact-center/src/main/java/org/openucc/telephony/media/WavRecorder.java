package org.openucc.telephony.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records audio frames from one or two parties into a WAV file. A bridged call is recorded in
 * stereo: channel 0 (left) is the caller, channel 1 (right) the agent, each placed on a common
 * timeline by arrival time, so a silent party is silence, not a shifted track. Frames arrive on event
 * loops and are handed to a writer executor (file I/O never runs on an event loop); all state below
 * is owned by that executor, which must run one task at a time per recorder (a serial executor).
 */
public final class WavRecorder {
    private static final Logger log = LoggerFactory.getLogger(WavRecorder.class);
    private static final long NANOS_PER_SAMPLE = 1_000_000_000L / Codec.CLOCK_RATE;
    /** Late frames within this many samples of their slot are appended, not spaced out (jitter). */
    private static final int JITTER_SAMPLES = 2 * Codec.SAMPLES_PER_PACKET;
    /** A party that sent nothing for this long is padded with silence so the file keeps moving. */
    private static final int MAX_LAG_SAMPLES = Codec.CLOCK_RATE;
    /** Written in half-second chunks: a write per 20 ms frame costs more than the relay itself. */
    private static final int WRITE_CHUNK = Codec.CLOCK_RATE / 2;

    private final Executor writer;
    private final Path file;
    private final int channels;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final long startNanos;
    private WavWriter out;
    private final short[][] pending;
    private final int[] pendingLen;
    private final long[] position; // samples placed per channel (written + pending)
    private short[] interleaved = new short[0];
    private boolean closed;
    private IOException failure;

    public WavRecorder(Executor writer, Path file, int channels, long startNanos) {
        this.writer = writer;
        this.file = file;
        this.channels = channels;
        this.startNanos = startNanos;
        this.pending = new short[channels][Codec.CLOCK_RATE];
        this.pendingLen = new int[channels];
        this.position = new long[channels];
        writer.execute(this::open);
    }

    public Path file() {
        return file;
    }

    /** Completes with the duration in milliseconds once the file is closed (fails if it could not be written). */
    public CompletableFuture<Long> done() {
        return done;
    }

    /** Hands one frame (copied) to the writer; safe from any thread. */
    public void frame(int channel, short[] samples, int count, long arrivalNanos) {
        short[] copy = java.util.Arrays.copyOf(samples, count);
        writer.execute(() -> place(channel, copy, arrivalNanos));
    }

    public void close() {
        writer.execute(this::finish);
    }

    private void open() {
        try {
            out = new WavWriter(file, channels);
        } catch (IOException e) {
            failure = e;
            log.error("cannot create recording {}", file, e);
        }
    }

    private void place(int channel, short[] samples, long arrivalNanos) {
        if (closed || failure != null) {
            return;
        }
        long slot = Math.max(0, (arrivalNanos - startNanos) / NANOS_PER_SAMPLE - samples.length);
        if (position[channel] < slot - JITTER_SAMPLES) {
            silence(channel, slot - position[channel]);
        }
        append(channel, samples, samples.length);
        for (int c = 0; c < channels; c++) {
            if (c != channel && position[c] < slot - MAX_LAG_SAMPLES) {
                silence(c, slot - position[c]);
            }
        }
        if (ready() >= WRITE_CHUNK) {
            flush(false);
        }
    }

    private int ready() {
        int n = Integer.MAX_VALUE;
        for (int c = 0; c < channels; c++) {
            n = Math.min(n, pendingLen[c]);
        }
        return n;
    }

    private void silence(int channel, long count) {
        short[] zeros = new short[Codec.SAMPLES_PER_PACKET];
        while (count > 0) {
            int n = (int) Math.min(zeros.length, count);
            append(channel, zeros, n);
            count -= n;
        }
    }

    private void append(int channel, short[] samples, int count) {
        if (pendingLen[channel] + count > pending[channel].length) {
            flush(true);
        }
        if (pendingLen[channel] + count > pending[channel].length) {
            pending[channel] = java.util.Arrays.copyOf(pending[channel], Math.max(pending[channel].length * 2,
                    pendingLen[channel] + count));
        }
        System.arraycopy(samples, 0, pending[channel], pendingLen[channel], count);
        pendingLen[channel] += count;
        position[channel] += count;
    }

    /** Writes the frames all channels have; with {@code force}, pads the others with silence first. */
    private void flush(boolean force) {
        int n = Integer.MAX_VALUE;
        int max = 0;
        for (int c = 0; c < channels; c++) {
            n = Math.min(n, pendingLen[c]);
            max = Math.max(max, pendingLen[c]);
        }
        if (force) {
            for (int c = 0; c < channels; c++) {
                if (pendingLen[c] < max) {
                    int add = max - pendingLen[c];
                    java.util.Arrays.fill(pending[c], pendingLen[c], max, (short) 0);
                    pendingLen[c] = max;
                    position[c] += add;
                }
            }
            n = max;
        }
        if (n == 0 || out == null) {
            return;
        }
        if (interleaved.length < n * channels) {
            interleaved = new short[n * channels];
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                interleaved[i * channels + c] = pending[c][i];
            }
        }
        try {
            out.write(interleaved, n * channels);
        } catch (IOException e) {
            failure = e;
            log.error("recording {} failed while writing", file, e);
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(pending[c], n, pending[c], 0, pendingLen[c] - n);
            pendingLen[c] -= n;
        }
    }

    private void finish() {
        if (closed) {
            return;
        }
        closed = true;
        if (out != null && failure == null) {
            flush(true);
        }
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            done.completeExceptionally(failure);
        } else {
            done.complete(out.durationMillis());
        }
    }
}
