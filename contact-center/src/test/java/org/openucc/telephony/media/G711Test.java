package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void companding_roundTripsWithinTheQuantisationStep() {
        for (int s = -32_000; s <= 32_000; s += 37) {
            short in = (short) s;
            int tolerance = Math.max(16, Math.abs(s) / 16);
            assertThat((int) G711.ulawToLinear(G711.linearToUlaw(in))).as("µ-law %d", s).isCloseTo(s,
                    org.assertj.core.data.Offset.offset(tolerance));
            assertThat((int) G711.alawToLinear(G711.linearToAlaw(in))).as("A-law %d", s).isCloseTo(s,
                    org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    @Test
    void silenceHasTheWellKnownCodes() {
        assertThat(G711.linearToUlaw((short) 0) & 0xff).isEqualTo(0xff);
        assertThat(G711.linearToAlaw((short) 0) & 0xff).isEqualTo(0xd5);
    }

    @Test
    void transcodingKeepsTheSignal() {
        for (int b = 0; b < 256; b++) {
            short viaAlaw = G711.alawToLinear(G711.ulawToAlaw((byte) b));
            short direct = G711.ulawToLinear((byte) b);
            assertThat((int) viaAlaw).isCloseTo(direct, org.assertj.core.data.Offset.offset(Math.max(16, Math.abs(direct) / 8)));
        }
    }
}
