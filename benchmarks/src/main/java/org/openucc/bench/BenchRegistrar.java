package org.openucc.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openucc.telephony.sip.SipCredentials;

/**
 * Registers many agent phones over real SIP with digest authentication, all with a Contact that
 * points at one sipp UAS (which then answers for every agent). A minimal UDP client, window of 64.
 */
final class BenchRegistrar {
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
    private static final Pattern CALL_ID = Pattern.compile("(?m)^Call-ID: *(\\S+)");
    private static final Pattern STATUS = Pattern.compile("^SIP/2.0 (\\d{3})");

    private BenchRegistrar() {
    }

    /** @return how many agents got a 200 OK */
    static int registerAll(int serverPort, String realm, int agents, int contactPort, String password) throws IOException {
        return registerAll(serverPort, realm, agents, contactPort, password, 0);
    }

    /**
     * Registers (round 0) or refreshes (round 1, 2, …: the same Call-ID with a higher CSeq, as a phone refreshes its
     * binding before it expires; the registrar refuses a CSeq that is not higher) every agent's phone.
     *
     * @return how many agents got a 200 OK
     */
    static int registerAll(int serverPort, String realm, int agents, int contactPort, String password, int round)
            throws IOException {
        int first = 2 * round + 1;
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        int ok = 0;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(2000);
            Map<String, Integer> step = new HashMap<>();
            int next = 0;
            int done = 0;
            byte[] buf = new byte[4096];
            while (done < agents) {
                while (next < agents && step.size() < 64) {
                    String user = agentId(next++);
                    step.put("reg-" + user, 1);
                    send(s, server, request(user, first, null, s.getLocalPort(), serverPort, contactPort));
                }
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    throw new IOException("registration stalled after " + done + " of " + agents + " agents");
                }
                String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                Matcher st = STATUS.matcher(msg);
                Matcher cid = CALL_ID.matcher(msg);
                if (!st.find() || !cid.find() || !step.containsKey(cid.group(1))) {
                    continue;
                }
                String user = cid.group(1).substring(4);
                int code = Integer.parseInt(st.group(1));
                if (code == 401 && step.get(cid.group(1)) == 1) {
                    Matcher n = NONCE.matcher(msg);
                    n.find();
                    String uri = "sip:127.0.0.1:" + serverPort;
                    String ha1 = SipCredentials.ha1(user, realm, password);
                    String response = SipCredentials.md5Hex(ha1 + ":" + n.group(1) + ":00000001:bench:auth:"
                            + SipCredentials.md5Hex("REGISTER:" + uri));
                    String auth = "Authorization: Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\""
                            + n.group(1) + "\", uri=\"" + uri + "\", response=\"" + response
                            + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"bench\"\r\n";
                    step.put(cid.group(1), 2);
                    send(s, server, request(user, first + 1, auth, s.getLocalPort(), serverPort, contactPort));
                } else if (code >= 200) {
                    step.remove(cid.group(1));
                    done++;
                    if (code == 200) {
                        ok++;
                    }
                }
            }
        }
        return ok;
    }

    static String agentId(int i) {
        return String.format("agent%04d", i);
    }

    private static String request(String user, int cseq, String auth, int localPort, int serverPort, int contactPort) {
        return "REGISTER sip:127.0.0.1:" + serverPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK" + user + "x" + cseq + "\r\n"
                + "From: <sip:" + user + "@127.0.0.1>;tag=" + user + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: reg-" + user + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@127.0.0.1:" + contactPort + ">\r\n"
                + (auth == null ? "" : auth)
                + "Expires: 3600\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private static void send(DatagramSocket s, InetSocketAddress to, String msg) throws IOException {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, to));
    }
}
