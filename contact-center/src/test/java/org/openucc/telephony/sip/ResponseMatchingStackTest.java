package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/**
 * The stack is a {@link ResponseMatchingStack}: responses to our client transactions still reach them (the
 * lookup by branch is the RI's), and a response whose RFC 3261 branch matches none (a late retransmission)
 * is handed on without the RI's scan of every client transaction and without disturbing the next match.
 */
class ResponseMatchingStackTest {

    @Test
    void responsesFindTheirTransactionAndStrayOnesPassWithoutOne() throws Exception {
        SipEndpoint endpoint = new SipEndpoint("127.0.0.1", 0, Set.of("udp"));
        BlockingQueue<ResponseEvent> responses = new LinkedBlockingQueue<>();
        endpoint.start(new Responses(responses));
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            phone.setSoTimeout(10_000);
            assertThat(endpoint.provider().getSipStack()).isInstanceOf(ResponseMatchingStack.class);

            // Many client transactions in the table, as under load: OPTIONS to the phone, which never answers them.
            ClientTransaction last = null;
            for (int i = 0; i < 50; i++) {
                last = options(endpoint, phone.getLocalPort(), "pending-" + i);
                last.sendRequest();
            }
            String lastBranch = ((ViaHeader) last.getRequest().getHeader(ViaHeader.NAME)).getBranch();
            // A response nobody asked for (branch unknown): no transaction, and it does not get in the way.
            send(phone, endpoint.port(), ok("z9hG4bK-stray-1", "stray@test", 1));
            // The answer to the last OPTIONS: its own transaction.
            send(phone, endpoint.port(), ok(lastBranch, "pending-49@test", 1));

            java.util.Map<String, ResponseEvent> byCallId = new java.util.HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!byCallId.containsKey("pending-49@test") && System.nanoTime() < deadline) {
                ResponseEvent ev = responses.poll(1, TimeUnit.SECONDS);
                if (ev != null) {
                    byCallId.put(((CallIdHeader) ev.getResponse().getHeader(CallIdHeader.NAME)).getCallId(), ev);
                }
            }
            assertThat(byCallId).containsKey("pending-49@test");
            assertThat(byCallId.get("pending-49@test").getClientTransaction()).isSameAs(last);
        } finally {
            endpoint.stop();
        }
    }

    private static ClientTransaction options(SipEndpoint endpoint, int phonePort, String callId) throws Exception {
        SipURI target = endpoint.addresses().createSipURI("phone", "127.0.0.1");
        target.setPort(phonePort);
        SipURI self = endpoint.addresses().createSipURI("openucc", endpoint.host());
        Request req = endpoint.messages().createRequest(target, Request.OPTIONS,
                endpoint.headers().createCallIdHeader(callId), endpoint.headers().createCSeqHeader(1L, Request.OPTIONS),
                endpoint.headers().createFromHeader(endpoint.addresses().createAddress(self), "t" + callId),
                endpoint.headers().createToHeader(endpoint.addresses().createAddress(target), null),
                java.util.List.of(endpoint.headers().createViaHeader(endpoint.host(), endpoint.port(), "udp", null)),
                endpoint.headers().createMaxForwardsHeader(70));
        return endpoint.provider().getNewClientTransaction(req);
    }

    private String ok(String branch, String callId, long cseq) {
        return "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=" + branch + "\r\n"
                + "From: <sip:openucc@127.0.0.1>;tag=t" + callId.replace("@test", "") + "\r\n"
                + "To: <sip:phone@127.0.0.1>;tag=p1\r\nCall-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    private static void send(DatagramSocket s, int port, String message) throws Exception {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }

    private record Responses(BlockingQueue<ResponseEvent> received) implements QuietSipListener {
        @Override
        public void processResponse(ResponseEvent ev) {
            received.add(ev);
        }
    }
}
