package org.openucc.telephony.sip;

/** The tone before a voicemail recording: 250 ms of 1 kHz at -6 dBFS, made in code so it needs no file. */
final class Beep {
    static final short[] SAMPLES = new short[2000];

    static {
        for (int i = 0; i < SAMPLES.length; i++) {
            SAMPLES[i] = (short) (16_000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
    }

    private Beep() {
    }
}
