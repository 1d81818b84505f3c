package org.openucc.telephony.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records audio frames from one or two parties into a WAV file. A bridged call is recorded in
 * stereo: channel 0 (left) is the caller, channel 1 (right) the agent, each placed on a common
 * timeline by arrival time, so a silent party is silence, not a shifted track.
 *
 * <p>Frames are placed where they arrive (the legs' event loops, normally one loop for both legs of a
 * call) into an interleaved window held here; only whole half-second chunks go to the writer executor,
 * which does the file I/O (never on an event loop) and must run one task at a time per recorder (a
 * serial executor). So a recorded call costs the writer pool two tasks a second, not one per 20 ms
 * frame and party.
 */
public final class WavRecorder {
    private static final Logger log = LoggerFactory.getLogger(WavRecorder.class);
    private static final long NANOS_PER_SAMPLE = 1_000_000_000L / Codec.CLOCK_RATE;
    /** Late frames within this many samples of their slot are appended, not spaced out (jitter). */
    private static final int JITTER_SAMPLES = 2 * Codec.SAMPLES_PER_PACKET;
    /** A party that sent nothing for this long is moved on with silence so the file keeps moving. */
    private static final int MAX_LAG_SAMPLES = Codec.CLOCK_RATE;
    /** Samples per channel handed to the writer at a time: a write per 20 ms frame costs more than the relay. */
    static final int CHUNK = Codec.CLOCK_RATE / 2;
    /** Samples per channel held before the writer gets them; a party further ahead pushes the others on. */
    static final int WINDOW = 4 * CHUNK;

    private final Executor writer;
    private final Path file;
    private final int channels;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final long startNanos;

    // Placement, guarded by this (callers: the event loops of the recorded legs, and close()).
    private final short[] window; // WINDOW frames, interleaved, a ring indexed by frame % WINDOW (see silence())
    private final int ring; // the ring's length in the window: WINDOW * channels (a pooled window may be longer)
    private long base; // first frame not yet handed to the writer
    private final long[] position; // next frame per channel; >= base; <= base + WINDOW but while a gap is claimed
    private boolean closed;
    /** Where the window and the chunks come from and go back to (no garbage per chunk or call). */
    private final RecordingBuffers buffers;

    // Owned by the writer executor.
    private WavWriter out;
    private IOException failure;

    /** A recorder with buffers of its own (a test's, or a single recording's). */
    public WavRecorder(Executor writer, Path file, int channels, long startNanos) {
        this(writer, file, channels, startNanos, RecordingBuffers.forRecorders(2));
    }

    /** A recorder taking its buffers from (and giving them back to) {@code buffers}, shared by the calls. */
    public WavRecorder(Executor writer, Path file, int channels, long startNanos, RecordingBuffers buffers) {
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
        long slot = claim(channel, count, arrivalNanos);
        int at = (int) (position[channel] % WINDOW);
        int first = Math.min(count, WINDOW - at); // frames before the ring wraps
        if (channels == 1) {
            System.arraycopy(samples, 0, window, at, first);
            System.arraycopy(samples, first, window, 0, count - first);
        } else {
            int w = at * 2 + channel;
            for (int i = 0; i < first; i++, w += 2) {
                window[w] = samples[i];
            }
            w = channel;
            for (int i = first; i < count; i++, w += 2) {
                window[w] = samples[i];
            }
        }
        placed(channel, count, slot);
    }

    /**
     * Places one frame of {@code count} G.711 bytes of {@code codec} of {@code channel}, heard at
     * {@code arrivalNanos}, decoding each byte straight into the window: what {@link #frame(int, short[], int,
     * long)} records for the decoded samples, without decoding them into another array first (the relay's
     * usual case, where nothing else on the loop needs them linear).
     */
    public synchronized void frame(int channel, byte[] g711, int count, Codec codec, long arrivalNanos) {
        if (closed || count <= 0) {
            return;
        }
        count = Math.min(count, CHUNK);
        short[] linear = G711.toLinear(codec);
        long slot = claim(channel, count, arrivalNanos);
        int at = (int) (position[channel] % WINDOW);
        int first = Math.min(count, WINDOW - at);
        int step = channels;
        int w = at * step + channel;
        for (int i = 0; i < first; i++, w += step) {
            window[w] = linear[g711[i] & 0xff];
        }
        w = channel;
        for (int i = first; i < count; i++, w += step) {
            window[w] = linear[g711[i] & 0xff];
        }
        placed(channel, count, slot);
    }

    /**
     * Before {@code count} samples of {@code channel} are written at {@code position[channel]}: moves the
     * channel over a gap (silence) and pushes the window on if the frame would not fit. Returns the
     * frame's slot on the timeline (from its arrival time).
     */
    private long claim(int channel, int count, long arrivalNanos) {
        long slot = Math.max(0, (arrivalNanos - startNanos) / NANOS_PER_SAMPLE - count);
        if (position[channel] < slot - JITTER_SAMPLES) {
            silence(channel, position[channel], slot); // a gap (lost packets, silence suppression)
            position[channel] = slot;
        }
        while (position[channel] + count - base > WINDOW) {
            emit(CHUNK, true); // this party is far ahead of the others: they get silence
        }
        return slot;
    }

    /** After {@code count} samples of {@code channel} were written: moves a silent party on, hands chunks on. */
    private void placed(int channel, int count, long slot) {
        position[channel] += count;
        if (channels == 2) {
            int c = 1 - channel;
            if (position[c] < slot - MAX_LAG_SAMPLES) {
                long to = Math.min(slot, base + WINDOW); // silent for a second: silence up to now
                silence(c, position[c], to);
                position[c] = to;
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
        return channels == 1 ? position[0] : Math.min(position[0], position[1]);
    }

    /**
     * Zeroes {@code channel}'s samples for frames [from, to) that lie in the window. The window holds, per
     * channel, what was placed for frames [base, position) (audio or silence); what lies beyond is left over
     * from earlier (a slot is not zeroed when it is handed on), so a channel moved on without audio gets its
     * silence written here.
     */
    private void silence(int channel, long from, long to) {
        from = Math.max(from, base);
        to = Math.min(to, base + WINDOW);
        if (from >= to) {
            return;
        }
        int n = (int) (to - from);
        int at = (int) (from % WINDOW);
        int first = Math.min(n, WINDOW - at);
        if (channels == 1) {
            Arrays.fill(window, at, at + first, (short) 0);
            Arrays.fill(window, 0, n - first, (short) 0);
            return;
        }
        int w = at * 2 + channel;
        for (int i = 0; i < first; i++, w += 2) {
            window[w] = 0;
        }
        w = channel;
        for (int i = first; i < n; i++, w += 2) {
            window[w] = 0;
        }
    }

    /**
     * Hands frames [base, base + n) to the writer (one or two array copies here; the byte order is the
     * writer's work); with {@code force}, laggards get silence. The slots handed on are not zeroed: they
     * come back as frames [base + WINDOW - n, base + WINDOW), which a channel already past them gets as
     * silence here and any other channel overwrites as it goes.
     */
    private void emit(int n, boolean force) {
        if (force) {
            for (int c = 0; c < channels; c++) {
                if (position[c] < base + n) {
                    silence(c, position[c], base + n);
                    position[c] = base + n;
                }
            }
        }
        int len = n * channels;
        short[] chunk = buffers.chunk(CHUNK * channels);
        int from = (int) (base % WINDOW) * channels;
        int first = Math.min(len, ring - from);
        System.arraycopy(window, from, chunk, 0, first);
        if (first < len) {
            System.arraycopy(window, 0, chunk, first, len - first);
        }
        base += n;
        for (int c = 0; c < channels; c++) {
            if (position[c] > base + WINDOW - n) {
                silence(c, base + WINDOW - n, position[c]);
            }
        }
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
