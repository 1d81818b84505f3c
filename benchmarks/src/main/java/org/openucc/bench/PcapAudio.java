package org.openucc.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openucc.telephony.media.G711;

/** Writes a pcap of G.711 A-law RTP (20 ms packets, a soft two-tone signal) for sipp's play_pcap_audio. */
final class PcapAudio {
    private PcapAudio() {
    }

    static Path write(Path file, int seconds) throws IOException {
        int packets = seconds * 50;
        ByteBuffer b = ByteBuffer.allocate(24 + packets * (16 + 14 + 20 + 8 + 12 + 160)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
        long sample = 0;
        for (int i = 0; i < packets; i++) {
            long micros = i * 20_000L;
            int len = 14 + 20 + 8 + 12 + 160;
            b.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(len).putInt(len);
            b.order(ByteOrder.BIG_ENDIAN);
            b.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
            int ipStart = b.position();
            b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 12 + 160)).putShort((short) i).putShort((short) 0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {127, 0, 0, 1})
                    .put(new byte[] {127, 0, 0, 1});
            b.putShort(ipStart + 10, checksum(b, ipStart, 20));
            b.putShort((short) 6000).putShort((short) 6002).putShort((short) (8 + 12 + 160)).putShort((short) 0);
            b.put((byte) 0x80).put((byte) (i == 0 ? 0x88 : 0x08)).putShort((short) i).putInt(i * 160).putInt(0x0badcafe);
            for (int s = 0; s < 160; s++, sample++) {
                double v = 6000 * Math.sin(2 * Math.PI * 440 * sample / 8000.0) + 2000 * Math.sin(2 * Math.PI * 660 * sample / 8000.0);
                b.put(G711.linearToAlaw((short) v));
            }
        }
        Files.write(file, java.util.Arrays.copyOf(b.array(), b.position()));
        return file;
    }

    private static short checksum(ByteBuffer b, int from, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += ((b.get(from + i) & 0xff) << 8) | (b.get(from + i + 1) & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
