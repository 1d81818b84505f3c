package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.concurrent.ThreadPools;
import org.openucc.telephony.AmdResult;
import org.openucc.telephony.PlaybackResult;

/**
 * The B2BUA relay between two bridged RTP sessions, over real UDP on loopback: the far end gets a
 * plain RTP packet in its own codec and in the session's own stream, whatever the sender's header
 * carried (CSRCs, padding), and the packet is relayed as it came (the relay rewrites it in place).
 */
class RtpRelayTest {
    private static final MediaListener QUIET = new MediaListener() {
        @Override
        public void onDtmf(char digit) {
        }

        @Override
        public void onPlaybackEnded(long playbackId, PlaybackResult result) {
        }

        @Override
        public void onRecordingEnded(long recordingId, long durationMillis, Throwable error) {
        }

        @Override
        public void onMachineDetected(long detectionId, AmdResult result) {
        }

        @Override
        public void onSilence(long waitId, boolean heard) {
        }
    };

    MediaEngine engine;
    DatagramSocket caller;
    DatagramSocket agent;

    @BeforeEach
    void start() throws Exception {
        engine = new MediaEngine("127.0.0.1", 44_000, 44_999, 1, new ThreadPools());
        engine.start();
        InetAddress lo = InetAddress.getLoopbackAddress();
        caller = new DatagramSocket(new InetSocketAddress(lo, 0));
        agent = new DatagramSocket(new InetSocketAddress(lo, 0));
        caller.setSoTimeout(5000);
        agent.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        caller.close();
        agent.close();
        engine.stop();
    }

    @Test
    void aPacketWithCsrcsAndPaddingReachesTheOtherLegAsPlainRtpInItsCodecAndStream() throws Exception {
        RtpSession customer = engine.open(QUIET, "customer").get(5, TimeUnit.SECONDS);
        RtpSession agentLeg = engine.open(QUIET, "agent", customer).get(5, TimeUnit.SECONDS);
        customer.configure(new MediaFormat(Codec.PCMA, 8, 101), (InetSocketAddress) caller.getLocalSocketAddress(), true);
        agentLeg.configure(new MediaFormat(Codec.PCMU, 0, 101), (InetSocketAddress) agent.getLocalSocketAddress(), true);
        customer.bridge(agentLeg, null, 0);
        agentLeg.bridge(customer, null, 1);
        customer.loop().submit(() -> { }).get(5, TimeUnit.SECONDS); // both legs' set-up tasks ran before it
        assertThat(agentLeg.loop()).as("the agent leg is opened on the customer's loop").isSameAs(customer.loop());

        byte[] alaw = new byte[160];
        for (int i = 0; i < alaw.length; i++) {
            alaw[i] = G711.linearToAlaw((short) (i * 150 - 12_000));
        }
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), customer.localPort());
        byte[] first = received(send(to, 1000, 160_000, alaw, true));
        byte[] second = received(send(to, 1001, 160_160, alaw, false));

        for (byte[] p : new byte[][] {first, second}) {
            assertThat(p).hasSize(12 + 160);
            assertThat(p[0] & 0xff).as("version 2, no padding, no extension, no CSRC").isEqualTo(0x80);
            assertThat(p[1] & 0x7f).as("the agent's payload type").isZero();
            for (int i = 0; i < 160; i++) {
                assertThat(p[12 + i]).isEqualTo(G711.alawToUlaw(alaw[i]));
            }
        }
        ByteBuffer a = ByteBuffer.wrap(first);
        ByteBuffer b = ByteBuffer.wrap(second);
        assertThat(a.getInt(8)).as("the agent leg's own SSRC").isNotEqualTo(0x0badcafe).isEqualTo(b.getInt(8));
        assertThat((b.getShort(2) - a.getShort(2)) & 0xffff).isEqualTo(1);
        assertThat(b.getInt(4) - a.getInt(4)).isEqualTo(160);
        assertThat(first[1] & 0x80).as("a new source starts with the marker").isEqualTo(0x80);
        assertThat(second[1] & 0x80).isZero();
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> engine.stats().snapshot().get("relayed") == 2L);
    }

    /**
     * A session reads one packet per wake-up (no failed receive after each); packets that queued up while its
     * loop was busy must still all be read once it is free, without waiting for more to arrive (which an
     * edge-triggered socket read one packet at a time would do).
     */
    @Test
    void packetsQueuedWhileTheLoopWasBusyAreAllRelayedWhenItIsFree() throws Exception {
        RtpSession customer = engine.open(QUIET, "customer").get(5, TimeUnit.SECONDS);
        RtpSession agentLeg = engine.open(QUIET, "agent", customer).get(5, TimeUnit.SECONDS);
        customer.configure(new MediaFormat(Codec.PCMA, 8, 101), (InetSocketAddress) caller.getLocalSocketAddress(), true);
        agentLeg.configure(new MediaFormat(Codec.PCMA, 8, 101), (InetSocketAddress) agent.getLocalSocketAddress(), true);
        customer.bridge(agentLeg, null, 0);
        agentLeg.bridge(customer, null, 1);
        customer.loop().submit(() -> { }).get(5, TimeUnit.SECONDS);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), customer.localPort());
        byte[] payload = new byte[160];
        send(to, 999, 159_840, payload, true); // latches the caller's address before the loop is held
        received(new byte[0]);

        try (MediaLoops.Held held = MediaLoops.holdEveryLoop(engine)) {
            for (int i = 0; i < 10; i++) {
                send(to, 1000 + i, 160_000 + 160 * i, payload, false);
            }
        }
        int last = -1;
        for (int i = 0; i < 10; i++) {
            int seq = ByteBuffer.wrap(received(new byte[0])).getShort(2) & 0xffff;
            if (last >= 0) {
                assertThat(seq).as("relayed in order, none missing").isEqualTo((last + 1) & 0xffff);
            }
            last = seq;
        }
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> engine.stats().snapshot().get("relayed") == 11L);
        assertThat(engine.stats().snapshot().get("packetsIn")).isEqualTo(11L);
        assertThat(engine.stats().snapshot().get("packetsOut")).isEqualTo(11L);
    }

    @Test
    void aCallTakesASessionBoundAheadWithoutWaitingForABind() throws Exception {
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> engine.spareSessions() == 64);
        engine.open(QUIET, "first").get(5, TimeUnit.SECONDS);
        assertThat(engine.stats().snapshot().get("spareMisses")).as("served by a spare, no bind waited for").isZero();
        assertThat(engine.spareSessions()).isEqualTo(63);
    }

    @Test
    void aCallThatHangsUpAfterTheMediaEngineStoppedClosesItsSessionQuietly() throws Exception {
        RtpSession session = engine.open(QUIET, "late").get(5, TimeUnit.SECONDS);
        engine.stop(); // the server stopping while calls still end
        org.assertj.core.api.Assertions.assertThatCode(() -> {
            session.unbridge();
            session.close();
        }).doesNotThrowAnyException();
    }

    /** An RTP packet from the caller: one CSRC and 3 bytes of padding (RFC 3550 §5.1) around the payload. */
    private byte[] send(InetSocketAddress to, int seq, int ts, byte[] payload, boolean marker) throws Exception {
        ByteBuffer p = ByteBuffer.allocate(12 + 4 + payload.length + 3);
        p.put((byte) (0x80 | 0x20 | 1)).put((byte) ((marker ? 0x80 : 0) | 8)).putShort((short) seq).putInt(ts)
                .putInt(0x0badcafe).putInt(0x12345678).put(payload).put((byte) 0).put((byte) 0).put((byte) 3);
        caller.send(new DatagramPacket(p.array(), p.capacity(), to));
        return p.array();
    }

    private byte[] received(byte[] sent) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        agent.receive(in);
        return java.util.Arrays.copyOf(buf, in.getLength());
    }
}
