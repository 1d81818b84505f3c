package org.openucc.telephony.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openucc.telephony.media.G711;

/**
 * Writes 8 kHz linear audio (e.g. a WAV test sample) as a pcap of one PCMU RTP stream, 20 ms per
 * packet, for sipp's {@code play_pcap_audio}: the packet times pace sipp, so the far end hears it in
 * real time.
 */
public final class WavPcap {
    private static final int SAMPLES = 160;

    private WavPcap() {
    }

    public static Path write(Path file, short[] audio) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
        out.writeBytes(header.array());
        int packets = Math.max(1, audio.length / SAMPLES);
        for (int i = 0; i < packets; i++) {
            byte[] rtp = new byte[12 + SAMPLES];
            ByteBuffer r = ByteBuffer.wrap(rtp);
            r.put((byte) 0x80).put((byte) (i == 0 ? 0x80 : 0)).putShort((short) (1000 + i)).putInt(8000 + i * SAMPLES)
                    .putInt(0x4F55CCAD);
            for (int k = 0; k < SAMPLES; k++) {
                int at = i * SAMPLES + k;
                r.put(G711.linearToUlaw(at < audio.length ? audio[at] : 0));
            }
            packet(out, i * 20_000L, rtp);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    /** Ethernet + IPv4 + UDP around one RTP packet, as sipp's pcap player reads it. */
    private static void packet(ByteArrayOutputStream out, long micros, byte[] rtp) {
        int udpLength = 8 + rtp.length;
        int ipLength = 20 + udpLength;
        ByteBuffer p = ByteBuffer.allocate(14 + ipLength);
        p.put(new byte[12]).putShort((short) 0x0800);
        int ip = p.position();
        p.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {127, 0, 0, 1})
                .put(new byte[] {127, 0, 0, 1});
        int sum = 0;
        for (int i = ip; i < ip + 20; i += 2) {
            sum += ((p.get(i) & 0xff) << 8) | (p.get(i + 1) & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        p.putShort(ip + 10, (short) ~sum);
        p.putShort((short) 5000).putShort((short) 6000).putShort((short) udpLength).putShort((short) 0).put(rtp);
        byte[] frame = p.array();
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length)
                .putInt(frame.length);
        out.writeBytes(rec.array());
        out.writeBytes(frame);
    }
}
