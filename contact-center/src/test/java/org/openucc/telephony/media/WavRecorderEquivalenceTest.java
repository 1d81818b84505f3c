package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder writes, byte for byte, what it wrote before its placement was made cheaper
 * ({@link ReferenceWavRecorder}: every chunk zeroed behind it): the same frames, from both of its entry
 * points (linear samples, and G.711 bytes decoded into the window), give the same file. The frames are
 * drawn at random but reproducibly (the seed is in the message): jitter, losses, reordering, pauses longer
 * than the window, a party seconds ahead of the other, odd frame lengths, frames after close, mono and
 * stereo, and the window wrapping many times with old audio left in its slots.
 */
class WavRecorderEquivalenceTest {
    private static final long START = 1_000_000_000L;
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Executor INLINE = Runnable::run;

    @TempDir
    Path dir;

    @Test
    void theSameFramesGiveTheSameFileAsTheReferenceRecorder() throws Exception {
        for (int seed = 0; seed < 120; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int channels = seed % 5 == 4 ? 1 : 2;
            RecordingBuffers shared = RecordingBuffers.forRecorders(2);
            Path expected = dir.resolve("ref-" + seed + ".wav");
            Path linear = dir.resolve("linear-" + seed + ".wav");
            Path bytes = dir.resolve("g711-" + seed + ".wav");
            ReferenceWavRecorder ref = new ReferenceWavRecorder(INLINE, expected, channels, START);
            WavRecorder a = new WavRecorder(INLINE, linear, channels, START, shared);
            WavRecorder b = new WavRecorder(INLINE, bytes, channels, START, shared);
            Codec[] codecs = {Codec.PCMA, random.nextBoolean() ? Codec.PCMU : Codec.PCMA};
            long[] clock = new long[channels];
            int frames = 200 + random.nextInt(1200);
            byte[] g711 = new byte[WavRecorder.CHUNK + 200];
            short[] decoded = new short[g711.length];
            for (int n = 0; n < frames; n++) {
                int c = random.nextInt(channels);
                clock[c] += nextStep(random);
                int count = random.nextInt(40) == 0 ? 1 + random.nextInt(g711.length) : random.nextInt(8) == 0 ? 80 : 160;
                if (random.nextInt(200) == 0) {
                    codecs[c] = codecs[c] == Codec.PCMU ? Codec.PCMA : Codec.PCMU; // a codec change mid-call
                }
                for (int i = 0; i < count; i++) {
                    g711[i] = (byte) random.nextInt(256);
                    decoded[i] = codecs[c].decode(g711[i]);
                }
                long at = START + clock[c];
                ref.frame(c, decoded, count, at);
                a.frame(c, decoded, count, at);
                b.frame(c, g711, count, codecs[c], at);
            }
            ref.close();
            a.close();
            b.close();
            short[] after = decodedCopy(decoded);
            ref.frame(0, after, 160, START + clock[0] + FRAME_NANOS);
            a.frame(0, after, 160, START + clock[0] + FRAME_NANOS);
            b.frame(0, g711, 160, Codec.PCMU, START + clock[0] + FRAME_NANOS);
            assertThat(a.done().get(5, TimeUnit.SECONDS)).isEqualTo(ref.done().get(5, TimeUnit.SECONDS));
            assertThat(b.done().get(5, TimeUnit.SECONDS)).isEqualTo(ref.done().get(5, TimeUnit.SECONDS));
            byte[] want = Files.readAllBytes(expected);
            assertThat(Files.readAllBytes(linear)).as("seed %d, %d channels, linear frames", seed, channels)
                    .isEqualTo(want);
            assertThat(Files.readAllBytes(bytes)).as("seed %d, %d channels, G.711 frames", seed, channels)
                    .isEqualTo(want);
        }
    }

    /** How far a party's next frame arrives after its last: mostly 20 ms with jitter, sometimes far off. */
    private static long nextStep(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 70) {
            return FRAME_NANOS + random.nextLong(-3_000_000L, 3_000_000L); // jitter
        } else if (kind < 80) {
            return random.nextLong(0, 2 * FRAME_NANOS); // bunched up, or late
        } else if (kind < 88) {
            return -random.nextLong(0, 5 * FRAME_NANOS); // out of order: arrives before the last one
        } else if (kind < 94) {
            return FRAME_NANOS * (2 + random.nextInt(20)); // lost packets
        } else if (kind < 98) {
            return TimeUnit.MILLISECONDS.toNanos(500 + random.nextInt(1500)); // a pause: the other is moved on
        } else {
            return TimeUnit.MILLISECONDS.toNanos(2000 + random.nextInt(4000)); // longer than the window
        }
    }

    private static short[] decodedCopy(short[] s) {
        return java.util.Arrays.copyOf(s, 160);
    }
}
