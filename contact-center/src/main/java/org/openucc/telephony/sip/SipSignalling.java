package org.openucc.telephony.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.Telephony.InboundCallHandler;
import org.openucc.telephony.media.MediaEngine;
import org.openucc.telephony.media.PromptFiles;
import org.openucc.telephony.media.RecordingFiles;
import org.openucc.telephony.media.RtpSession;
import org.openucc.telephony.media.SessionDescription;
import org.openucc.telephony.media.SdpNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP listener of the B2BUA and the message plumbing its call legs share. jain-sip threads
 * arrive here, screen the request (RFC 3261 §8.2, §16.3), find the leg by Call-ID and hand the
 * event to the leg's owner at once; nothing here waits.
 */
final class SipSignalling implements SipListener {
    private static final Logger log = LoggerFactory.getLogger(SipSignalling.class);
    static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** RFC 3261's 64*T1 (sip.transactionTimeout): the CANCEL guard (§9.1) and the wait for our 200's ACK (§13.3.1.4). */
    final long transactionTimeoutMillis;
    /** sip.mediaTimeout in nanoseconds (0: off): a connected leg receiving no RTP this long is hung up. */
    final long mediaTimeoutNanos;
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, REGISTER";

    final SipEndpoint endpoint;
    final MediaEngine media;
    final PromptFiles prompts;
    final RecordingFiles recordings;
    final ExecutorService callPool;
    final ScheduledExecutorService timers;
    final SipRegistrar registrar;
    private final SipAdmission admission;
    private final DigestAuthenticator auth;
    private final AuthLockout lockout;
    final SipTrunks trunks;
    private final Map<String, SipCallLeg> calls = new ConcurrentHashMap<>();
    private final RecentCallIds recentCallIds = new RecentCallIds();
    private volatile InboundCallHandler handler;
    /** When an INVITE last found no free RTP port (0: never): /health says DEGRADED for a while after. */
    private volatile long rtpExhaustedAt;

    final LongAdder invitesIn = new LongAdder();
    final LongAdder invitesOut = new LongAdder();
    final LongAdder rejected = new LongAdder();

    SipSignalling(SipEndpoint endpoint, MediaEngine media, PromptFiles prompts, RecordingFiles recordings,
                  ExecutorService callPool, ScheduledExecutorService timers, SipRegistrar registrar,
                  SipAdmission admission, DigestAuthenticator auth, AuthLockout lockout, SipTrunks trunks,
                  java.time.Duration transactionTimeout, java.time.Duration mediaTimeout) {
        this.transactionTimeoutMillis = transactionTimeout.toMillis();
        this.mediaTimeoutNanos = mediaTimeout.toNanos();
        this.endpoint = endpoint;
        this.media = media;
        this.prompts = prompts;
        this.recordings = recordings;
        this.callPool = callPool;
        this.timers = timers;
        this.registrar = registrar;
        this.admission = admission;
        this.auth = auth;
        this.lockout = lockout;
        this.trunks = trunks;
    }

    void onInboundCall(InboundCallHandler h) {
        this.handler = h;
    }

    int activeCalls() {
        return calls.size();
    }

    /**
     * The media-inactivity sweep (sip.mediaTimeout; run once a second on the timers): a few volatile reads per
     * leg; only a leg that timed out gets a task on its owner.
     */
    void sweepMedia() {
        if (mediaTimeoutNanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        for (SipCallLeg leg : calls.values()) {
            try {
                leg.checkMedia(now, mediaTimeoutNanos);
            } catch (RuntimeException e) {
                log.error("call {}: media timeout check failed", leg.callId(), e);
            }
        }
    }

    void track(SipCallLeg leg) {
        calls.put(leg.callId(), leg);
    }

    void forget(SipCallLeg leg) {
        if (leg.ticket != null) {
            leg.ticket.ended();
        }
        if (leg.inbound && !leg.mayRetry) {
            recentCallIds.ended(leg.callId(), System.currentTimeMillis());
        }
        calls.remove(leg.callId(), leg);
    }

    /** When the last INVITE found every RTP port taken (epoch millis; 0: never). */
    long rtpExhaustedAt() {
        return rtpExhaustedAt;
    }

    Map<String, Object> admissionStats() {
        return admission.stats();
    }

    /**
     * Hangs up every call (BYE, CANCEL or a final response) and waits, at most {@code limitMillis}, until
     * each leg has done so on its own executor: the stack and the media stop right after this.
     */
    void hangupAll(long limitMillis) {
        java.util.concurrent.CompletableFuture<?>[] done = calls.values().stream()
                .map(l -> l.hangup("shutdown").toCompletableFuture()).toArray(java.util.concurrent.CompletableFuture[]::new);
        try {
            java.util.concurrent.CompletableFuture.allOf(done).get(limitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("{} calls were not hung up within {} ms of the stop", done.length, limitMillis);
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("hanging up the calls at the stop failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ requests

    @Override
    public void processRequest(RequestEvent ev) {
        Request req = ev.getRequest();
        String method = req.getMethod();
        try {
            if (!method.equals(Request.ACK) && !screen(req)) {
                return;
            }
            switch (method) {
                case Request.REGISTER -> {
                    ServerTransaction st = serverTx(ev);
                    if (st != null) {
                        registrar.onRegister(req, st);
                    }
                }
                case Request.INVITE -> {
                    if (toTag(req) == null) {
                        initialInvite(ev);
                    } else {
                        inDialog(ev, (leg, st) -> leg.onReInvite(req, st));
                    }
                }
                case Request.ACK -> {
                    SipCallLeg leg = calls.get(callId(req));
                    if (leg != null) {
                        Dialog d = ev.getDialog();
                        leg.run(() -> {
                            RiWorkarounds.ackSeen(d != null ? d : leg.dialog, req);
                            leg.onAck(req);
                        });
                    }
                }
                case Request.CANCEL -> cancel(ev);
                case Request.BYE -> inDialog(ev, (leg, st) -> leg.onBye(req, st));
                case Request.INFO -> inDialog(ev, (leg, st) -> info(leg, req, st));
                case Request.OPTIONS -> {
                    ServerTransaction st = serverTx(ev);
                    if (st != null) {
                        Response ok = endpoint.response(req, Response.OK, null, toTag(req) == null ? "o" + Long.toHexString(System.nanoTime()) : null);
                        allow(ok);
                        ok.setHeader(endpoint.headers().createAcceptHeader("application", "sdp"));
                        endpoint.send(st, ok);
                    }
                }
                case Request.NOTIFY -> inDialog(ev, (leg, st) -> respond(st, req, Response.OK, null, null));
                default -> {
                    ServerTransaction st = serverTx(ev);
                    if (st != null) {
                        Response r = endpoint.response(req, Response.NOT_IMPLEMENTED, null, null);
                        allow(r);
                        endpoint.send(st, r);
                    }
                }
            }
        } catch (ParseException | RuntimeException e) {
            // Never a stack trace in a response, never a dead listener thread.
            log.warn("{} from {} refused: {}", method, req.getHeader(FromHeader.NAME), e.toString());
            if (!method.equals(Request.ACK)) {
                endpoint.sendStateless(req, Response.BAD_REQUEST, "Bad Request");
            }
        }
    }

    private void allow(Response r) throws ParseException {
        for (String method : ALLOW.split(", ")) {
            r.addHeader(endpoint.headers().createAllowHeader(method));
        }
    }

    /** Max-Forwards (483) and loop detection (482); true if the request may go on. */
    private boolean screen(Request req) {
        // Nothing a phone or trunk sends comes near this; oversized requests are an attack or a bug.
        if (req instanceof gov.nist.javax.sip.message.SIPMessage m && m.getSize() > MAX_REQUEST_BYTES) {
            rejected.increment();
            endpoint.sendStateless(req, Response.BAD_REQUEST, "Bad Request (message larger than "
                    + MAX_REQUEST_BYTES + " bytes)");
            return false;
        }
        MaxForwardsHeader mf = (MaxForwardsHeader) req.getHeader(MaxForwardsHeader.NAME);
        if (mf != null && mf.getMaxForwards() <= 0 && !req.getMethod().equals(Request.REGISTER)
                && !req.getMethod().equals(Request.OPTIONS)) {
            rejected.increment();
            endpoint.sendStateless(req, Response.TOO_MANY_HOPS, "Too Many Hops");
            return false;
        }
        // A request that already passed through us came back (RFC 3261 §16.3 item 4, applied to the B2BUA:
        // an agent contact or a DID route that points at ourselves).
        ListIterator<?> vias = req.getHeaders(ViaHeader.NAME);
        while (vias.hasNext()) {
            ViaHeader via = (ViaHeader) vias.next();
            if (endpoint.isOwnAddress(via.getHost(), via.getPort())) {
                rejected.increment();
                endpoint.sendStateless(req, Response.LOOP_DETECTED, "Loop Detected");
                return false;
            }
        }
        return true;
    }

    /**
     * A new call knocks. In order, none of which takes an RTP port: a copy of a call we have or just had
     * (482), the source's INVITE rate (503), a stranger calling anything but a service number (407
     * challenge, 403 for a wrong answer), the source's calls at once and the queue's waiting calls
     * (486), then a free RTP port (503). Refusals go through a server transaction, so their retransmissions
     * are answered by the transaction layer (RFC 3261 §17.2.1) and counted once.
     */
    private void initialInvite(RequestEvent ev) throws ParseException {
        Request req = ev.getRequest();
        String callId = callId(req);
        ServerTransaction st = serverTx(ev);
        if (st == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (calls.containsKey(callId) || recentCallIds.contains(callId, now)) {
            // RFC 3261 §8.2.2.2: a new transaction for a call we already have (or just had) is a merged
            // request (the same INVITE on another path, or a replay): 482, never a second call.
            refuse(st, req, admission.refuse(Response.LOOP_DETECTED, "Loop Detected (merged request)",
                    "call-id-duplicate", 0));
            return;
        }
        java.net.InetAddress source = sourceAddress(req);
        SipAdmission.Refusal tooFast = admission.countInvite(source);
        if (tooFast != null) {
            refuse(st, req, tooFast);
            return;
        }
        URI ruri = req.getRequestURI();
        String to = ruri instanceof SipURI sip ? sip.getUser() : ruri.toString();
        if (!admission.isServiceNumber(to) && !mayCall(req, st, source, to)) {
            return;
        }
        SipAdmission.Admission admitted = admission.admit(source, to);
        if (admitted instanceof SipAdmission.Refusal refusal) {
            refuse(st, req, refusal);
            return;
        }
        SipAdmission.Ticket ticket = (SipAdmission.Ticket) admitted;
        if (media.freePorts() <= 0) {
            ticket.ended();
            rtpExhaustedAt = now;
            refuse(st, req, admission.refuse(Response.SERVICE_UNAVAILABLE,
                    "Service Unavailable (no free media port)", "rtp-ports", admission.retryAfterSeconds()));
            return;
        }
        Address fromAddr = ((FromHeader) req.getHeader(FromHeader.NAME)).getAddress();
        String from = fromAddr.getURI() instanceof SipURI sip ? sip.getUser() : fromAddr.getURI().toString();
        UserAgentHeader ua = (UserAgentHeader) req.getHeader(UserAgentHeader.NAME);
        CallInfo info = new CallInfo(from, to, fromAddr.getDisplayName(), CallInfo.Direction.INBOUND,
                ua == null ? Map.of() : Map.of("User-Agent", String.join(" ", toStrings(ua.getProduct()))));
        SipCallLeg leg = new SipCallLeg(this, callId, info, true);
        leg.invite = req;
        leg.inviteServerTx = st;
        leg.ticket = ticket;
        if (calls.putIfAbsent(callId, leg) != null) {
            // Two copies raced past the first check on different listener threads: one call only.
            leg.ticket.ended();
            refuse(st, req, admission.refuse(Response.LOOP_DETECTED, "Loop Detected (merged request)",
                    "call-id-duplicate", 0));
            return;
        }
        invitesIn.increment();
        leg.run(() -> startInbound(leg));
    }

    /**
     * Whether a call to something other than a service number may go on. Nobody makes this server dial
     * out (no open relay, no toll fraud): a trunk's INVITE for another number gets 404 (a carrier routing
     * it back to its own network would loop), and an agent's phone dialling a number a trunk would carry
     * gets 403 once it has authenticated (agents dial out from the console, where the call is logged;
     * a number no trunk serves is simply not found, 404); a stranger gets the digest challenge first,
     * like for any other target.
     */
    private boolean mayCall(Request req, ServerTransaction st, java.net.InetAddress source, String to) {
        var trunk = trunks.at(source);
        if (trunk.isPresent()) {
            log.info("INVITE from trunk {} for {}, which is not a service number: 404", trunk.get().id(), to);
            refuse(st, req, admission.refuse(Response.NOT_FOUND, "Not Found (not a service number)",
                    "trunk-not-service-number", 0));
            return false;
        }
        if (!authenticated(req, st, source)) {
            return false;
        }
        if (to != null && trunks.reaches(to)) {
            refuse(st, req, admission.refuse(Response.FORBIDDEN, "Forbidden (dial out from the console)",
                    "dial-out-from-phone", 0));
            return false;
        }
        return true;
    }

    /**
     * A caller dialling anything but a service number must be one of the agents' phone accounts
     * (RFC 3261 §22.3, proxy authentication): no credentials get a 407 challenge, wrong ones a 403
     * (and count towards the lockout, as for REGISTER). True if the call may go on.
     */
    private boolean authenticated(Request req, ServerTransaction st, java.net.InetAddress source) {
        ProxyAuthorizationHeader authz = (ProxyAuthorizationHeader) req.getHeader(ProxyAuthorizationHeader.NAME);
        if (authz == null) {
            challengeInvite(st, req, false, "stranger-invite");
            return false;
        }
        DigestAuthenticator.Answer answer = SipRegistrar.answer(authz);
        String key = sourceKey(source);
        AuthLockout.Lock lock = lockout.locked(answer.username(), key);
        if (lock != AuthLockout.Lock.NONE) {
            refuse(st, req, admission.refuse(Response.FORBIDDEN, "Forbidden", lock == AuthLockout.Lock.SOURCE
                    ? "register-lockout-source" : "register-lockout-user", 0));
            return false;
        }
        DigestAuthenticator.Outcome outcome = auth.verify(Request.INVITE, answer);
        if (outcome instanceof DigestAuthenticator.Outcome.Accepted) {
            lockout.succeeded(answer.username(), key);
            return true;
        }
        if (outcome instanceof DigestAuthenticator.Outcome.Stale) {
            challengeInvite(st, req, true, "stranger-invite");
            return false;
        }
        if (lockout.failed(answer.username(), key) != AuthLockout.Lock.NONE) {
            log.warn("INVITE: {} from {} locked out after repeated wrong credentials", answer.username(), key);
        }
        refuse(st, req, admission.refuse(Response.FORBIDDEN, "Forbidden", "invite-auth", 0));
        return false;
    }

    private void challengeInvite(ServerTransaction st, Request req, boolean stale, String limit) {
        admission.refuse(Response.PROXY_AUTHENTICATION_REQUIRED, null, limit, 0);
        rejected.increment();
        Response r = endpoint.response(req, Response.PROXY_AUTHENTICATION_REQUIRED, null,
                "c" + Long.toHexString(System.nanoTime()));
        try {
            r.setHeader(endpoint.headers().createHeader(ProxyAuthenticateHeader.NAME, auth.challenge(stale)));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build our own challenge", e);
        }
        endpoint.send(st, r);
    }

    /** A final refusal of an initial INVITE, with Retry-After when the refusal says when to come back. */
    private void refuse(ServerTransaction st, Request req, SipAdmission.Refusal refusal) {
        rejected.increment();
        Response r = endpoint.response(req, refusal.status(), refusal.reason(), "r" + Long.toHexString(System.nanoTime()));
        if (refusal.retryAfterSeconds() > 0) {
            try {
                r.setHeader(endpoint.headers().createRetryAfterHeader((int) Math.min(Integer.MAX_VALUE,
                        refusal.retryAfterSeconds())));
            } catch (InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
        }
        endpoint.send(st, r);
    }

    /** Where the request came from: the packet's source address (never the Via, which the sender writes). */
    static java.net.InetAddress sourceAddress(Request req) {
        return req instanceof gov.nist.javax.sip.message.SIPMessage m ? m.getRemoteAddress() : null;
    }

    static String sourceKey(Request req) {
        return sourceKey(sourceAddress(req));
    }

    private static String sourceKey(java.net.InetAddress a) {
        return a == null ? "unknown" : a.getHostAddress();
    }

    private void startInbound(SipCallLeg leg) {
        // 180 with our To tag at once (RFC 3261 §13.3.1.1): it also makes the stack register the dialog
        // now, so a fast ACK to our later 200 OK is matched instead of dropped (and the 200 resent).
        sendRinging(leg);
        InboundCallHandler h = handler;
        if (h == null) {
            sendFinal(leg, Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable (no call handler)", null);
            leg.end(EndCause.FAILED, "no inbound call handler");
            return;
        }
        String body = hasBody(leg.invite) ? body(leg.invite) : null;
        SessionDescription offer = null;
        if (body != null) {
            try {
                offer = SessionDescription.parse(body); // once: applied below as it is
                SdpNegotiator.choose(offer);
            } catch (RuntimeException e) {
                // RFC 3261 §13.3.1.3 / RFC 3264 §6: nothing we can accept.
                sendFinal(leg, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here (" + e.getMessage() + ")", null);
                leg.end(EndCause.FAILED, "bad SDP offer: " + e.getMessage());
                return;
            }
        }
        SessionDescription sdpOffer = offer;
        leg.withMedia(media.open(leg, "in " + leg.callId()), (rtp, err) -> {
            if (err != null) {
                // Every port taken after all (the check before admission raced with other calls).
                rtpExhaustedAt = System.currentTimeMillis();
                SipAdmission.Refusal r = admission.refuse(Response.SERVICE_UNAVAILABLE,
                        "Service Unavailable (no free media port)", "rtp-ports", admission.retryAfterSeconds());
                sendFinal(leg, r.status(), r.reason(), null, r.retryAfterSeconds());
                leg.mayRetry = true; // Retry-After invites the same INVITE again: not a duplicate then
                leg.end(EndCause.FAILED, err.getMessage());
                return;
            }
            if (leg.sm.is(LegState.ENDED)) {
                rtp.close();
                return;
            }
            leg.rtp = rtp;
            if (sdpOffer != null) {
                leg.applyRemoteSdp(sdpOffer, true);
            }
            h.onCall(leg);
        });
    }

    private void cancel(RequestEvent ev) {
        ServerTransaction st = serverTx(ev);
        if (st == null) {
            return;
        }
        Request req = ev.getRequest();
        SipCallLeg leg = calls.get(callId(req));
        if (leg == null || !leg.inbound) {
            respond(st, req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null);
            return;
        }
        // §9.2: 200 for the CANCEL itself, then 487 for the INVITE (if still unanswered).
        respond(st, req, Response.OK, null, null);
        leg.run(leg::onCancel);
    }

    private void info(SipCallLeg leg, Request req, ServerTransaction st) {
        ContentTypeHeader ct = (ContentTypeHeader) req.getHeader(ContentTypeHeader.NAME);
        char digit = 0;
        if (ct != null && hasBody(req)) {
            String type = (ct.getContentType() + "/" + ct.getContentSubType()).toLowerCase(java.util.Locale.ROOT);
            String body = body(req).trim();
            if (type.equals("application/dtmf-relay")) {
                for (String line : body.split("\r?\n")) {
                    String[] kv = line.split("=", 2);
                    if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("Signal") && !kv[1].trim().isEmpty()) {
                        digit = kv[1].trim().charAt(0);
                    }
                }
            } else if (type.equals("application/dtmf") && !body.isEmpty()) {
                digit = body.charAt(0);
            }
        }
        if (digit == 0 || "0123456789*#ABCDabcd".indexOf(digit) < 0) {
            respond(st, req, Response.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type (expected application/dtmf-relay)", null);
            return;
        }
        respond(st, req, Response.OK, null, null);
        leg.onDtmfInfo(Character.toUpperCase(digit));
    }

    private interface InDialog {
        void accept(SipCallLeg leg, ServerTransaction st);
    }

    private void inDialog(RequestEvent ev, InDialog action) {
        ServerTransaction st = serverTx(ev);
        if (st == null) {
            return;
        }
        Request req = ev.getRequest();
        SipCallLeg leg = calls.get(callId(req));
        if (leg == null) {
            respond(st, req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null);
            return;
        }
        leg.run(() -> action.accept(leg, st));
    }

    private ServerTransaction serverTx(RequestEvent ev) {
        ServerTransaction st = ev.getServerTransaction();
        if (st != null) {
            return st;
        }
        try {
            return endpoint.provider().getNewServerTransaction(ev.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            return null; // a retransmission; the transaction layer answers it (§17.2)
        } catch (SipException e) {
            log.debug("no server transaction for {}: {}", ev.getRequest().getMethod(), e.toString());
            endpoint.sendStateless(ev.getRequest(), Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
            return null;
        }
    }

    // ------------------------------------------------------------------ responses

    @Override
    public void processResponse(ResponseEvent ev) {
        Response r = ev.getResponse();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        if (cseq == null) {
            return;
        }
        String method = cseq.getMethod();
        if (method.equals(Request.REGISTER)) {
            trunks.registration(callId(r)).ifPresent(reg -> reg.onResponse(r, ev.getClientTransaction()));
            return;
        }
        SipCallLeg leg = calls.get(callId(r));
        int code = r.getStatusCode();
        if (leg == null) {
            orphanResponse(ev, method, code);
            return;
        }
        leg.run(() -> {
            switch (method) {
                case Request.INVITE -> {
                    boolean initial = leg.invite != null && cseq.getSeqNumber() == ((CSeqHeader) leg.invite
                            .getHeader(CSeqHeader.NAME)).getSeqNumber() && !leg.inbound;
                    if (!initial) {
                        if (code >= 200) {
                            leg.onReInviteResponse(r);
                        }
                    } else if (code < 200) {
                        leg.onProvisional(r);
                    } else if (code < 300) {
                        leg.onInviteSuccess(r);
                    } else if (!answeredChallenge(leg, r, ev.getClientTransaction())) {
                        leg.onInviteFailure(r);
                    }
                }
                case Request.REFER -> leg.onReferResponse(r);
                default -> {
                }
            }
        });
    }

    /**
     * A trunk's 401/407 to our INVITE (RFC 3261 §22.2): send it again with the trunk's credentials, once (and
     * once more for a stale nonce). False when the challenge is not ours to answer: the leg then fails.
     */
    private boolean answeredChallenge(SipCallLeg leg, Response r, ClientTransaction challenged) {
        int code = r.getStatusCode();
        SipTrunk trunk = leg.trunk;
        if ((code != Response.UNAUTHORIZED && code != Response.PROXY_AUTHENTICATION_REQUIRED) || trunk == null) {
            return false;
        }
        if (!trunk.hasCredentials()) {
            leg.end(EndCause.FAILED, code + " " + r.getReasonPhrase() + " (the carrier asks for credentials; the trunk"
                    + " has none: give it register.username and its secret)");
            return true;
        }
        if (challenged == null || leg.challenges >= 2 || (leg.challenges == 1 && !SipTrunk.stale(r))) {
            leg.end(EndCause.FAILED, code + " " + r.getReasonPhrase() + " (credentials refused)");
            return true;
        }
        if (leg.sm.is(LegState.CANCELLING)) {
            leg.end(leg.cancelCause(), "cancelled while authenticating");
            return true;
        }
        leg.challenges++;
        try {
            ClientTransaction retry = trunk.answerChallenge(endpoint, r, challenged);
            leg.invite = retry.getRequest();
            leg.inviteClientTx = retry;
            leg.dialog = retry.getDialog();
            retry.sendRequest();
            invitesOut.increment();
        } catch (SipException | RuntimeException e) {
            leg.end(EndCause.FAILED, "could not answer the " + code + " challenge: " + e.getMessage());
        }
        return true;
    }

    /** A response for a leg we already gave up: cancel a late ringing, or ACK and BYE a late answer. */
    private void orphanResponse(ResponseEvent ev, String method, int code) {
        if (!method.equals(Request.INVITE)) {
            return;
        }
        try {
            ClientTransaction ct = ev.getClientTransaction();
            if (code > 100 && code < 200 && ct != null) {
                endpoint.provider().getNewClientTransaction(ct.createCancel()).sendRequest();
            } else if (code >= 200 && code < 300 && ev.getDialog() != null) {
                Dialog d = ev.getDialog();
                d.sendAck(d.createAck(((CSeqHeader) ev.getResponse().getHeader(CSeqHeader.NAME)).getSeqNumber()));
                Request bye = d.createRequest(Request.BYE);
                d.sendRequest(endpoint.provider().getNewClientTransaction(bye));
            }
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            log.debug("could not clean up a late {} response: {}", code, e.toString());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent ev) {
        if (ev.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = ev.getClientTransaction();
        Request req = ct.getRequest();
        if (req.getMethod().equals(Request.REGISTER)) {
            trunks.registration(callId(req)).ifPresent(TrunkRegistration::onTimeout);
            return;
        }
        SipCallLeg leg = calls.get(callId(req));
        if (leg != null) {
            leg.run(() -> leg.onTransactionTimeout(req.getMethod()));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent ev) {
        log.debug("SIP I/O error towards {}:{} ({})", ev.getHost(), ev.getPort(), ev.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent ev) {
        // nothing kept per transaction
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent ev) {
        // legs end on BYE / final responses, not on dialog cleanup
    }

    // ------------------------------------------------------------------ sending (on a leg's owner)

    void respond(ServerTransaction st, Request req, int code, String reason, String sdp) {
        Response r = endpoint.response(req, code, reason, null);
        if (sdp != null) {
            setSdp(r, sdp);
            r.setHeader(endpoint.contact("openucc", transportOf(req)));
        }
        endpoint.send(st, r);
    }

    private void sendRinging(SipCallLeg leg) {
        Response r = endpoint.response(leg.invite, Response.RINGING, null, leg.localTag);
        r.setHeader(endpoint.contact("openucc", transportOf(leg.invite)));
        endpoint.send(leg.inviteServerTx, r);
    }

    void sendProvisional(SipCallLeg leg, int code, String sdp) {
        Response r = endpoint.response(leg.invite, code, null, leg.localTag);
        r.setHeader(endpoint.contact("openucc", transportOf(leg.invite)));
        if (sdp != null) {
            setSdp(r, sdp);
        }
        endpoint.send(leg.inviteServerTx, r);
    }

    void sendFinal(SipCallLeg leg, int code, String reason, String sdp) {
        sendFinal(leg, code, reason, sdp, 0);
    }

    void sendFinal(SipCallLeg leg, int code, String reason, String sdp, long retryAfterSeconds) {
        Response r = endpoint.response(leg.invite, code, reason, leg.localTag);
        if (retryAfterSeconds > 0) {
            try {
                r.setHeader(endpoint.headers().createRetryAfterHeader((int) retryAfterSeconds));
            } catch (InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
        }
        if (code < 300) {
            r.setHeader(endpoint.contact("openucc", transportOf(leg.invite)));
        }
        if (sdp != null) {
            setSdp(r, sdp);
        }
        if (endpoint.send(leg.inviteServerTx, r) && code < 300) {
            leg.dialog = leg.inviteServerTx.getDialog();
        }
    }

    /** Sends the first INVITE of an outbound leg to {@code target} (RFC 3261 §8.1.1, §13.2.1). */
    void sendInvite(SipCallLeg leg, String target, String transport, String callerId, String toUser, String sdp) {
        try {
            URI uri = endpoint.addresses().createURI(target);
            SipURI fromUri = endpoint.addresses().createSipURI(callerId == null || callerId.isBlank() ? "anonymous"
                    : callerId, endpoint.host());
            FromHeader from = endpoint.headers().createFromHeader(endpoint.addresses().createAddress(fromUri), leg.localTag);
            SipURI toUri = endpoint.addresses().createSipURI(toUser, endpoint.host());
            ToHeader to = endpoint.headers().createToHeader(endpoint.addresses().createAddress(toUri), null);
            CallIdHeader callId = endpoint.headers().createCallIdHeader(leg.callId());
            CSeqHeader cseq = endpoint.headers().createCSeqHeader(1L, Request.INVITE);
            ViaHeader via = endpoint.headers().createViaHeader(endpoint.host(), endpoint.port(), transport, null);
            Request req = endpoint.messages().createRequest(uri, Request.INVITE, callId, cseq, from, to,
                    java.util.List.of(via), endpoint.headers().createMaxForwardsHeader(70));
            req.addHeader(endpoint.contact("openucc", transport));
            req.addHeader(endpoint.headers().createUserAgentHeader(java.util.List.of(SipEndpoint.USER_AGENT)));
            setSdp(req, sdp);
            ClientTransaction ct = endpoint.provider().getNewClientTransaction(req);
            leg.invite = req;
            leg.inviteClientTx = ct;
            leg.dialog = ct.getDialog();
            ct.sendRequest();
            invitesOut.increment();
        } catch (ParseException | InvalidArgumentException | SipException e) {
            throw new IllegalStateException("call " + leg.callId() + ": cannot INVITE " + target + ": " + e.getMessage(), e);
        }
    }

    void sendInDialog(SipCallLeg leg, String method, String sdp, Header extra) {
        Dialog d = leg.dialog;
        if (d == null) {
            throw new IllegalStateException("call " + leg.callId() + " has no dialog for " + method);
        }
        try {
            Request req = d.createRequest(method);
            if (sdp != null) {
                setSdp(req, sdp);
            }
            if (method.equals(Request.INVITE) || method.equals(Request.REFER)) {
                req.setHeader(endpoint.contact("openucc", transportOf(req)));
            }
            if (extra != null) {
                req.setHeader(extra);
            }
            d.sendRequest(endpoint.provider().getNewClientTransaction(req));
        } catch (SipException e) {
            log.warn("call {}: could not send {}: {}", leg.callId(), method, e.toString());
            if (!method.equals(Request.BYE)) {
                throw new IllegalStateException("call " + leg.callId() + ": could not send " + method, e);
            }
        }
    }

    void sendCancel(SipCallLeg leg) {
        try {
            endpoint.provider().getNewClientTransaction(leg.inviteClientTx.createCancel()).sendRequest();
        } catch (SipException e) {
            log.debug("call {}: CANCEL not sent: {}", leg.callId(), e.toString());
        }
    }

    void ack(SipCallLeg leg, Response ok) {
        Dialog d = leg.dialog;
        if (d == null) {
            return;
        }
        try {
            d.sendAck(d.createAck(leg.cseqOf(ok)));
        } catch (SipException | InvalidArgumentException e) {
            log.debug("call {}: ACK not sent: {}", leg.callId(), e.toString());
        }
    }

    /**
     * The Refer-To of a blind transfer (RFC 3515 §2.1): a URI as given; a service number at this server; an
     * outside number that a trunk reaches at that trunk, rewritten for it (the transferred party, normally the
     * carrier that brought the call, places the call); anything else at this server, as before.
     */
    Header referTo(String destination) {
        try {
            String target;
            if (destination.startsWith("sip:") || destination.startsWith("sips:") || destination.startsWith("tel:")) {
                target = destination;
            } else if (!admission.isServiceNumber(destination) && trunks.reaches(destination)) {
                target = trunks.route(destination).requestUri();
            } else {
                target = "sip:" + destination + "@" + endpoint.host() + ":" + endpoint.port();
            }
            return endpoint.headers().createReferToHeader(endpoint.addresses().createAddress(target));
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot transfer to '" + destination + "': " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void setSdp(Message m, String sdp) {
        try {
            m.setContent(sdp, endpoint.headers().createContentTypeHeader("application", "sdp"));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot attach SDP", e);
        }
    }

    static String body(Message m) {
        byte[] raw = m.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    static boolean hasBody(Message m) {
        return m.getRawContent() != null && m.getRawContent().length > 0;
    }

    static String callId(Message m) {
        CallIdHeader h = (CallIdHeader) m.getHeader(CallIdHeader.NAME);
        return h == null ? "" : h.getCallId();
    }

    private static String toTag(Request r) {
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        return to == null ? null : to.getTag();
    }

    private static String transportOf(Message m) {
        ViaHeader via = (ViaHeader) m.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(java.util.Locale.ROOT);
    }

    private static java.util.List<String> toStrings(ListIterator<?> it) {
        java.util.List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(o -> out.add(String.valueOf(o)));
        return out;
    }
}
