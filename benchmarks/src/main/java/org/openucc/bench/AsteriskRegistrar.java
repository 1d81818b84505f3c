package org.openucc.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registers many agent peers to Asterisk's chan_sip with digest authentication (RFC 2617 without
 * qop, as chan_sip challenges), every Contact pointing at one sipp UAS that then answers for all
 * agents: hundreds of phones without hundreds of sipp processes. A minimal UDP client, window of 32.
 */
final class AsteriskRegistrar {
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
    private static final Pattern REALM = Pattern.compile("realm=\"([^\"]+)\"");
    private static final Pattern CALL_ID = Pattern.compile("(?mi)^Call-ID: *(\\S+)");
    private static final Pattern STATUS = Pattern.compile("^SIP/2.0 (\\d{3})");

    /** One peer of the generated sip.conf: extension and password. */
    record Peer(String extension, String password) {
    }

    private AsteriskRegistrar() {
    }

    /** @return how many peers got a 200 OK */
    static int registerAll(int asteriskPort, List<Peer> peers, int contactPort) throws IOException {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), asteriskPort);
        Map<String, Peer> byCallId = new HashMap<>();
        Map<String, Integer> step = new HashMap<>();
        int ok = 0;
        int next = 0;
        int done = 0;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(3000);
            byte[] buf = new byte[8192];
            while (done < peers.size()) {
                while (next < peers.size() && step.size() < 32) {
                    Peer p = peers.get(next++);
                    String callId = "reg-" + p.extension() + "-" + System.nanoTime();
                    byCallId.put(callId, p);
                    step.put(callId, 1);
                    send(s, server, request(p.extension(), callId, 1, null, s.getLocalPort(), asteriskPort, contactPort));
                }
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(packet);
                } catch (SocketTimeoutException e) {
                    throw new IOException("registration to Asterisk stalled after " + done + " of " + peers.size()
                            + " peers");
                }
                String msg = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                Matcher st = STATUS.matcher(msg);
                Matcher cid = CALL_ID.matcher(msg);
                if (!st.find() || !cid.find() || !step.containsKey(cid.group(1))) {
                    continue;
                }
                String callId = cid.group(1);
                Peer p = byCallId.get(callId);
                int code = Integer.parseInt(st.group(1));
                if (code == 401 && step.get(callId) == 1) {
                    Matcher n = NONCE.matcher(msg);
                    Matcher r = REALM.matcher(msg);
                    if (!n.find() || !r.find()) {
                        throw new IOException("401 without nonce/realm from Asterisk: " + msg);
                    }
                    String uri = "sip:127.0.0.1:" + asteriskPort;
                    String ha1 = md5(p.extension() + ":" + r.group(1) + ":" + p.password());
                    String response = md5(ha1 + ":" + n.group(1) + ":" + md5("REGISTER:" + uri));
                    String auth = "Authorization: Digest username=\"" + p.extension() + "\", realm=\"" + r.group(1)
                            + "\", nonce=\"" + n.group(1) + "\", uri=\"" + uri + "\", response=\"" + response
                            + "\", algorithm=MD5\r\n";
                    step.put(callId, 2);
                    send(s, server, request(p.extension(), callId, 2, auth, s.getLocalPort(), asteriskPort, contactPort));
                } else if (code >= 200) {
                    step.remove(callId);
                    done++;
                    if (code == 200) {
                        ok++;
                    }
                }
            }
        }
        return ok;
    }

    private static String request(String user, String callId, int cseq, String auth, int localPort, int serverPort,
            int contactPort) {
        return "REGISTER sip:127.0.0.1:" + serverPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK" + callId + "x" + cseq + "\r\n"
                + "From: <sip:" + user + "@127.0.0.1:" + serverPort + ">;tag=" + user + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1:" + serverPort + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@127.0.0.1:" + contactPort + ">\r\n"
                + (auth == null ? "" : auth)
                + "Expires: 3600\r\nMax-Forwards: 70\r\nUser-Agent: OpenUCC bench registrar\r\nContent-Length: 0\r\n\r\n";
    }

    private static void send(DatagramSocket s, InetSocketAddress to, String msg) throws IOException {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, to));
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
