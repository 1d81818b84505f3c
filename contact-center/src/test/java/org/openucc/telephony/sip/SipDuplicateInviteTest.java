package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openucc.config.SipLimits;

/**
 * 1,000 INVITEs with one Call-ID over a raw UDP socket from 127.0.0.2 (retransmissions, the same
 * request on new branches, and new transactions with higher CSeqs) make exactly one call: the
 * transaction layer absorbs the retransmissions, every other copy gets 482 Loop Detected (RFC 3261
 * §8.2.2.2), also after the call ended. A caller from 127.0.0.1 is served meanwhile.
 */
class SipDuplicateInviteTest {
    static final Pattern BRANCH = Pattern.compile("branch=([^;\\r\\n]+)");
    static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");

    @Test
    void aThousandInvitesWithOneCallIdMakeExactlyOneCall() throws Exception {
        try (SipRig rig = new SipRig(SipLimits.DEFAULTS, 40_000, 44_999, Map.of());
             DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            raw.setReceiveBufferSize(4 * 1024 * 1024);
            raw.setSoTimeout(200);
            int port = rig.telephony.port();
            int me = raw.getLocalPort();
            String callId = "dup-" + System.nanoTime() + "@127.0.0.2";
            Map<String, Integer> finals = new ConcurrentHashMap<>();
            CopyOnWriteArrayList<String> okResponses = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> read(raw, finals, okResponses), "raw-reader");
            reader.setDaemon(true);
            reader.start();

            byte[] original = invite(port, me, callId, "z9hG4bKorig", 1);
            send(raw, port, original);
            int newBranches = 0;
            int retransmissions = 0;
            for (int i = 1; i < 1000; i++) {
                if (i % 3 == 0) {
                    send(raw, port, original); // a retransmission: same branch
                    retransmissions++;
                } else {
                    // The same request on another path (same CSeq), or a new transaction (CSeq up).
                    send(raw, port, invite(port, me, callId, "z9hG4bKdup" + i, i % 3 == 1 ? 1 : i + 1));
                    newBranches++;
                }
                if (i == 500) {
                    TestPhone.Call customer = rig.phone("5551234", "127.0.0.1").call(SipRig.NUMBER);
                    assertThat(customer.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
                }
            }
            int copies = newBranches;
            await().atMost(Duration.ofSeconds(20)).until(() -> finals.size() >= copies + 1);
            // Whichever copy won the race (normally the first) is the call; every other got 482.
            assertThat(finals).hasSize(newBranches + 1);
            assertThat(finals.values()).filteredOn(s -> s == 200).as("answered").hasSize(1);
            assertThat(finals.values()).filteredOn(s -> s == 482).as("482 Loop Detected").hasSize(newBranches);
            assertThat(retransmissions).isEqualTo(333);

            // One call (and the customer's): one interaction in the ACD, one inbound INVITE taken.
            assertThat(rig.telephony.stats().get("invitesIn")).isEqualTo(2L);
            assertThat(rig.flow.stats().get("calls")).as("calls the voice flow took").isEqualTo(2L);
            assertThat(rig.flow.liveCalls().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);

            // The call ends; a late copy still does not start it again.
            String ok = okResponses.get(0);
            String toTag = header(ok, "To").replaceAll(".*;tag=", "");
            long answeredCseq = Long.parseLong(header(ok, "CSeq").split(" ")[0]);
            send(raw, port, inDialog("ACK", port, me, callId, "z9hG4bKack", answeredCseq, toTag));
            send(raw, port, inDialog("BYE", port, me, callId, "z9hG4bKbye", 5000, toTag));
            await().atMost(Duration.ofSeconds(5)).until(() -> finals.containsKey("z9hG4bKbye"));
            assertThat(finals.get("z9hG4bKbye")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.telephony.stats().get("activeCalls").equals(1));
            send(raw, port, invite(port, me, callId, "z9hG4bKlate", 6000));
            await().atMost(Duration.ofSeconds(5)).until(() -> finals.containsKey("z9hG4bKlate"));
            assertThat(finals.get("z9hG4bKlate")).isEqualTo(482);
            assertThat(rig.telephony.stats().get("invitesIn")).isEqualTo(2L);
            assertThat(rig.rejections.total("sip", "call-id-duplicate")).isPositive();
        }
    }

    private static void read(DatagramSocket raw, Map<String, Integer> finals, CopyOnWriteArrayList<String> oks) {
        byte[] buf = new byte[65_535];
        while (!raw.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                raw.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (java.io.IOException e) {
                return;
            }
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            Matcher status = STATUS.matcher(msg);
            Matcher branch = BRANCH.matcher(msg);
            if (status.find() && branch.find()) {
                int code = Integer.parseInt(status.group(1));
                if (code >= 200) {
                    finals.putIfAbsent(branch.group(1), code);
                    if (code == 200 && msg.contains(" INVITE\r\n")) {
                        oks.add(msg);
                    }
                }
            }
        }
    }

    private static String header(String msg, String name) {
        return msg.lines().filter(l -> l.startsWith(name + ":")).findFirst().orElseThrow().substring(name.length() + 1)
                .trim();
    }

    private static void send(DatagramSocket raw, int port, byte[] data) throws java.io.IOException {
        raw.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
    }

    private static byte[] invite(int port, int me, String callId, String branch, long cseq) {
        String sdp = "v=0\r\no=dup 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
                + "m=audio " + (me + 2) + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        return ("INVITE sip:" + SipRig.NUMBER + "@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:" + me + ";branch=" + branch + "\r\n"
                + "From: <sip:dup@127.0.0.2>;tag=dupfrom\r\n"
                + "To: <sip:" + SipRig.NUMBER + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " INVITE\r\n"
                + "Contact: <sip:dup@127.0.0.2:" + me + ">\r\nMax-Forwards: 70\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] inDialog(String method, int port, int me, String callId, String branch, long cseq,
                                   String toTag) {
        return (method + " sip:openucc@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:" + me + ";branch=" + branch + "\r\n"
                + "From: <sip:dup@127.0.0.2>;tag=dupfrom\r\n"
                + "To: <sip:" + SipRig.NUMBER + "@127.0.0.1>;tag=" + toTag + "\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " " + method + "\r\n"
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
