package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtmfDetectorTest {
    private static byte[] event(int code, boolean end, int duration) {
        return new byte[] {(byte) code, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
    }

    @Test
    void aKeyPressIsReportedOnceOnItsFirstEndPacketAndRepeatsAreIgnored() {
        DtmfDetector d = new DtmfDetector();
        StringBuilder out = new StringBuilder();
        long ts = 1000;
        for (int i = 1; i <= 3; i++) {
            append(out, d.onPacket(ts, event(5, false, i * 160), 0, 4));
        }
        for (int i = 0; i < 3; i++) {
            append(out, d.onPacket(ts, event(5, true, 480), 0, 4)); // RFC 4733 §2.5.1.4: end sent three times
        }
        for (int i = 0; i < 3; i++) {
            append(out, d.onPacket(ts + 2000, event(11, true, 480), 0, 4));
        }
        assertThat(out).hasToString("5#");
    }

    @Test
    void aKeyWhoseEndPacketsWereLostIsReportedWhenTheNextOneStarts() {
        DtmfDetector d = new DtmfDetector();
        StringBuilder out = new StringBuilder();
        append(out, d.onPacket(100, event(1, false, 160), 0, 4));
        append(out, d.onPacket(100, event(1, false, 320), 0, 4));
        append(out, d.onPacket(900, event(2, false, 160), 0, 4));
        append(out, d.onPacket(900, event(2, true, 320), 0, 4));
        assertThat(out).hasToString("12");
    }

    @Test
    void shortPayloadsAreIgnored() {
        assertThat((int) new DtmfDetector().onPacket(1, new byte[] {1, 2}, 0, 2)).isZero();
    }

    private static void append(StringBuilder sb, char c) {
        if (c != 0) {
            sb.append(c);
        }
    }
}
