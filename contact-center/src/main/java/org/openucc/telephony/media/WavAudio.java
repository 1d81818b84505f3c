package org.openucc.telephony.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads 8 kHz mono WAV prompts into linear samples: 16-bit PCM, or already G.711 (µ-law 7, A-law 6).
 * Anything else is refused with the file name and what was found, so a bad prompt is found at load.
 */
public final class WavAudio {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_ULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavAudio() {
    }

    public static short[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        b.position(12);
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (b.remaining() >= 8) {
            int id = b.getInt();
            int size = b.getInt();
            if (size < 0 || size > b.remaining()) {
                size = b.remaining(); // some writers leave the data size unset for streamed files
            }
            if (id == 0x20746d66 /* fmt */) {
                format = b.getShort(b.position()) & 0xffff;
                channels = b.getShort(b.position() + 2);
                rate = b.getInt(b.position() + 4);
                bits = b.getShort(b.position() + 14);
                if (format == FORMAT_EXTENSIBLE && size >= 26) {
                    format = b.getShort(b.position() + 24) & 0xffff;
                }
            } else if (id == 0x61746164 /* data */) {
                if (format < 0) {
                    throw new IOException(file + ": data chunk before the fmt chunk");
                }
                if (channels != 1 || rate != Codec.CLOCK_RATE) {
                    throw new IOException(file + ": prompts must be 8000 Hz mono, found " + rate + " Hz, "
                            + channels + " channel(s) (convert with: sox in.wav -r 8000 -c 1 -b 16 out.wav)");
                }
                return decode(file, b.slice(b.position(), size).order(ByteOrder.LITTLE_ENDIAN), format, bits);
            }
            b.position(b.position() + size + (size & 1));
        }
        throw new IOException(file + ": no data chunk");
    }

    private static short[] decode(Path file, ByteBuffer data, int format, int bits) throws IOException {
        if (format == FORMAT_PCM && bits == 16) {
            short[] out = new short[data.remaining() / 2];
            data.asShortBuffer().get(out);
            return out;
        }
        if ((format == FORMAT_ULAW || format == FORMAT_ALAW) && bits == 8) {
            short[] out = new short[data.remaining()];
            for (int i = 0; i < out.length; i++) {
                byte v = data.get(i);
                out[i] = format == FORMAT_ULAW ? G711.ulawToLinear(v) : G711.alawToLinear(v);
            }
            return out;
        }
        throw new IOException(file + ": unsupported WAV encoding (format " + format + ", " + bits
                + " bits); use 16-bit PCM, µ-law or A-law");
    }
}
