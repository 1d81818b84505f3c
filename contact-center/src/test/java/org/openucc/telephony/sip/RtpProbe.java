package org.openucc.telephony.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openucc.telephony.media.G711;

/** A test phone's RTP side: a real UDP socket that records every packet and can send a tone or DTMF. */
final class RtpProbe implements AutoCloseable {
    record Packet(int payloadType, boolean marker, int seq, long timestamp, int ssrc, byte[] payload, long atNanos) {
        double level() {
            long sum = 0;
            for (byte b : payload) {
                sum += Math.abs(payloadType == 8 ? G711.alawToLinear(b) : G711.ulawToLinear(b));
            }
            return payload.length == 0 ? 0 : (double) sum / payload.length;
        }
    }

    final DatagramSocket socket;
    final List<Packet> received = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rtp-probe-send");
        t.setDaemon(true);
        return t;
    });
    private volatile InetSocketAddress remote;
    private volatile int payloadType = 0;
    private ScheduledFuture<?> tone;
    private int seq = 1000;
    private long ts = 50_000;
    private final int ssrc = 0x1234abcd ^ (int) System.nanoTime();
    private long toneSample;

    RtpProbe() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = new Thread(this::read, "rtp-probe-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    void remote(InetSocketAddress to, int pt) {
        this.remote = to;
        this.payloadType = pt;
    }

    /** Sends a continuous 440 Hz (or the given) tone at 20 ms pacing until stopped. */
    synchronized void startTone(double hz) {
        stopTone();
        tone = sender.scheduleAtFixedRate(() -> sendTone(hz), 0, 20, TimeUnit.MILLISECONDS);
    }

    synchronized void stopTone() {
        if (tone != null) {
            tone.cancel(false);
            tone = null;
        }
    }

    private synchronized void sendTone(double hz) {
        byte[] payload = new byte[160];
        for (int i = 0; i < 160; i++) {
            short s = (short) (8000 * Math.sin(2 * Math.PI * hz * (toneSample++) / 8000.0));
            payload[i] = payloadType == 8 ? G711.linearToAlaw(s) : G711.linearToUlaw(s);
        }
        send(payloadType, false, payload);
        ts += 160;
    }

    /** One RFC 4733 event: three progress packets and three end packets, same timestamp. */
    synchronized void sendDtmf(char digit, int dtmfPt) {
        int event = "0123456789*#".indexOf(digit);
        long eventTs = ts;
        for (int i = 1; i <= 6; i++) {
            boolean end = i >= 4;
            ByteBuffer b = ByteBuffer.allocate(4);
            b.put((byte) event).put((byte) ((end ? 0x80 : 0) | 10)).putShort((short) (Math.min(i, 4) * 160));
            sendRaw(dtmfPt, i == 1, eventTs, b.array());
        }
        ts += 4 * 160;
    }

    void sendRawBytes(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, remote));
    }

    private void send(int pt, boolean marker, byte[] payload) {
        sendRaw(pt, marker, ts, payload);
    }

    private void sendRaw(int pt, boolean marker, long timestamp, byte[] payload) {
        InetSocketAddress to = remote;
        if (to == null) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq++).putInt((int) timestamp)
                .putInt(ssrc).put(payload);
        try {
            socket.send(new DatagramPacket(b.array(), b.position(), to));
        } catch (IOException e) {
            // the test sees the missing packets
        }
    }

    private void read() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            if (p.getLength() < 12) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            int b0 = b.get() & 0xff;
            int b1 = b.get() & 0xff;
            int s = b.getShort() & 0xffff;
            long t = b.getInt() & 0xffffffffL;
            int src = b.getInt();
            byte[] payload = new byte[p.getLength() - 12 - 4 * (b0 & 0x0f)];
            b.position(12 + 4 * (b0 & 0x0f));
            b.get(payload);
            received.add(new Packet(b1 & 0x7f, (b1 & 0x80) != 0, s, t, src, payload, System.nanoTime()));
        }
    }

    List<Packet> audio() {
        return received.stream().filter(p -> p.payloadType() == 0 || p.payloadType() == 8).toList();
    }

    @Override
    public void close() {
        stopTone();
        sender.shutdownNow();
        socket.close();
    }
}
