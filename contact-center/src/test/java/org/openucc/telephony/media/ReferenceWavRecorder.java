package org.openucc.telephony.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WavRecorder} as it was at a84f319 (every emitted chunk zeroed behind it, one wrap check a sample),
 * kept unchanged so that {@code WavRecorderEquivalenceTest} can show the current recorder writes the same
 * bytes for the same frames.
 */
final class ReferenceWavRecorder {
    private static final Logger log = LoggerFactory.getLogger(ReferenceWavRecorder.class);
    private static final long NANOS_PER_SAMPLE = 1_000_000_000L / Codec.CLOCK_RATE;
    /** Late frames within this many samples of their slot are appended, not spaced out (jitter). */
    private static final int JITTER_SAMPLES = 2 * Codec.SAMPLES_PER_PACKET;
    /** A party that sent nothing for this long is moved on with silence so the file keeps moving. */
    private static final int MAX_LAG_SAMPLES = Codec.CLOCK_RATE;
    /** Samples per channel handed to the writer at a time: a write per 20 ms frame costs more than the relay. */
    private static final int CHUNK = Codec.CLOCK_RATE / 2;
    /** Samples per channel held before the writer gets them; a party further ahead pushes the others on. */
    private static final int WINDOW = 4 * CHUNK;

    private final Executor writer;
    private final Path file;
    private final int channels;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final long startNanos;

    // Placement, guarded by this (callers: the event loops of the recorded legs, and close()).
    private final short[] window; // WINDOW frames, interleaved, a ring indexed by frame % WINDOW
    private final int ring; // the ring's length in the window: WINDOW * channels (a pooled window may be longer)
    private long base; // first frame not yet handed to the writer
    private final long[] position; // next frame per channel; always >= base and <= base + WINDOW
    private boolean closed;
    /** Where the window and the chunks come from and go back to (no garbage per chunk or call). */
    private final RecordingBuffers buffers;

    // Owned by the writer executor.
    private WavWriter out;
    private IOException failure;

    /** A recorder with buffers of its own (a test's, or a single recording's). */
    ReferenceWavRecorder(Executor writer, Path file, int channels, long startNanos) {
        this(writer, file, channels, startNanos, RecordingBuffers.forRecorders(2));
    }

    /** A recorder taking its buffers from (and giving them back to) {@code buffers}, shared by the calls. */
    ReferenceWavRecorder(Executor writer, Path file, int channels, long startNanos, RecordingBuffers buffers) {
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("a recording has 1 or 2 channels, not " + channels);
        }
        this.writer = writer;
        this.file = file;
        this.channels = channels;
        this.startNanos = startNanos;
        this.buffers = buffers;
        this.ring = WINDOW * channels;
        this.window = buffers.window(ring);
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

    /**
     * Places one frame of {@code count} linear samples of {@code channel}, heard at {@code arrivalNanos};
     * safe from any thread, and cheap: no task, no allocation (the writer gets whole chunks).
     */
    public synchronized void frame(int channel, short[] samples, int count, long arrivalNanos) {
        if (closed || count <= 0) {
            return;
        }
        count = Math.min(count, CHUNK);
        long slot = Math.max(0, (arrivalNanos - startNanos) / NANOS_PER_SAMPLE - count);
        if (position[channel] < slot - JITTER_SAMPLES) {
            position[channel] = slot; // a gap (lost packets, silence suppression): silence, already zeros
        }
        while (position[channel] + count - base > WINDOW) {
            emit(CHUNK, true); // this party is far ahead of the others: they get silence
        }
        long at = position[channel];
        int w = (int) (at % WINDOW) * channels + channel;
        for (int i = 0; i < count; i++) {
            window[w] = samples[i];
            w += channels;
            if (w >= ring) {
                w -= ring;
            }
        }
        position[channel] = at + count;
        for (int c = 0; c < channels; c++) {
            if (c != channel && position[c] < slot - MAX_LAG_SAMPLES) {
                position[c] = Math.min(slot, base + WINDOW); // silent for a second: silence up to now
            }
        }
        while (minPosition() - base >= CHUNK) {
            emit(CHUNK, false);
        }
    }

    /** Writes what is held and closes the file; frames that come after are ignored. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            long end = base;
            for (long p : position) {
                end = Math.max(end, p);
            }
            while (end > base) {
                emit((int) Math.min(CHUNK, end - base), true);
            }
            buffers.giveWindow(window); // every frame held went to the writer; frames after are ignored
        }
        writer.execute(this::finish);
    }

    private long minPosition() {
        long min = Long.MAX_VALUE;
        for (long p : position) {
            min = Math.min(min, p);
        }
        return min;
    }

    /**
     * Hands frames [base, base + n) to the writer (two array copies here; the byte order is the writer's
     * work); with {@code force}, laggards get silence.
     */
    private void emit(int n, boolean force) {
        if (force) {
            for (int c = 0; c < channels; c++) {
                position[c] = Math.max(position[c], base + n);
            }
        }
        int len = n * channels;
        short[] chunk = buffers.chunk(CHUNK * channels);
        int from = (int) (base % WINDOW) * channels;
        int first = Math.min(len, ring - from);
        System.arraycopy(window, from, chunk, 0, first);
        Arrays.fill(window, from, from + first, (short) 0);
        if (first < len) {
            System.arraycopy(window, 0, chunk, first, len - first);
            Arrays.fill(window, 0, len - first, (short) 0);
        }
        base += n;
        short[] data = chunk;
        writer.execute(() -> write(data, len));
    }

    private void open() {
        try {
            out = new WavWriter(file, channels);
        } catch (IOException e) {
            failure = e;
            log.error("cannot create recording {}", file, e);
        }
    }

    private void write(short[] data, int length) {
        try {
            if (out != null && failure == null) {
                out.write(data, length);
            }
        } catch (IOException e) {
            failure = e;
            log.error("recording {} failed while writing", file, e);
        } finally {
            buffers.giveChunk(data);
        }
    }

    private void finish() {
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

    @Override
    public String toString() {
        return "recorder " + file.getFileName() + " " + Arrays.toString(position);
    }
}
