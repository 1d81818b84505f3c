package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Assertions on what really went over the wire or into a file. */
public final class Audio {
    private Audio() {
    }

    /** Consecutive packets of one stream: +1 sequence, +160 timestamp, one SSRC, the expected payload type. */
    static void assertPaced20ms(List<RtpProbe.Packet> packets, int payloadType) {
        assertThat(packets).hasSizeGreaterThan(10);
        for (int i = 1; i < packets.size(); i++) {
            RtpProbe.Packet a = packets.get(i - 1);
            RtpProbe.Packet b = packets.get(i);
            assertThat(b.payloadType()).as("payload type of packet %d", i).isEqualTo(payloadType);
            assertThat(b.payload()).hasSize(160);
            if (a.ssrc() == b.ssrc()) {
                assertThat((b.seq() - a.seq()) & 0xffff).as("sequence step at packet %d", i).isEqualTo(1);
                assertThat((b.timestamp() - a.timestamp()) & 0xffffffffL).as("timestamp step at packet %d", i)
                        .isEqualTo(160);
            }
        }
        double spanMillis = (packets.get(packets.size() - 1).atNanos() - packets.get(0).atNanos()) / 1e6;
        // Paced, not burst: never faster than real time. The upper bound only catches a stalled pacer;
        // it is loose because a starved test machine delays packets (the schedule itself is checked by
        // the sequence numbers and timestamps above).
        assertThat(spanMillis / (packets.size() - 1)).as("mean packet interval (ms)").isBetween(17.0, 30.0);
    }

    /** Mean absolute sample level of each channel of a 16-bit WAV file. */
    public static double[] channelLevels(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int channels = b.getShort(22);
        assertThat(b.getInt(24)).isEqualTo(8000);
        int samples = (b.capacity() - 44) / 2;
        double[] sum = new double[channels];
        for (int i = 0; i < samples; i++) {
            sum[i % channels] += Math.abs(b.getShort(44 + 2 * i));
        }
        for (int c = 0; c < channels; c++) {
            sum[c] /= Math.max(1, samples / channels);
        }
        return sum;
    }
}
