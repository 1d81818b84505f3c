package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call recorder: where each party's frames land in the stereo file (by arrival time), and what it
 * costs the writer pool (whole chunks, never a task per frame). Arrival times are given, not waited for.
 */
class WavRecorderTest {
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long START = 1_000_000_000L;

    @TempDir
    Path dir;

    /** Runs the writer's tasks at once on the caller (one at a time, in order) and counts them. */
    static final class CountingWriter implements Executor {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            task.run();
        }
    }

    @Test
    void aRecordedCallCostsTheWriterAChunkPerHalfSecondNotATaskPerFrame() throws Exception {
        CountingWriter writer = new CountingWriter();
        Path file = dir.resolve("call.wav");
        WavRecorder r = new WavRecorder(writer, file, 2, START);
        int opened = writer.tasks.get();
        for (int n = 1; n <= 150; n++) { // 3 s of two-way audio: 300 frames
            long at = START + n * FRAME_NANOS;
            r.frame(0, tone(1000), 160, at);
            r.frame(1, tone(2000), 160, at);
        }
        assertThat(writer.tasks.get() - opened).as("six half-second chunks, whatever the frame count").isEqualTo(6);
        r.close();
        assertThat(r.done().get(5, TimeUnit.SECONDS)).isEqualTo(3000L);
        short[][] ch = channels(file);
        assertThat(ch[0]).hasSize(24_000);
        assertThat(level(ch[0], 0, 24_000)).isBetween(900.0, 1100.0);
        assertThat(level(ch[1], 0, 24_000)).isBetween(1900.0, 2100.0);
    }

    @Test
    void eachPartyLandsAtItsArrivalTimeAndAGapStaysSilence() throws Exception {
        CountingWriter writer = new CountingWriter();
        Path file = dir.resolve("gap.wav");
        WavRecorder r = new WavRecorder(writer, file, 2, START);
        for (int n = 1; n <= 100; n++) { // the caller talks for 2 s, with 0.5-1.0 s lost
            long at = START + n * FRAME_NANOS;
            if (n <= 25 || n > 50) {
                r.frame(0, tone(1000), 160, at);
            }
            if (n > 50) { // the agent only from 1 s on
                r.frame(1, tone(3000), 160, at);
            }
        }
        r.close();
        r.done().get(5, TimeUnit.SECONDS);
        short[][] ch = channels(file);
        assertThat(ch[0]).hasSize(16_000);
        assertThat(level(ch[0], 0, 4000)).isBetween(900.0, 1100.0);
        assertThat(level(ch[0], 4000, 8000)).as("the lost half second is silence, not shifted audio").isZero();
        assertThat(level(ch[0], 8000, 16_000)).isBetween(900.0, 1100.0);
        assertThat(level(ch[1], 0, 8000)).as("the agent said nothing for the first second").isZero();
        assertThat(level(ch[1], 8000, 16_000)).isBetween(2900.0, 3100.0);
    }

    @Test
    void aSilentPartyIsMovedOnWithSilenceSoTheFileKeepsUpWithTheOther() throws Exception {
        CountingWriter writer = new CountingWriter();
        Path file = dir.resolve("one-sided.wav");
        WavRecorder r = new WavRecorder(writer, file, 2, START);
        int opened = writer.tasks.get();
        for (int n = 1; n <= 250; n++) { // 5 s, the agent's phone sends nothing
            r.frame(0, tone(1000), 160, START + n * FRAME_NANOS);
        }
        assertThat(writer.tasks.get() - opened).as("written as it goes, not held until the end").isGreaterThanOrEqualTo(7);
        r.close();
        assertThat(r.done().get(5, TimeUnit.SECONDS)).isEqualTo(5000L);
        short[][] ch = channels(file);
        assertThat(level(ch[0], 0, 40_000)).isBetween(900.0, 1100.0);
        assertThat(level(ch[1], 0, 40_000)).isZero();
    }

    @Test
    void framesAfterCloseAreIgnoredAndAVoicemailIsMono() throws Exception {
        CountingWriter writer = new CountingWriter();
        Path file = dir.resolve("vm.wav");
        WavRecorder r = new WavRecorder(writer, file, 1, START);
        for (int n = 1; n <= 10; n++) {
            r.frame(0, tone(1500), 160, START + n * FRAME_NANOS);
        }
        r.close();
        r.frame(0, tone(1500), 160, START + 11 * FRAME_NANOS);
        assertThat(r.done().get(5, TimeUnit.SECONDS)).isEqualTo(200L);
        assertThat(Files.size(file)).isEqualTo(44 + 1600 * 2);
    }

    /**
     * Calls one after another share the recorders' buffers: the second call gets the first one's window and
     * chunks back (no new ones), a mono voicemail can use a stereo window, and no call's file holds another
     * call's audio (a call that ends mid-chunk leaves nothing behind in the window it gives back).
     */
    @Test
    void callsShareTheBuffersAndNoCallHearsTheLastOne() throws Exception {
        CountingWriter writer = new CountingWriter();
        RecordingBuffers buffers = RecordingBuffers.forRecorders(4);
        WavRecorder first = new WavRecorder(writer, dir.resolve("first.wav"), 2, START, buffers);
        for (int n = 1; n <= 60; n++) { // 1.2 s: ends inside a chunk, the rest still in the window at close
            first.frame(0, tone(1000), 160, START + n * FRAME_NANOS);
            first.frame(1, tone(2000), 160, START + n * FRAME_NANOS);
        }
        first.close();
        first.done().get(5, TimeUnit.SECONDS);
        assertThat(buffers.kept()).as("the window and a chunk came back").isGreaterThanOrEqualTo(2);
        int kept = buffers.kept();

        WavRecorder second = new WavRecorder(writer, dir.resolve("second.wav"), 2, START, buffers);
        assertThat(buffers.kept()).as("the second call took the window back").isEqualTo(kept - 1);
        for (int n = 1; n <= 100; n++) { // 2 s, only the agent talks
            second.frame(1, tone(3000), 160, START + n * FRAME_NANOS);
        }
        second.close();
        second.done().get(5, TimeUnit.SECONDS);
        short[][] ch = channels(dir.resolve("second.wav"));
        assertThat(ch[0]).hasSize(16_000);
        assertThat(level(ch[0], 0, 16_000)).as("nothing of the first call's caller").isZero();
        assertThat(level(ch[1], 0, 16_000)).isBetween(2900.0, 3100.0);

        WavRecorder voicemail = new WavRecorder(writer, dir.resolve("vm.wav"), 1, START, buffers);
        for (int n = 1; n <= 40; n++) {
            voicemail.frame(0, tone(1500), 160, START + n * FRAME_NANOS);
        }
        voicemail.close();
        assertThat(voicemail.done().get(5, TimeUnit.SECONDS)).isEqualTo(800L);
        short[][] vm = channels(dir.resolve("vm.wav"));
        assertThat(vm[0]).hasSize(6_400);
        assertThat(level(vm[0], 0, 6_400)).isBetween(1400.0, 1600.0);
        assertThat(buffers.kept()).as("held at most as configured (4 of each kind)").isLessThanOrEqualTo(8);
    }

    /** A square wave of the given level (mean absolute value = level). */
    private static short[] tone(int level) {
        short[] s = new short[160];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((i / 10) % 2 == 0 ? level : -level);
        }
        return s;
    }

    private static double level(short[] s, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.abs(s[i]);
        }
        return (double) sum / (to - from);
    }

    /** The samples of a 16-bit stereo WAV file written by {@link WavWriter}, per channel. */
    private static short[][] channels(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int channels = b.getShort(22);
        int dataBytes = b.getInt(40);
        assertThat(dataBytes).as("header size matches the data").isEqualTo(b.capacity() - 44);
        int frames = dataBytes / 2 / channels;
        short[][] out = new short[channels][frames];
        b.position(44);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                out[c][i] = b.getShort();
            }
        }
        return out;
    }
}
