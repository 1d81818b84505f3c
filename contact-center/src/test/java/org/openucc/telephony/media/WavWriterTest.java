package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAV file writer: the exact bytes (header sizes, little-endian samples) whatever the size of a write and
 * however many recordings one thread writes in turn, and no buffer of its own per recording: a call's
 * recording lives as long as the call, so a buffer of its own outlived young collections and was promoted.
 */
class WavWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheSamplesExactlyWhateverTheSizeOfAWriteAndWithRecordingsInterleavedOnOneThread() throws Exception {
        Random random = new Random(42);
        short[] a = samples(random, 70_001); // more than four of the writer's slices, odd
        short[] b = samples(random, 16_000); // a stereo recorder's chunk
        Path fileA = dir.resolve("a.wav");
        Path fileB = dir.resolve("b.wav");
        try (WavWriter wa = new WavWriter(fileA, 1); WavWriter wb = new WavWriter(fileB, 2)) {
            wa.write(a, 3);
            wb.write(b, 8_000);
            wa.write(java.util.Arrays.copyOfRange(a, 3, a.length), a.length - 3);
            wb.write(java.util.Arrays.copyOfRange(b, 8_000, b.length), 8_000);
            assertThat(wa.durationMillis()).isEqualTo(70_001L * 1000 / 8000);
            assertThat(wb.durationMillis()).isEqualTo(8_000L * 1000 / 8000);
        }
        assertThat(Files.readAllBytes(fileA)).isEqualTo(expected(a, 1));
        assertThat(Files.readAllBytes(fileB)).isEqualTo(expected(b, 2));
    }

    @Test
    void aRecordingHasNoBufferOfItsOwn() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        short[] chunk = samples(new Random(7), 16_000); // half a second of stereo: 32,000 bytes
        try (WavWriter warm = new WavWriter(dir.resolve("warm.wav"), 2)) {
            warm.write(chunk, chunk.length); // this thread's first write sets up what it keeps
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        try (WavWriter w = new WavWriter(dir.resolve("call.wav"), 2)) {
            w.write(chunk, chunk.length);
            w.write(chunk, chunk.length);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(allocated).as("bytes allocated on the heap for a recording and 64,000 bytes of its audio")
                .isLessThan(16_000);
        assertThat(Files.size(dir.resolve("call.wav"))).isEqualTo(44 + 64_000);
    }

    private static short[] samples(Random random, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) random.nextInt();
        }
        return s;
    }

    /** The file as RIFF/WAVE says it must be: a 44-byte header with the sizes, then the samples little-endian. */
    private static byte[] expected(short[] samples, int channels) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        int data = samples.length * 2;
        b.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(8000)
                .putInt(8000 * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        b.put("data".getBytes()).putInt(data);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }
}
