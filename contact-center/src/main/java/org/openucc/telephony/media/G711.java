package org.openucc.telephony.media;

/**
 * ITU-T G.711 µ-law and A-law companding. Decoding is a table lookup; encoding uses a 16k-entry
 * table indexed by the top 14 bits, which is what G.711 resolves anyway.
 */
public final class G711 {
    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR_TO_ULAW = new byte[1 << 14];
    private static final byte[] LINEAR_TO_ALAW = new byte[1 << 14];
    /** Byte-to-byte transcoding tables (µ-law to A-law and back), so a relay converts with one lookup. */
    private static final byte[] ULAW_TO_ALAW = new byte[256];
    private static final byte[] ALAW_TO_ULAW = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = ulawDecode(i);
            ALAW_TO_LINEAR[i] = alawDecode(i);
        }
        for (int i = 0; i < (1 << 14); i++) {
            short sample = (short) ((i - (1 << 13)) << 2);
            LINEAR_TO_ULAW[i] = ulawEncode(sample);
            LINEAR_TO_ALAW[i] = alawEncode(sample);
        }
        for (int i = 0; i < 256; i++) {
            ULAW_TO_ALAW[i] = linearToAlaw(ULAW_TO_LINEAR[i]);
            ALAW_TO_ULAW[i] = linearToUlaw(ALAW_TO_LINEAR[i]);
        }
    }

    private G711() {
    }

    public static short ulawToLinear(byte b) {
        return ULAW_TO_LINEAR[b & 0xff];
    }

    public static short alawToLinear(byte b) {
        return ALAW_TO_LINEAR[b & 0xff];
    }

    public static byte linearToUlaw(short s) {
        return LINEAR_TO_ULAW[(s >> 2) + (1 << 13)];
    }

    public static byte linearToAlaw(short s) {
        return LINEAR_TO_ALAW[(s >> 2) + (1 << 13)];
    }

    /** The decoding table of {@code codec} (256 linear samples by byte; not to be written to). */
    static short[] toLinear(Codec codec) {
        return codec == Codec.PCMU ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
    }

    /** Transcodes µ-law to A-law (and back) through linear, byte for byte. */
    public static byte ulawToAlaw(byte b) {
        return ULAW_TO_ALAW[b & 0xff];
    }

    public static byte alawToUlaw(byte b) {
        return ALAW_TO_ULAW[b & 0xff];
    }

    // G.711 reference algorithms (as in the Sun/CCITT public-domain g711.c).
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private static byte ulawEncode(short pcm) {
        int sample = pcm;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        if (sample > CLIP) {
            sample = CLIP;
        }
        sample += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static short ulawDecode(int ulaw) {
        ulaw = ~ulaw & 0xff;
        int sign = ulaw & 0x80;
        int exponent = (ulaw >> 4) & 0x07;
        int mantissa = ulaw & 0x0f;
        int sample = ((mantissa << 3) + BIAS) << exponent;
        sample -= BIAS;
        return (short) (sign != 0 ? -sample : sample);
    }

    private static byte alawEncode(short pcm) {
        int sample = pcm;
        int sign = 0x80;
        if (sample < 0) {
            sample = -sample - 1;
            sign = 0;
        }
        if (sample > 32767) {
            sample = 32767;
        }
        int encoded;
        if (sample >= 256) {
            int exponent = 7;
            for (int mask = 0x4000; (sample & mask) == 0 && exponent > 1; mask >>= 1) {
                exponent--;
            }
            int mantissa = (sample >> (exponent + 3)) & 0x0f;
            encoded = (exponent << 4) | mantissa;
        } else {
            encoded = sample >> 4;
        }
        return (byte) ((encoded | sign) ^ 0x55);
    }

    private static short alawDecode(int alaw) {
        alaw ^= 0x55;
        int sign = alaw & 0x80;
        int exponent = (alaw >> 4) & 0x07;
        int mantissa = alaw & 0x0f;
        int sample;
        if (exponent == 0) {
            sample = (mantissa << 4) + 8;
        } else {
            sample = ((mantissa << 4) + 0x108) << (exponent - 1);
        }
        return (short) (sign != 0 ? sample : -sample);
    }
}
