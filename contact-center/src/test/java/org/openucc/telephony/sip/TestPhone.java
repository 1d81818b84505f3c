package org.openucc.telephony.sip;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openucc.telephony.media.SessionDescription;

/**
 * An in-process SIP phone on jain-sip for tests: registers with digest auth, places calls, answers
 * (or is busy, or lets it ring), sends BYE, INFO and re-INVITEs, with a real RTP socket per call.
 */
final class TestPhone implements QuietSipListener, AutoCloseable {
    enum Mode { ANSWER, BUSY, RING }

    private static final AtomicLong STACKS = new AtomicLong();

    final String user;
    /** The loopback address this phone sends from (127.0.0.1, or e.g. 127.0.0.2 to be another source). */
    final String host;
    private final String serverHost;
    private final int serverPort;
    private final SipStack stack;
    private final SipProvider provider;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final MessageFactory messages;
    final int port;
    volatile Mode mode = Mode.ANSWER;
    volatile int payloadType = 0;
    /** How this phone answers a REFER: 202 Accepted, or e.g. 603 Decline to refuse a transfer. */
    volatile int referStatus = Response.ACCEPTED;
    private final Map<String, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    final Map<String, Call> calls = new ConcurrentHashMap<>();
    final List<Call> incoming = new CopyOnWriteArrayList<>();
    final CompletableFuture<Call> firstIncoming = new CompletableFuture<>();
    private long cseq = 1;

    /** One call as this phone sees it. */
    final class Call {
        final String callId;
        final RtpProbe rtp;
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> finalStatus = new CompletableFuture<>();
        /** The final response itself (Retry-After, Proxy-Authenticate, reason phrase). */
        final CompletableFuture<Response> finalResponse = new CompletableFuture<>();
        volatile Request sentInvite;
        final CompletableFuture<Void> bye = new CompletableFuture<>();
        final CompletableFuture<Void> cancelled = new CompletableFuture<>();
        /** The Refer-To of a REFER the phone accepted (202), as a blind transfer asks it to call there. */
        final CompletableFuture<String> referTo = new CompletableFuture<>();
        final List<String> remoteSdps = new CopyOnWriteArrayList<>();
        volatile Dialog dialog;
        volatile ServerTransaction inviteTx;
        volatile Request invite;
        volatile ClientTransaction inviteClientTx;
        final String toTag = Long.toHexString(System.nanoTime());

        Call(String callId) throws java.net.SocketException {
            this.callId = callId;
            this.rtp = new RtpProbe();
        }

        /** The user part of the From of an incoming call (who calls this phone). */
        String fromUser() {
            return ((javax.sip.address.SipURI) ((javax.sip.header.FromHeader) invite.getHeader(
                    javax.sip.header.FromHeader.NAME)).getAddress().getURI()).getUser();
        }

        void applySdp(String sdp) {
            remoteSdps.add(sdp);
            SessionDescription d = SessionDescription.parse(sdp);
            int pt = d.formats().get(0).payloadType();
            rtp.remote(new InetSocketAddress(d.address(), d.port()), pt == 8 ? 8 : 0);
        }

        int dtmfPayloadType() {
            SessionDescription d = SessionDescription.parse(remoteSdps.get(remoteSdps.size() - 1));
            return d.formats().stream().filter(SessionDescription.PayloadFormat::isTelephoneEvent)
                    .mapToInt(SessionDescription.PayloadFormat::payloadType).findFirst().orElse(101);
        }

        /** Answers a ringing incoming call (mode RING). */
        void answer() throws Exception {
            Response ok = messages.createResponse(Response.OK, invite);
            ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(toTag);
            ok.addHeader(contact());
            ok.setContent(sdp("sendrecv"), headers.createContentTypeHeader("application", "sdp"));
            // The dialog is known before the 200 OK leaves: once the caller has it, a test may hang up at once.
            dialog = inviteTx.getDialog();
            inviteTx.sendResponse(ok);
            dialog = inviteTx.getDialog();
        }

        CompletableFuture<Response> bye() throws Exception {
            rtp.stopTone();
            return inDialog(Request.BYE, null, null);
        }

        void cancel() throws Exception {
            provider.getNewClientTransaction(inviteClientTx.createCancel()).sendRequest();
        }

        CompletableFuture<Response> info(String contentType, String body) throws Exception {
            return inDialog(Request.INFO, contentType, body);
        }

        CompletableFuture<Response> reInvite(String direction) throws Exception {
            return inDialog(Request.INVITE, "application/sdp", sdp(direction));
        }

        private CompletableFuture<Response> inDialog(String method, String type, String body) throws Exception {
            Request r = dialog.createRequest(method);
            if (body != null) {
                String[] t = type.split("/");
                r.setContent(body, headers.createContentTypeHeader(t[0], t[1]));
            }
            if (method.equals(Request.INVITE)) {
                r.setHeader(contact());
            }
            ClientTransaction ct = provider.getNewClientTransaction(r);
            CompletableFuture<Response> f = new CompletableFuture<>();
            pending.put(ct.getBranchId(), f);
            dialog.sendRequest(ct);
            return f;
        }

        String sdp(String direction) {
            return "v=0\r\no=test 1 " + System.nanoTime() + " IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + rtp.port() + " RTP/AVP " + payloadType + " 101\r\n"
                    + "a=rtpmap:" + payloadType + (payloadType == 8 ? " PCMA/8000" : " PCMU/8000") + "\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=" + direction + "\r\n";
        }
    }

    TestPhone(String user, String serverHost, int serverPort) throws Exception {
        this(user, "127.0.0.1", serverHost, serverPort);
    }

    /** A phone sending from {@code host} (any 127.x address on loopback: another source to the server). */
    TestPhone(String user, String host, String serverHost, int serverPort) throws Exception {
        this.user = user;
        this.host = host;
        this.serverHost = serverHost;
        this.serverPort = serverPort;
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "test-phone-" + user + "-" + STACKS.incrementAndGet());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        stack = f.createSipStack(p);
        headers = f.createHeaderFactory();
        addresses = f.createAddressFactory();
        messages = f.createMessageFactory();
        int chosen = 0;
        ListeningPoint lp = null;
        for (int i = 0; i < 20 && lp == null; i++) {
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getByName(host))) {
                chosen = probe.getLocalPort();
            }
            try {
                lp = stack.createListeningPoint(host, chosen, "udp");
            } catch (Exception taken) {
                lp = null;
            }
        }
        port = chosen;
        provider = stack.createSipProvider(lp);
        provider.addSipListener(this);
        stack.start();
    }

    // ------------------------------------------------------------------ registration

    /** REGISTER, answering one digest challenge; completes with the final response. */
    Response register(String password, int expires) throws Exception {
        Request r = registerRequest(expires, null);
        Response first = send(r).get(5, java.util.concurrent.TimeUnit.SECONDS);
        if (first.getStatusCode() != 401) {
            return first;
        }
        WWWAuthenticateHeader ch = (WWWAuthenticateHeader) first.getHeader(WWWAuthenticateHeader.NAME);
        String uri = "sip:" + serverHost + ":" + serverPort;
        AuthorizationHeader a = headers.createAuthorizationHeader("Digest");
        a.setUsername(user);
        a.setRealm(ch.getRealm());
        a.setNonce(ch.getNonce());
        a.setURI(addresses.createURI(uri));
        a.setAlgorithm("MD5");
        String ha1 = SipCredentials.ha1(user, ch.getRealm(), password);
        String ha2 = SipCredentials.md5Hex("REGISTER:" + uri);
        if (ch.getQop() == null) {
            // RFC 2617 §3.2.2.1 without qop (e.g. Asterisk's chan_sip): response = MD5(HA1:nonce:HA2)
            a.setResponse(SipCredentials.md5Hex(ha1 + ":" + ch.getNonce() + ":" + ha2));
            return send(registerRequest(expires, a)).get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        String cnonce = Long.toHexString(System.nanoTime());
        a.setCNonce(cnonce);
        a.setQop("auth");
        a.setNonceCount(1);
        String nc = a.getParameter("nc");
        a.setResponse(SipCredentials.md5Hex(ha1 + ":" + ch.getNonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2));
        return send(registerRequest(expires, a)).get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private Request registerRequest(int expires, AuthorizationHeader auth) throws Exception {
        SipURI aor = addresses.createSipURI(user, serverHost);
        SipURI ruri = addresses.createSipURI(null, serverHost);
        ruri.setPort(serverPort);
        CallIdHeader callId = headers.createCallIdHeader("reg-" + user + "@test");
        Request r = messages.createRequest(ruri, Request.REGISTER, callId, headers.createCSeqHeader(cseq++, Request.REGISTER),
                headers.createFromHeader(addresses.createAddress(aor), "f" + System.nanoTime()),
                headers.createToHeader(addresses.createAddress(aor), null),
                List.of(headers.createViaHeader(host, port, "udp", null)), headers.createMaxForwardsHeader(70));
        r.addHeader(contact());
        r.addHeader(headers.createExpiresHeader(expires));
        if (auth != null) {
            r.addHeader(auth);
        }
        return r;
    }

    // ------------------------------------------------------------------ calls

    Call call(String number) throws Exception {
        return call(number, user);
    }

    /** Calls {@code number} as {@code fromUser} (one phone can then stand for many callers). */
    Call call(String number, String fromUser) throws Exception {
        SipURI to = addresses.createSipURI(number, serverHost);
        to.setPort(serverPort);
        SipURI from = addresses.createSipURI(fromUser, host);
        CallIdHeader callId = provider.getNewCallId();
        Request r = messages.createRequest(to, Request.INVITE, callId, headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress("Test " + fromUser, from), "t" + System.nanoTime()),
                headers.createToHeader(addresses.createAddress(to), null),
                List.of(headers.createViaHeader(host, port, "udp", null)), headers.createMaxForwardsHeader(70));
        r.addHeader(contact());
        Call c = new Call(callId.getCallId());
        r.setContent(c.sdp("sendrecv"), headers.createContentTypeHeader("application", "sdp"));
        return send(c, r);
    }

    /**
     * Answers the 407 of {@code challenged} (RFC 3261 §22.2): the same INVITE, same Call-ID and From tag,
     * CSeq + 1, with Proxy-Authorization as this phone's user and {@code password}. A new Call follows it.
     */
    Call authenticate(Call challenged, String password) throws Exception {
        Response r407 = challenged.finalResponse.get(5, java.util.concurrent.TimeUnit.SECONDS);
        javax.sip.header.ProxyAuthenticateHeader ch = (javax.sip.header.ProxyAuthenticateHeader)
                r407.getHeader(javax.sip.header.ProxyAuthenticateHeader.NAME);
        Request r = (Request) challenged.sentInvite.clone();
        r.removeHeader(javax.sip.header.ViaHeader.NAME);
        r.addHeader(headers.createViaHeader(host, port, "udp", null));
        CSeqHeader cseqHeader = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        cseqHeader.setSeqNumber(cseqHeader.getSeqNumber() + 1);
        String uri = r.getRequestURI().toString();
        javax.sip.header.ProxyAuthorizationHeader a = headers.createProxyAuthorizationHeader("Digest");
        a.setUsername(user);
        a.setRealm(ch.getRealm());
        a.setNonce(ch.getNonce());
        a.setURI(r.getRequestURI());
        a.setAlgorithm("MD5");
        String cnonce = Long.toHexString(System.nanoTime());
        a.setCNonce(cnonce);
        a.setQop("auth");
        a.setNonceCount(1);
        String nc = a.getParameter("nc");
        String ha1 = SipCredentials.ha1(user, ch.getRealm(), password);
        String ha2 = SipCredentials.md5Hex("INVITE:" + uri);
        a.setResponse(SipCredentials.md5Hex(ha1 + ":" + ch.getNonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2));
        r.setHeader(a);
        challenged.rtp.close();
        Call c = new Call(challenged.callId);
        r.setContent(c.sdp("sendrecv"), headers.createContentTypeHeader("application", "sdp"));
        return send(c, r);
    }

    /** Sends {@code invite} as a new INVITE transaction for call {@code c}. */
    Call send(Call c, Request invite) throws Exception {
        calls.put(c.callId, c);
        c.sentInvite = invite;
        ClientTransaction ct = provider.getNewClientTransaction(invite);
        c.inviteClientTx = ct;
        c.dialog = ct.getDialog();
        ct.sendRequest();
        return c;
    }

    private CompletableFuture<Response> send(Request r) throws Exception {
        ClientTransaction ct = provider.getNewClientTransaction(r);
        CompletableFuture<Response> f = new CompletableFuture<>();
        pending.put(ct.getBranchId(), f);
        ct.sendRequest();
        return f;
    }

    private ContactHeader contact() throws Exception {
        SipURI c = addresses.createSipURI(user, host);
        c.setPort(port);
        return headers.createContactHeader(addresses.createAddress(c));
    }

    // ------------------------------------------------------------------ listener

    @Override
    public void processRequest(RequestEvent ev) {
        try {
            Request req = ev.getRequest();
            String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
            ServerTransaction st = ev.getServerTransaction();
            if (st == null && !req.getMethod().equals(Request.ACK)) {
                st = provider.getNewServerTransaction(req);
            }
            switch (req.getMethod()) {
                case Request.INVITE -> {
                    Call existing = calls.get(callId);
                    if (existing != null) { // re-INVITE
                        existing.applySdp(body(req));
                        Response ok = messages.createResponse(Response.OK, req);
                        ok.addHeader(contact());
                        ok.setContent(existing.sdp("sendrecv"), headers.createContentTypeHeader("application", "sdp"));
                        st.sendResponse(ok);
                        return;
                    }
                    Call c = new Call(callId);
                    c.invite = req;
                    c.inviteTx = st;
                    calls.put(callId, c);
                    incoming.add(c);
                    if (body(req).length() > 0) {
                        c.applySdp(body(req));
                    }
                    firstIncoming.complete(c);
                    if (mode == Mode.BUSY) {
                        st.sendResponse(messages.createResponse(Response.BUSY_HERE, req));
                        return;
                    }
                    Response ringing = messages.createResponse(Response.RINGING, req);
                    ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(c.toTag);
                    st.sendResponse(ringing);
                    if (mode == Mode.ANSWER) {
                        c.answer();
                    }
                }
                case Request.ACK -> {
                }
                case Request.BYE -> {
                    st.sendResponse(messages.createResponse(Response.OK, req));
                    Call c = calls.get(callId);
                    if (c != null) {
                        c.rtp.stopTone();
                        c.bye.complete(null);
                    }
                }
                case Request.CANCEL -> {
                    st.sendResponse(messages.createResponse(Response.OK, req));
                    Call c = calls.get(callId);
                    if (c != null) {
                        Response terminated = messages.createResponse(Response.REQUEST_TERMINATED, c.invite);
                        ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag(c.toTag);
                        c.inviteTx.sendResponse(terminated);
                        c.cancelled.complete(null);
                    }
                }
                case Request.REFER -> {
                    st.sendResponse(messages.createResponse(referStatus, req));
                    Call c = calls.get(callId);
                    if (c != null && referStatus < 300) {
                        c.referTo.complete(String.valueOf(req.getHeader(javax.sip.header.ReferToHeader.NAME)));
                    }
                }
                default -> st.sendResponse(messages.createResponse(Response.OK, req));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void processResponse(ResponseEvent ev) {
        Response r = ev.getResponse();
        ClientTransaction ct = ev.getClientTransaction();
        CSeqHeader cseqHeader = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        String callId = ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
        Call c = calls.get(callId);
        try {
            if (c != null && cseqHeader.getMethod().equals(Request.INVITE) && ct == c.inviteClientTx) {
                c.statuses.add(r.getStatusCode());
                if (r.getStatusCode() >= 200 && r.getStatusCode() < 300) {
                    Dialog d = ev.getDialog();
                    c.dialog = d;
                    d.sendAck(d.createAck(cseqHeader.getSeqNumber()));
                    c.applySdp(body(r));
                }
                if (r.getStatusCode() >= 200) {
                    c.finalResponse.complete(r);
                    c.finalStatus.complete(r.getStatusCode());
                }
                return;
            }
            if (cseqHeader.getMethod().equals(Request.INVITE) && r.getStatusCode() >= 200 && r.getStatusCode() < 300
                    && ev.getDialog() != null) {
                ev.getDialog().sendAck(ev.getDialog().createAck(cseqHeader.getSeqNumber()));
                if (c != null && body(r).length() > 0) {
                    c.applySdp(body(r));
                }
            }
            if (ct != null && r.getStatusCode() >= 200) {
                CompletableFuture<Response> f = pending.remove(ct.getBranchId());
                if (f != null) {
                    f.complete(r);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String body(Message m) {
        return m.getRawContent() == null ? "" : new String(m.getRawContent(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        calls.values().forEach(c -> c.rtp.close());
        // The RI's stop() lingers on its timers; the test does not need to wait for it.
        Thread t = new Thread(stack::stop, "stop-" + user);
        t.setDaemon(true);
        t.start();
    }
}
