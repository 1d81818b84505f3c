package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.message.SIPMessage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.RequestEvent;
import javax.sip.header.SubjectHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/**
 * The stack receives UDP through {@link RightSizedDatagrams} (not the RI's receiver, which allocates a
 * 64 KiB buffer per datagram), and datagrams still arrive whole, up to the largest UDP payload.
 */
class RightSizedDatagramsTest {

    @Test
    void theStacksUdpReceiverIsOursAndDatagramsArriveWhole() throws Exception {
        SipEndpoint endpoint = new SipEndpoint("127.0.0.1", 0, Set.of("udp"));
        BlockingQueue<Request> received = new LinkedBlockingQueue<>();
        endpoint.start(new Requests(received));
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ListeningPointImpl point = (ListeningPointImpl) endpoint.provider().getListeningPoint("udp");
            assertThat(point.getMessageProcessor()).isInstanceOf(RightSizedDatagrams.Receiver.class);

            String subject = "x".repeat(30_000);
            send(phone, endpoint.port(), options("big", subject));
            send(phone, endpoint.port(), options("small", "hello"));

            java.util.Map<String, Request> byCallId = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                Request r = received.poll(10, TimeUnit.SECONDS); // the channel threads may hand them on in any order
                assertThat(r).as("request %d of 2", i + 1).isNotNull();
                byCallId.put(((javax.sip.header.CallIdHeader) r.getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId(), r);
            }
            Request big = byCallId.get("big@test");
            Request small = byCallId.get("small@test");
            assertThat(((SubjectHeader) big.getHeader(SubjectHeader.NAME)).getSubject()).isEqualTo(subject);
            assertThat(((SIPMessage) big).getSize()).isGreaterThan(30_000);
            // The small one is its own message, not the rest of a reused buffer.
            assertThat(((SubjectHeader) small.getHeader(SubjectHeader.NAME)).getSubject()).isEqualTo("hello");
            assertThat(((SIPMessage) small).getSize()).isLessThan(1_000);
        } finally {
            endpoint.stop();
        }
    }

    private static String options(String id, String subject) {
        return "OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" + id + "\r\n"
                + "From: <sip:phone@127.0.0.1>;tag=1\r\nTo: <sip:1000@127.0.0.1>\r\nCall-ID: " + id + "@test\r\n"
                + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nSubject: " + subject + "\r\nContent-Length: 0\r\n\r\n";
    }

    private static void send(DatagramSocket s, int port, String message) throws Exception {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }

    private record Requests(BlockingQueue<Request> received) implements QuietSipListener {
        @Override
        public void processRequest(RequestEvent ev) {
            received.add(ev.getRequest());
        }
    }
}
