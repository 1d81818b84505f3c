package org.openucc.telephony.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams 16-bit PCM 8 kHz audio (mono or interleaved stereo) to a WAV file; the sizes in the header
 * are written on close. Blocking file I/O: use it from a recorder thread, never an event loop.
 */
public final class WavWriter implements AutoCloseable {
    /** Samples turned into bytes at a time. */
    private static final int SLICE_SAMPLES = 16_384;
    /**
     * Each writing thread's bytes of one slice, shared by every recording that thread writes (a thread writes one
     * slice at a time). A buffer of each recording's own (32 KB) lived as long as its call, so every call's
     * buffer outlived a young collection and was copied and promoted (the largest share of a soak's live-object
     * samples, which favour large objects). Direct, so the channel writes it without first copying it into the
     * JDK's own direct buffer; there is one per writing thread, not one per open recording.
     */
    private static final ThreadLocal<ByteBuffer> SLICE = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(SLICE_SAMPLES * 2).order(ByteOrder.LITTLE_ENDIAN));

    private final Path file;
    private final int channels;
    private final FileChannel out;
    private long dataBytes;

    public WavWriter(Path file, int channels) throws IOException {
        this.file = file;
        this.channels = channels;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        writeHeader();
    }

    public Path file() {
        return file;
    }

    /** Writes interleaved samples ({@code channels} per frame). */
    public void write(short[] samples, int count) throws IOException {
        ByteBuffer b = SLICE.get();
        for (int from = 0; from < count; from += SLICE_SAMPLES) {
            int n = Math.min(SLICE_SAMPLES, count - from);
            b.clear();
            b.asShortBuffer().put(samples, from, n);
            b.limit(n * 2);
            while (b.hasRemaining()) {
                out.write(b);
            }
        }
        dataBytes += count * 2L;
    }

    public long durationMillis() {
        return dataBytes / 2 / channels * 1000 / Codec.CLOCK_RATE;
    }

    @Override
    public void close() throws IOException {
        try (out) {
            out.position(0);
            writeHeader();
        }
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt((int) Math.min(0xFFFFFFFFL, 36 + dataBytes)).putInt(0x45564157);
        h.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels).putInt(Codec.CLOCK_RATE)
                .putInt(Codec.CLOCK_RATE * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        h.putInt(0x61746164).putInt((int) Math.min(0xFFFFFFFFL, dataBytes));
        h.flip();
        while (h.hasRemaining()) {
            out.write(h);
        }
    }
}
