package org.openucc.telephony.asterisk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes what a sipp caller sends with {@code play_pcap_audio}: one RTP stream (one SSRC, sequence
 * numbers and timestamps running on) of PCMA audio with RFC 4733 telephone events for the digits,
 * so repeated digits ("11") are two key presses (sipp's own per-digit captures replay the same
 * sequence numbers, which a receiver drops as duplicates). The pcap's packet times pace sipp.
 */
public final class RtpPcap {
    static final int AUDIO_PT = 8; // PCMA, what caller.xml offers first
    static final int EVENT_PT = 101; // telephone-event, as offered in caller.xml
    private static final int FRAME_MS = 20;
    private static final int SAMPLES_PER_FRAME = 160;
    private static final int EVENT_FRAMES = 8; // 160 ms per key press
    private static final int GAP_FRAMES = 15; // 300 ms between key presses
    private static final int PAUSE_FRAMES = 25; // ',' in the digits: 500 ms more
    private static final byte PCMA_SILENCE = (byte) 0xD5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long micros;
    private int seq = 4711;
    private long timestamp = 160_000;

    private RtpPcap() {
    }

    /**
     * Writes {@code leadIn} of audio, then the digits (0-9, *, #, A-D; ',' waits 500 ms), then
     * {@code tail} of a 440 Hz tone (what a recording can be checked for). No digits: only audio.
     */
    public static Path write(Path file, Duration leadIn, String digits, Duration tail) throws IOException {
        RtpPcap pcap = new RtpPcap();
        pcap.header();
        pcap.audio(frames(leadIn));
        for (char c : digits.toCharArray()) {
            if (c == ',') {
                pcap.audio(PAUSE_FRAMES);
            } else {
                pcap.event(eventCode(c));
                pcap.audio(GAP_FRAMES);
            }
        }
        pcap.tone(frames(tail));
        Files.write(file, pcap.out.toByteArray());
        return file;
    }

    /** The RFC 4733 §3.2 event code of a DTMF key. */
    static int eventCode(char key) {
        if (key >= '0' && key <= '9') {
            return key - '0';
        }
        return switch (Character.toUpperCase(key)) {
            case '*' -> 10;
            case '#' -> 11;
            case 'A', 'B', 'C', 'D' -> 12 + Character.toUpperCase(key) - 'A';
            default -> throw new IllegalArgumentException("'" + key + "' is not a DTMF key (0-9 * # A-D, ',' pauses)");
        };
    }

    private static int frames(Duration d) {
        return (int) Math.max(1, d.toMillis() / FRAME_MS);
    }

    private void header() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
        out.writeBytes(b.array());
    }

    /** A 440 Hz tone at about a quarter of full scale: audio a recording of the call can be checked for. */
    private void tone(int frames) {
        for (int i = 0; i < frames; i++) {
            byte[] payload = new byte[SAMPLES_PER_FRAME];
            for (int k = 0; k < SAMPLES_PER_FRAME; k++) {
                long n = timestamp + k;
                payload[k] = org.openucc.telephony.media.G711.linearToAlaw(
                        (short) (8000 * Math.sin(2 * Math.PI * 440 * n / 8000.0)));
            }
            packet(rtp(AUDIO_PT, false, seq++, timestamp, payload));
            timestamp += SAMPLES_PER_FRAME;
            micros += FRAME_MS * 1000L;
        }
    }

    private void audio(int frames) {
        for (int i = 0; i < frames; i++) {
            byte[] payload = new byte[SAMPLES_PER_FRAME];
            java.util.Arrays.fill(payload, PCMA_SILENCE);
            packet(rtp(AUDIO_PT, false, seq++, timestamp, payload));
            timestamp += SAMPLES_PER_FRAME;
            micros += FRAME_MS * 1000L;
        }
    }

    /** RFC 4733 §2.5: updates every frame with the duration so far, the end packet sent three times. */
    private void event(int code) {
        long start = timestamp;
        for (int i = 0; i < EVENT_FRAMES; i++) {
            boolean end = i == EVENT_FRAMES - 1;
            byte[] payload = ByteBuffer.allocate(4).put((byte) code).put((byte) ((end ? 0x80 : 0) | 10))
                    .putShort((short) ((i + 1) * SAMPLES_PER_FRAME)).array();
            int copies = end ? 3 : 1;
            for (int c = 0; c < copies; c++) {
                packet(rtp(EVENT_PT, i == 0, seq, start, payload));
            }
            seq++;
            if (!end) {
                micros += FRAME_MS * 1000L;
            }
        }
        micros += FRAME_MS * 1000L;
        timestamp = start + (long) EVENT_FRAMES * SAMPLES_PER_FRAME;
    }

    private static byte[] rtp(int pt, boolean marker, int seq, long ts, byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length).put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt))
                .putShort((short) seq).putInt((int) ts).putInt(0x4F55CC01).put(payload).array();
    }

    /** Ethernet + IPv4 + UDP around the RTP packet, as sipp's pcap player reads it. */
    private void packet(byte[] rtp) {
        int udpLength = 8 + rtp.length;
        int ipLength = 20 + udpLength;
        ByteBuffer p = ByteBuffer.allocate(14 + ipLength);
        p.put(new byte[12]).putShort((short) 0x0800);
        int ipStart = p.position();
        p.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {127, 0, 0, 1})
                .put(new byte[] {127, 0, 0, 1});
        p.putShort(ipStart + 10, ipChecksum(p.array(), ipStart));
        p.putShort((short) 5000).putShort((short) 6000).putShort((short) udpLength).putShort((short) 0).put(rtp);
        byte[] frame = p.array();
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length)
                .putInt(frame.length);
        out.writeBytes(rec.array());
        out.writeBytes(frame);
    }

    private static short ipChecksum(byte[] b, int start) {
        int sum = 0;
        for (int i = start; i < start + 20; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
