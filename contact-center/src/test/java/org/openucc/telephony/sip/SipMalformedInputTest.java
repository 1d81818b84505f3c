package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallState;
import org.openucc.telephony.Playback;

/**
 * A corpus of broken SIP sent over a raw UDP socket while a call is up: every message is answered
 * with a 4xx (never a stack trace) or dropped, and the call in progress carries on.
 */
class SipMalformedInputTest {

    @Test
    void brokenMessagesGetA4xxOrAreDroppedWhileACallInProgressKeepsWorking() throws Exception {
        try (TelephonyRig rig = new TelephonyRig(); DatagramSocket raw = new DatagramSocket(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            TestPhone caller = rig.phone("5550000");
            TestPhone.Call call = caller.call("1000");
            CallControl control = rig.nextCall();
            control.answer().toCompletableFuture().get(5, TimeUnit.SECONDS);
            control.play(Playback.looping(rig.prompt("hold-music.wav")));
            await().atMost(Duration.ofSeconds(5)).until(() -> call.rtp.audio().size() >= 5);

            int port = rig.telephony.port();
            int me = raw.getLocalPort();
            raw.setSoTimeout(400);
            Map<String, byte[]> corpus = corpus(port, me);
            List<String> answers = new ArrayList<>();
            for (Map.Entry<String, byte[]> m : corpus.entrySet()) {
                raw.send(new DatagramPacket(m.getValue(), m.getValue().length, InetAddress.getLoopbackAddress(), port));
                String reply = receive(raw);
                while (reply != null && reply.startsWith("SIP/2.0 1")) {
                    reply = receive(raw); // provisional; the final answer follows
                }
                answers.add(m.getKey() + " -> " + (reply == null ? "dropped" : reply.lines().findFirst().orElse("")));
                if (reply != null) {
                    assertThat(reply).as(m.getKey()).startsWith("SIP/2.0 4");
                    assertThat(reply).as(m.getKey()).doesNotContain("Exception").doesNotContain("\tat ")
                            .doesNotContain("gov.nist");
                }
            }
            assertThat(answers).anyMatch(a -> a.startsWith("Max-Forwards 0 -> SIP/2.0 483"))
                    .anyMatch(a -> a.startsWith("request from ourselves -> SIP/2.0 482"));

            // The call still works: audio keeps flowing and it hangs up cleanly.
            int before = call.rtp.audio().size();
            await().atMost(Duration.ofSeconds(5)).until(() -> call.rtp.audio().size() >= before + 25);
            assertThat(control.state()).isEqualTo(CallState.ANSWERED);
            assertThat(call.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
            // And new requests are served: OPTIONS (a keep-alive ping) and a call.
            String options = "OPTIONS sip:1000@127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + me
                    + ";branch=z9hG4bKping1\r\nFrom: <sip:ping@127.0.0.1>;tag=p\r\nTo: <sip:1000@127.0.0.1>\r\n"
                    + "Call-ID: ping@test\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            byte[] ping = options.getBytes(StandardCharsets.UTF_8);
            raw.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
            String pong = receive(raw);
            while (pong != null && !pong.contains("ping@test")) {
                pong = receive(raw); // a retransmitted final response to an earlier INVITE we never ACKed
            }
            assertThat(pong).startsWith("SIP/2.0 200").contains("Allow: ").contains("INVITE");
            TestPhone another = rig.phone("5550001");
            TestPhone.Call second = another.call("1000");
            rig.nextCall().hangup("busy");
            assertThat(second.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(486);
            System.out.println(String.join("\n", answers));
        }
    }

    private static String receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static Map<String, byte[]> corpus(int port, int me) {
        java.util.function.Supplier<String> via = () -> "Via: SIP/2.0/UDP 127.0.0.1:" + me + ";branch=z9hG4bK"
                + Long.toHexString(System.nanoTime()) + "\r\n";
        String base = "From: <sip:evil@127.0.0.1>;tag=1\r\nTo: <sip:1000@127.0.0.1>\r\nCall-ID: bad-%s@test\r\n"
                + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n";
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] garbage = new byte[700];
        new Random(7).nextBytes(garbage);
        m.put("garbage bytes", garbage);
        m.put("HTTP instead of SIP", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        m.put("request line only", ("INVITE sip:1000@127.0.0.1:" + port + " SIP/2.0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        m.put("missing Call-ID", ("OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get()
                + "From: <sip:evil@127.0.0.1>;tag=1\r\nTo: <sip:1000@127.0.0.1>\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        m.put("bad CSeq", ("OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get() + String.format(base, "cseq")
                .replace("CSeq: 1 OPTIONS", "CSeq: abc OPTIONS") + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        m.put("bad From header", ("OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get() + String.format(base, "from")
                .replace("From: <sip:evil@127.0.0.1>;tag=1", "From: <<<>>>;;;") + "Content-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        m.put("huge header", ("OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get() + String.format(base, "huge")
                + "Subject: " + "x".repeat(60_000) + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        m.put("Content-Length too long", ("INVITE sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get() + String.format(base, "cl")
                .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE") + "Content-Type: application/sdp\r\nContent-Length: 500\r\n\r\n"
                + "v=0\r\n").getBytes(StandardCharsets.UTF_8));
        m.put("bad SDP", ("INVITE sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get() + String.format(base, "sdp")
                .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE") + "Contact: <sip:evil@127.0.0.1:" + me + ">\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: 20\r\n\r\nm=video x RTP/AVP 0\r\n")
                .getBytes(StandardCharsets.UTF_8));
        m.put("Max-Forwards 0", ("INVITE sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get() + String.format(base, "mf")
                .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE").replace("Max-Forwards: 70", "Max-Forwards: 0")
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        m.put("request from ourselves", ("INVITE sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get()
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bKloop\r\n" + String.format(base, "loop")
                .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE") + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        m.put("BYE for no call", ("BYE sip:1000@127.0.0.1 SIP/2.0\r\n" + via.get() + String.format(base, "nocall")
                .replace("To: <sip:1000@127.0.0.1>", "To: <sip:1000@127.0.0.1>;tag=zz").replace("CSeq: 1 OPTIONS", "CSeq: 2 BYE")
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        return m;
    }
}
