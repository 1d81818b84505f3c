package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's packet counters are kept per RTP loop (each counted by its own loop only, without atomics)
 * and the stats add the loops up; they also say how often a recorder's window had to be allocated.
 */
class MediaEngineStatsTest {
    @Test
    void eachLoopCountsItsOwnPacketsAndTheSnapshotAddsThemUp() throws Exception {
        MediaEngine.Stats stats = new MediaEngine.Stats(RecordingBuffers.forRecorders(1));
        LoopCounters first = stats.newLoop();
        LoopCounters second = stats.newLoop();
        Thread a = new Thread(() -> count(first, 100_000));
        Thread b = new Thread(() -> count(second, 50_000));
        a.start();
        b.start();
        a.join(30_000);
        b.join(30_000);
        stats.packetsDropped.increment();
        Map<String, Long> s = stats.snapshot();
        assertThat(s.get("packetsIn")).isEqualTo(150_000L);
        assertThat(s.get("packetsOut")).isEqualTo(150_000L);
        assertThat(s.get("relayed")).isEqualTo(150_000L);
        assertThat(s.get("relayedLate5ms")).isEqualTo(15_000L);
        assertThat(s.get("packetsDropped")).isEqualTo(1L);
    }

    @Test
    void theStatsSayHowOftenARecorderFoundNoWindowGivenBack() {
        RecordingBuffers buffers = RecordingBuffers.forRecorders(1);
        MediaEngine.Stats stats = new MediaEngine.Stats(buffers);
        int stereo = WavRecorder.WINDOW * 2;
        short[] first = buffers.window(stereo);
        short[] second = buffers.window(stereo);
        assertThat(stats.snapshot()).containsEntry("recordingWindowsMade", 2L).containsEntry("recordingBuffersKept", 0L);
        buffers.giveWindow(first);
        buffers.giveWindow(second); // one is kept at most: this one is left to the collector
        assertThat(stats.snapshot()).containsEntry("recordingBuffersKept", 1L);
        assertThat(buffers.window(stereo)).isSameAs(first);
        assertThat(stats.snapshot()).containsEntry("recordingWindowsMade", 2L).containsEntry("recordingBuffersKept", 0L);
        buffers.window(stereo);
        assertThat(stats.snapshot()).containsEntry("recordingWindowsMade", 3L);
    }

    /** What a loop does for {@code n} relayed packets, one in ten of them late. */
    private static void count(LoopCounters c, int n) {
        for (int i = 0; i < n; i++) {
            c.packetIn();
            c.relayed(i % 10 == 0);
            c.packetOut();
        }
    }
}
