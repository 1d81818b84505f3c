package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The monitoring mix's arithmetic and its per-party queue, without a network. */
class MonitorMixTest {
    @Test
    void framesAreAddedWithClippingAndAnAbsentFrameIsSilence() {
        short[] a = {1000, 30_000, -30_000, 0};
        short[] b = {-400, 10_000, -10_000, 7};
        short[] out = new short[4];

        MonitorMix.mix(a, true, b, true, out);
        assertThat(out).containsExactly(600, Short.MAX_VALUE, Short.MIN_VALUE, 7);

        MonitorMix.mix(a, true, b, false, out);
        assertThat(out).containsExactly(a);
    }

    @Test
    void aPartyQueueHandsOutWholeFramesPadsTheLastAndDropsTheOldestBeyondItsBound() {
        MonitorMix.SampleQueue q = new MonitorMix.SampleQueue();
        short[] frame = new short[MonitorMix.FRAME];
        assertThat(q.take(frame)).as("nothing sent: nothing to mix").isFalse();

        short[] packet = new short[240]; // a 30 ms packet: one frame and a half
        for (int i = 0; i < packet.length; i++) {
            packet[i] = (short) (i + 1);
        }
        q.add(packet, packet.length);
        assertThat(q.take(frame)).isTrue();
        assertThat(frame[0]).isEqualTo((short) 1);
        assertThat(frame[159]).isEqualTo((short) 160);
        assertThat(q.take(frame)).isTrue();
        assertThat(frame[0]).isEqualTo((short) 161);
        assertThat(frame[79]).isEqualTo((short) 240);
        assertThat(frame[80]).as("the rest of a partial frame is silence").isZero();
        assertThat(q.size()).isZero();

        short[] burst = new short[MonitorMix.FRAME];
        for (int n = 0; n < MonitorMix.MAX_QUEUED_FRAMES + 3; n++) {
            java.util.Arrays.fill(burst, (short) n);
            q.add(burst, burst.length);
        }
        assertThat(q.size()).as("a sender ahead of the clock adds no delay beyond the bound")
                .isEqualTo(MonitorMix.FRAME * MonitorMix.MAX_QUEUED_FRAMES);
        q.take(frame);
        assertThat(frame[0]).as("the oldest frames went").isEqualTo((short) 3);
    }
}
