package org.openucc.telephony.sip;

import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.telephony.AmdResult;
import org.openucc.telephony.AmdSettings;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.CallListener;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DigitCollector;
import org.openucc.telephony.DigitRequest;
import org.openucc.telephony.DigitResult;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.MonitorMode;
import org.openucc.telephony.Playback;
import org.openucc.telephony.PlaybackResult;
import org.openucc.telephony.RecordRequest;
import org.openucc.telephony.Recording;
import org.openucc.telephony.RecordingHandle;
import org.openucc.telephony.media.MediaDirection;
import org.openucc.telephony.media.MediaFormat;
import org.openucc.telephony.media.MediaListener;
import org.openucc.telephony.media.RtpSession;
import org.openucc.telephony.media.SdpNegotiator;
import org.openucc.telephony.media.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One SIP call leg of the B2BUA (inbound from a caller, or outbound to an agent's phone) as a
 * {@link CallControl}. Everything about the leg happens on its own serial executor: jain-sip
 * threads and Netty loops only post events to it. The SIP dialog work (requests, responses) is
 * here; what is shared by both directions lives in {@link SipSignalling}.
 */
final class SipCallLeg implements CallControl, MediaListener {
    private static final Logger log = LoggerFactory.getLogger(SipCallLeg.class);
    // RFC 3261 §13.3.1.4 (no ACK for our 200 within 64*T1) and §9.1 (no final response to the INVITE 64*T1 after
    // our CANCEL: the INVITE is cancelled) wait sip.transactionTimeout (64*T1): sip.transactionTimeoutMillis.

    final SipSignalling sip;
    final SerialExecutor owner;
    private final String callId;
    private final CallInfo info;
    final boolean inbound;
    final LegStateMachine sm;
    private volatile CallState publicState;
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();
    /** The listeners told Ended (touched on the owner only). */
    private final java.util.Set<CallListener> toldEnded = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
    private final DigitCollector digits;

    // signalling
    Request invite;
    ServerTransaction inviteServerTx;
    ClientTransaction inviteClientTx;
    /** An inbound leg's places in the door's caps (null for outbound legs): released on reaching an agent and on end. */
    volatile SipAdmission.Ticket ticket;
    /** Refused with Retry-After: its Call-ID may come back (not remembered as a duplicate). */
    volatile boolean mayRetry;
    Dialog dialog;
    final String localTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private boolean provisionalSeen;
    private boolean cancelWanted;
    private EndCause cancelCause = EndCause.CANCELLED;
    private boolean byeAfterAck;
    private ScheduledFuture<?> ringTimer;
    private ScheduledFuture<?> ackTimer;
    private ScheduledFuture<?> cancelGuard;
    private CompletableFuture<Void> reInvitePending;
    private LegState afterReInvite;
    private CompletableFuture<Void> referPending;
    /** The trunk an outbound leg to an outside number goes over (null otherwise): named in its end reason. */
    volatile SipTrunk trunk;
    /** Digest challenges to the INVITE answered so far (one, plus one more for a stale nonce). */
    int challenges;

    // media
    volatile RtpSession rtp; // set once on the owner; read by a bridged peer's owner
    SessionDescription remoteSdp;
    volatile MediaFormat format; // read by the owner of a leg dialled for this one (its offer's codec)
    /**
     * What our offer lists first (an outbound leg): the codec of the leg it is placed for, so a phone that
     * takes the first codec it knows answers in it and the bridge relays without transcoding.
     */
    volatile org.openucc.telephony.media.Codec offerFirst = org.openucc.telephony.media.Codec.PCMU;
    private final long sdpSession = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private long sdpVersion = 1;
    private MediaDirection localDirection = MediaDirection.SENDRECV;
    /**
     * sip.mediaTimeout: whether the negotiated stream has the remote send to us (not sendonly/inactive on our
     * side, not recvonly/inactive or 0.0.0.0 on theirs), and since when we wait for its RTP (System.nanoTime():
     * connected, resumed or renegotiated). Written on the owner, read by the signalling's once-a-second sweep.
     */
    private volatile boolean mediaExpected = true;
    private volatile long mediaWatchFromNanos;
    /** A media timeout is being handled on the owner (the sweep posts it once). */
    private volatile boolean mediaTimeoutPosted;
    final LegMedia media = new LegMedia(this);

    // completion
    final CompletableFuture<Void> answered = new CompletableFuture<>();
    private EndCause endCause;
    private String endDetail;

    SipCallLeg(SipSignalling sip, String callId, CallInfo info, boolean inbound) {
        this.sip = sip;
        this.callId = callId;
        this.info = info;
        this.inbound = inbound;
        this.owner = new SerialExecutor(sip.callPool, "call " + callId);
        this.sm = new LegStateMachine(callId, inbound ? LegState.INCOMING : LegState.CALLING);
        this.publicState = CallState.RINGING;
        this.digits = new DigitCollector(owner, sip.timers);
    }

    /** Runs on the leg's owner with the call id in the logging context. */
    void run(Runnable task) {
        owner.execute(() -> {
            MDC.put("call", callId);
            try {
                task.run();
            } finally {
                MDC.remove("call");
            }
        });
    }

    <T> CompletableFuture<T> call(java.util.function.Function<CompletableFuture<T>, Void> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        run(() -> {
            if (sm.is(LegState.ENDED)) {
                f.completeExceptionally(ended());
                return;
            }
            try {
                body.apply(f);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Continues on the owner once the media session is bound: at once when it came from the spare pool. */
    void withMedia(CompletableFuture<RtpSession> media, java.util.function.BiConsumer<RtpSession, Throwable> then) {
        if (media.isDone()) {
            media.whenComplete(then);
        } else {
            media.whenComplete((rtp, err) -> run(() -> then.accept(rtp, err)));
        }
    }

    CallEndedException ended() {
        return new CallEndedException(callId, endCause == null ? EndCause.FAILED : endCause, endDetail);
    }

    // ------------------------------------------------------------------ CallControl

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public CallInfo info() {
        return info;
    }

    @Override
    public CallState state() {
        return publicState;
    }

    /**
     * Adds a listener at once; one added after the leg ended is told Ended (with its cause) on the
     * leg's owner, exactly once, so a late owner of the call never waits for an end it missed.
     */
    @Override
    public void addListener(CallListener listener) {
        listeners.add(listener);
        run(() -> {
            if (sm.is(LegState.ENDED) && !toldEnded.contains(listener)) {
                tellEnded(listener, new CallEvent.Ended(callId, endCause == null ? EndCause.FAILED : endCause,
                        "ended before the listener was added"));
            }
        });
    }

    @Override
    public CompletionStage<Void> answer() {
        return call(f -> {
            if (!inbound || !sm.is(LegState.INCOMING, LegState.EARLY)) {
                if (sm.is(LegState.CONNECTED, LegState.HELD, LegState.ANSWERING)) {
                    answered.whenComplete((v, e) -> complete(f, e));
                    return null;
                }
                throw new IllegalStateException("call " + callId + " cannot be answered while " + sm.state());
            }
            move(LegState.ANSWERING, "answer");
            sip.sendFinal(this, Response.OK, null, sdp());
            ackTimer = sip.timers.schedule(() -> run(this::onAckTimeout), sip.transactionTimeoutMillis,
                    TimeUnit.MILLISECONDS);
            answered.whenComplete((v, e) -> complete(f, e));
            return null;
        });
    }

    @Override
    public CompletionStage<PlaybackResult> play(Playback playback) {
        return call(f -> {
            List<short[]> audio = sip.media.prompts(sip.prompts.files(playback.prompts()));
            if (inbound && sm.is(LegState.INCOMING)) {
                // Early media before answer: 183 Session Progress with our SDP (RFC 3261 §13.3.1.1, RFC 3960).
                sip.sendProvisional(this, Response.SESSION_PROGRESS, sdp());
                move(LegState.EARLY, "early media");
            }
            media.play(audio, playback, f);
            return null;
        });
    }

    @Override
    public void stopPlayback() {
        run(() -> {
            if (rtp != null) {
                rtp.stopPlayback();
            }
        });
    }

    @Override
    public CompletionStage<DigitResult> collectDigits(DigitRequest request) {
        return call(f -> {
            digits.collect(request).whenComplete((r, e) -> complete(f, r, e));
            return null;
        });
    }

    @Override
    public void flushDigits() {
        run(digits::flush);
    }

    @Override
    public CompletionStage<Void> bridge(CallControl other, RecordingHandle recordAs) {
        if (!(other instanceof SipCallLeg peer)) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            f.completeExceptionally(new IllegalArgumentException("call " + callId
                    + " can only be bridged with another call of the built-in SIP stack, not " + other));
            return f;
        }
        return call(f -> {
            if (!isUp() || !peer.isUp()) {
                throw new IllegalStateException("bridge needs two answered calls: " + callId + " is " + publicState
                        + ", " + peer.callId() + " is " + peer.state());
            }
            media.bridge(peer, recordAs);
            reachedAgent(this);
            reachedAgent(peer);
            f.complete(null);
            return null;
        });
    }

    /**
     * Joins {@code supervisor} (an answered leg of this stack) to this leg's bridge in {@code mode}, or
     * changes the mode of the supervisor already joined; the media engine mixes (see
     * {@link org.openucc.telephony.media.MonitorMix}).
     */
    @Override
    public CompletionStage<Void> monitor(CallControl supervisor, MonitorMode mode) {
        if (!(supervisor instanceof SipCallLeg s)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("call " + callId
                    + " can only be monitored from another call of the built-in SIP stack, not " + supervisor));
        }
        return call(f -> {
            if (!isUp() || !s.isUp()) {
                throw new IllegalStateException("monitoring needs two answered calls: " + callId + " is "
                        + publicState + ", " + s.callId() + " is " + s.state());
            }
            media.monitor(s, mode);
            f.complete(null);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> stopMonitor(CallControl supervisor) {
        return call(f -> {
            if (supervisor instanceof SipCallLeg s) {
                media.stopMonitor(s);
            }
            f.complete(null);
            return null;
        });
    }

    /** A bridged inbound caller no longer waits in its queue (the door's per-queue cap). */
    private static void reachedAgent(SipCallLeg leg) {
        SipAdmission.Ticket t = leg.ticket;
        if (t != null) {
            t.reachedAgent();
        }
    }

    @Override
    public CompletionStage<Void> hold() {
        return reInvite(MediaDirection.SENDONLY, LegState.HELD);
    }

    @Override
    public CompletionStage<Void> resume() {
        return reInvite(MediaDirection.SENDRECV, LegState.CONNECTED);
    }

    private CompletionStage<Void> reInvite(MediaDirection direction, LegState target) {
        return call(f -> {
            if (!sm.is(LegState.CONNECTED, LegState.HELD)) {
                throw new IllegalStateException("call " + callId + " cannot change hold while " + sm.state());
            }
            if (reInvitePending != null) {
                throw new IllegalStateException("call " + callId + " already has a re-INVITE in progress");
            }
            localDirection = direction;
            reInvitePending = f;
            afterReInvite = target;
            sip.sendInDialog(this, Request.INVITE, sdp(), null);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> transfer(String destination) {
        return call(f -> {
            if (!sm.is(LegState.CONNECTED, LegState.HELD)) {
                throw new IllegalStateException("call " + callId + " cannot be transferred while " + sm.state());
            }
            referPending = f;
            // RFC 3515 §2.1: the remote party is asked to call the target itself.
            sip.sendInDialog(this, Request.REFER, null, sip.referTo(destination));
            return null;
        });
    }

    @Override
    public CompletionStage<Recording> record(RecordRequest request) {
        return call(f -> {
            if (!isUp()) {
                throw new IllegalStateException("call " + callId + " must be answered to record");
            }
            media.record(request, f);
            return null;
        });
    }

    @Override
    public CompletionStage<AmdResult> detectAnsweringMachine(AmdSettings settings, RecordingHandle sampleAs) {
        return call(f -> {
            if (settings == null) {
                throw new IllegalArgumentException("call " + callId + ": answering-machine detection needs settings");
            }
            if (!isUp()) {
                throw new IllegalStateException("call " + callId + " must be answered to detect an answering machine");
            }
            media.detectMachine(settings, sampleAs, f);
            return null;
        });
    }

    @Override
    public CompletionStage<Boolean> awaitSilence(Duration silence, Duration timeout) {
        return call(f -> {
            if (silence == null || timeout == null || silence.toMillis() < 1 || timeout.toMillis() < 1) {
                throw new IllegalArgumentException("call " + callId + ": waiting for silence needs a positive length"
                        + " and timeout, not " + silence + " and " + timeout);
            }
            if (!isUp()) {
                throw new IllegalStateException("call " + callId + " must be answered to wait for silence");
            }
            media.awaitSilence(silence, timeout, f);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> sendDtmf(String dtmf) {
        return call(f -> {
            rtp.sendDtmf(dtmf);
            f.complete(null);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> hangup(String reason) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        run(() -> {
            if (sm.is(LegState.ENDED)) {
                f.complete(null);
                return;
            }
            localHangup(reason);
            f.complete(null);
        });
        return f;
    }

    boolean isUp() {
        CallState s = publicState;
        return s == CallState.ANSWERED || s == CallState.HELD;
    }

    // ------------------------------------------------------------------ on the owner: local actions

    /** Out of whatever state we are in, as the RFC allows for it. */
    void localHangup(String reason) {
        switch (sm.state()) {
            case INCOMING, EARLY -> {
                if (inbound) {
                    int code = switch (reason == null ? "" : reason) {
                        case "not-found" -> Response.NOT_FOUND;
                        case "busy" -> Response.BUSY_HERE;
                        case "rejected" -> Response.DECLINE;
                        default -> Response.TEMPORARILY_UNAVAILABLE;
                    };
                    sip.sendFinal(this, code, reason, null);
                    end(EndCause.LOCAL_HANGUP, "rejected with " + code);
                } else {
                    cancel(EndCause.CANCELLED);
                }
            }
            case CALLING -> cancel(EndCause.CANCELLED);
            case ANSWERING -> byeAfterAck = true; // §15: no BYE before the ACK arrives
            case CONNECTED, HELD -> {
                move(LegState.TERMINATING, "hangup: " + reason);
                sip.sendInDialog(this, Request.BYE, null, null);
                end(EndCause.LOCAL_HANGUP, reason);
            }
            default -> {
            }
        }
    }

    /** Stops an outbound leg from ringing (RFC 3261 §9.1: only once a provisional response came). */
    void cancel(EndCause cause) {
        if (!sm.is(LegState.CALLING, LegState.EARLY) || inbound) {
            return;
        }
        cancelCause = cause;
        move(LegState.CANCELLING, "cancel (" + cause + ")");
        if (provisionalSeen) {
            sendCancel();
        } else {
            cancelWanted = true;
        }
    }

    /**
     * Sends the CANCEL and guards it: a callee that answers the CANCEL (or not) but never sends the INVITE's
     * final response (487) would otherwise keep the leg CANCELLING for ever, since an INVITE client
     * transaction that saw a provisional response has no timeout of its own (RFC 3261 §17.1.1.2); §9.1 says to
     * consider the INVITE cancelled after 64*T1.
     */
    private void sendCancel() {
        sip.sendCancel(this);
        cancelTimer(cancelGuard);
        cancelGuard = sip.timers.schedule(() -> run(() -> {
            if (sm.is(LegState.CANCELLING)) {
                terminateInvite();
                end(cancelCause, "no final response to the INVITE " + sip.transactionTimeoutMillis / 1000
                        + " s after the CANCEL");
            }
        }), sip.transactionTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Ends our INVITE's client transaction here (no more retransmissions); a late answer is then an orphan's. */
    private void terminateInvite() {
        if (inviteClientTx != null) {
            try {
                inviteClientTx.terminate();
            } catch (Exception e) {
                log.debug("call {}: INVITE transaction not terminated: {}", callId, e.toString());
            }
        }
    }

    EndCause cancelCause() {
        return cancelCause;
    }

    void armRingTimer(long millis) {
        ringTimer = sip.timers.schedule(() -> run(() -> {
            if (!provisionalSeen && sm.is(LegState.CALLING)) {
                // Not even 100 Trying: the carrier, or the phone's host, is down or unreachable, which is no "no
                // answer". A CANCEL may only follow a provisional response (RFC 3261 §9.1), so the leg would wait
                // for Timer B (32 s) after its ring timeout: the INVITE's transaction ends here instead.
                terminateInvite();
                end(EndCause.FAILED, "no response to the INVITE within " + millis / 1000 + " s");
                return;
            }
            cancel(EndCause.NO_ANSWER);
        }), millis, TimeUnit.MILLISECONDS);
    }

    /** Our SDP for the current state: the answer to their offer, or our offer. */
    String sdp() {
        sdpVersion++;
        SessionDescription d = remoteSdp != null && format != null
                ? SdpNegotiator.answer(remoteSdp, format, sip.media.host(), rtp.localPort(), sdpSession, sdpVersion,
                localDirection)
                : SdpNegotiator.offer(sip.media.host(), rtp.localPort(), sdpSession, sdpVersion,
                format == null ? offerFirst : format.codec(), localDirection);
        return d.format();
    }

    // ------------------------------------------------------------------ on the owner: what arrived

    void onProvisional(Response response) {
        provisionalSeen = true;
        if (cancelWanted) {
            cancelWanted = false;
            sendCancel();
            return;
        }
        if (sm.is(LegState.CALLING)) {
            move(LegState.EARLY, response.getStatusCode() + " " + response.getReasonPhrase());
        }
        boolean early = hasSdp(response);
        if (early) {
            applyRemoteSdp(SipSignalling.body(response), false);
        }
        if (response.getStatusCode() > 100) {
            emit(new CallEvent.Ringing(callId, early));
        }
    }

    void onInviteSuccess(Response response) {
        sip.ack(this, response);
        if (sm.is(LegState.CONNECTED, LegState.HELD, LegState.TERMINATING, LegState.ENDED)) {
            return; // a retransmitted 200 OK: acknowledged again above (§13.2.2.4)
        }
        cancelTimer(ringTimer);
        if (hasSdp(response)) {
            applyRemoteSdp(SipSignalling.body(response), false);
        }
        boolean cancelled = sm.is(LegState.CANCELLING);
        move(LegState.CONNECTED, "200 OK");
        connected();
        if (cancelled) {
            // The answer crossed our CANCEL: the call is up, so end it properly with BYE.
            move(LegState.TERMINATING, "answered after cancel");
            sip.sendInDialog(this, Request.BYE, null, null);
            end(cancelCause, "answered after cancel");
        }
    }

    void onInviteFailure(Response response) {
        cancelTimer(ringTimer);
        int code = response.getStatusCode();
        EndCause cause = switch (code) {
            case Response.BUSY_HERE, Response.BUSY_EVERYWHERE -> EndCause.BUSY;
            case Response.REQUEST_TIMEOUT, Response.TEMPORARILY_UNAVAILABLE -> EndCause.NO_ANSWER;
            case Response.REQUEST_TERMINATED -> cancelCause;
            case Response.DECLINE -> EndCause.REJECTED;
            // A trunk's 403 is the carrier refusing us (account, caller ID), not the callee declining.
            case Response.FORBIDDEN -> trunk != null ? EndCause.FAILED : EndCause.REJECTED;
            default -> EndCause.FAILED;
        };
        end(cause, code + " " + response.getReasonPhrase());
    }

    void onReInviteResponse(Response response) {
        CompletableFuture<Void> f = reInvitePending;
        reInvitePending = null;
        int code = response.getStatusCode();
        if (code >= 200 && code < 300) {
            sip.ack(this, response);
            if (hasSdp(response)) {
                applyRemoteSdp(SipSignalling.body(response), false);
            }
            if (sm.state() != afterReInvite && sm.is(LegState.CONNECTED, LegState.HELD)) {
                move(afterReInvite, "re-INVITE " + localDirection.attribute());
                emit(afterReInvite == LegState.HELD ? new CallEvent.Held(callId, false)
                        : new CallEvent.Resumed(callId, false));
            }
            complete(f, null);
        } else if (f != null) {
            f.completeExceptionally(new IllegalStateException("call " + callId + ": re-INVITE refused with " + code
                    + " " + response.getReasonPhrase()));
        }
    }

    void onReferResponse(Response response) {
        CompletableFuture<Void> f = referPending;
        referPending = null;
        if (f == null) {
            return;
        }
        int code = response.getStatusCode();
        if (code >= 200 && code < 300) {
            f.complete(null);
        } else {
            f.completeExceptionally(new IllegalStateException("call " + callId + ": transfer refused with " + code
                    + " " + response.getReasonPhrase()));
        }
    }

    void onAck(Request ack) {
        if (!sm.is(LegState.ANSWERING)) {
            return;
        }
        cancelTimer(ackTimer);
        if (remoteSdp == null && hasSdp(ack)) {
            applyRemoteSdp(SipSignalling.body(ack), false); // late offer: their answer is in the ACK (§13.2.1)
        }
        move(LegState.CONNECTED, "ACK");
        connected();
        if (byeAfterAck) {
            localHangup("hangup");
        }
    }

    private void onAckTimeout() {
        if (sm.is(LegState.ANSWERING)) {
            log.warn("call {}: no ACK for our 200 OK in {} ms", callId, sip.transactionTimeoutMillis);
            move(LegState.TERMINATING, "no ACK");
            sip.sendInDialog(this, Request.BYE, null, null);
            end(EndCause.FAILED, "no ACK");
        }
    }

    /** An in-dialog INVITE from the remote: hold, resume, or a new media address (RFC 3264 §8). */
    void onReInvite(Request request, ServerTransaction st) {
        if (reInvitePending != null) {
            sip.respond(st, request, Response.REQUEST_PENDING, null, null); // glare, §14.2
            return;
        }
        if (!sm.is(LegState.CONNECTED, LegState.HELD)) {
            sip.respond(st, request, Response.REQUEST_PENDING, null, null);
            return;
        }
        if (hasSdp(request)) {
            try {
                SessionDescription offer = SessionDescription.parse(SipSignalling.body(request));
                SdpNegotiator.choose(offer);
                applyRemoteSdp(offer, true);
            } catch (IllegalArgumentException e) {
                sip.respond(st, request, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here (" + e.getMessage() + ")", null);
                return;
            }
        }
        sip.respond(st, request, Response.OK, null, sdp());
        boolean hold = remoteSdp != null && remoteSdp.isHold();
        if (hold && sm.is(LegState.CONNECTED)) {
            move(LegState.HELD, "held by remote");
            emit(new CallEvent.Held(callId, true));
        } else if (!hold && sm.is(LegState.HELD)) {
            move(LegState.CONNECTED, "resumed by remote");
            emit(new CallEvent.Resumed(callId, true));
        }
    }

    void onBye(Request request, ServerTransaction st) {
        // Ended is told before the 200 leaves, so whoever owns the call has it queued before the
        // caller can see the hang-up confirmed (RFC 3261 §15.1.2: the session ends on the BYE).
        if (!sm.is(LegState.ENDED)) {
            end(EndCause.REMOTE_HANGUP, "BYE");
        }
        sip.respond(st, request, Response.OK, null, null);
    }

    /** The caller gave up before we answered (§9.2): 487 for the INVITE. */
    void onCancel() {
        if (inbound && sm.is(LegState.INCOMING, LegState.EARLY)) {
            sip.sendFinal(this, Response.REQUEST_TERMINATED, null, null);
            end(EndCause.REMOTE_HANGUP, "CANCEL");
        }
    }

    void onDtmfInfo(char digit) {
        onDigit(digit);
    }

    void onTransactionTimeout(String method) {
        if (Request.INVITE.equals(method) && sm.is(LegState.CALLING, LegState.EARLY, LegState.CANCELLING)) {
            end(sm.is(LegState.CANCELLING) ? cancelCause : trunk != null && !provisionalSeen ? EndCause.FAILED
                    : EndCause.NO_ANSWER, "INVITE timed out");
        } else if (Request.BYE.equals(method) || Request.INVITE.equals(method)) {
            if (reInvitePending != null) {
                CompletableFuture<Void> f = reInvitePending;
                reInvitePending = null;
                f.completeExceptionally(new IllegalStateException("call " + callId + ": re-INVITE timed out"));
            }
            if (!sm.is(LegState.ENDED, LegState.TERMINATING)) {
                end(EndCause.FAILED, method + " timed out");
            }
        }
    }

    /** Applies an SDP offer or answer to the media session. */
    void applyRemoteSdp(String body, boolean isOffer) {
        applyRemoteSdp(SessionDescription.parse(body), isOffer);
    }

    void applyRemoteSdp(SessionDescription d, boolean isOffer) {
        MediaFormat chosen = SdpNegotiator.choose(d);
        remoteSdp = d;
        format = chosen;
        if (isOffer) {
            localDirection = d.direction().answer();
        }
        boolean send = d.direction().receives() && !"0.0.0.0".equals(d.address()) && localDirection.sends();
        rtp.configure(chosen, new InetSocketAddress(d.address(), d.port()), send);
        mediaExpected = localDirection.receives() && d.direction().sends() && !"0.0.0.0".equals(d.address());
        mediaWatchFromNanos = System.nanoTime();
    }

    private void connected() {
        publicState = sm.state().callState;
        answered.complete(null);
        emit(new CallEvent.Answered(callId));
    }

    // ------------------------------------------------------------------ media callbacks (Netty loop -> owner)

    @Override
    public void onDtmf(char digit) {
        run(() -> onDigit(digit));
    }

    private void onDigit(char digit) {
        if (sm.is(LegState.ENDED)) {
            return;
        }
        if (digit == '#' && media.recording()) {
            rtp.stopRecording();
        }
        digits.digit(digit);
        emit(new CallEvent.DtmfReceived(callId, digit));
    }

    @Override
    public void onPlaybackEnded(long playbackId, PlaybackResult result) {
        run(() -> media.playbackEnded(playbackId, result));
    }

    @Override
    public void onRecordingEnded(long recordingId, long durationMillis, Throwable error) {
        run(() -> media.recordingEnded(recordingId, durationMillis, error));
    }

    @Override
    public void onMachineDetected(long detectionId, AmdResult result) {
        run(() -> media.machineDetected(detectionId, result));
    }

    @Override
    public void onSilence(long waitId, boolean heard) {
        run(() -> media.silenceHeard(waitId, heard));
    }

    // ------------------------------------------------------------------ ending

    void end(EndCause cause, String detail) {
        if (sm.is(LegState.ENDED)) {
            return;
        }
        endCause = cause;
        if (trunk != null && cause == EndCause.FAILED) {
            detail = "trunk " + trunk.id() + ": " + detail;
        }
        endDetail = detail;
        move(LegState.ENDED, detail);
        publicState = CallState.ENDED;
        cancelTimer(ringTimer);
        cancelTimer(ackTimer);
        cancelTimer(cancelGuard);
        CallEndedException ex = ended();
        answered.completeExceptionally(ex);
        digits.cancel(ex);
        fail(reInvitePending, ex);
        fail(referPending, ex);
        media.end();
        if (rtp != null) {
            rtp.close();
        }
        log.debug("call {} ended: {} ({})", callId, cause, detail);
        emit(new CallEvent.Ended(callId, cause, detail));
        sip.forget(this);
    }

    void move(LegState to, String cause) {
        sm.move(to, cause);
        publicState = to.callState;
        if (to == LegState.CONNECTED) {
            mediaWatchFromNanos = System.nanoTime(); // answered or resumed: the wait for RTP starts (again)
        }
    }

    /**
     * From the signalling's media sweep (any thread, volatile reads only): a connected leg that expects RTP
     * and has received none for {@code timeoutNanos} (since it connected, was resumed or renegotiated) is
     * hung up on its owner, as lost.
     */
    void checkMedia(long now, long timeoutNanos) {
        RtpSession session = rtp;
        if (session == null || mediaTimeoutPosted || !mediaExpected || publicState != CallState.ANSWERED
                || now - lastHeardNanos(session) < timeoutNanos) {
            return;
        }
        mediaTimeoutPosted = true;
        run(() -> onMediaTimeout(timeoutNanos));
    }

    private long lastHeardNanos(RtpSession session) {
        long heard = session.lastReceivedNanos();
        long from = mediaWatchFromNanos;
        return heard != 0 && heard - from > 0 ? heard : from;
    }

    /** On the owner: still silent, still connected and expecting RTP: BYE, and the leg ends as lost. */
    private void onMediaTimeout(long timeoutNanos) {
        mediaTimeoutPosted = false;
        if (!sm.is(LegState.CONNECTED) || !mediaExpected || rtp == null
                || System.nanoTime() - lastHeardNanos(rtp) < timeoutNanos) {
            return;
        }
        String why = "no audio from " + (inbound ? "the caller" : "the called phone") + " for "
                + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s";
        log.info("call {}: {} (sip.mediaTimeout): hanging up", callId, why);
        move(LegState.TERMINATING, why);
        sip.sendInDialog(this, Request.BYE, null, null);
        end(EndCause.FAILED, why);
    }

    private void tellEnded(CallListener l, CallEvent.Ended event) {
        toldEnded.add(l);
        try {
            l.onEvent(event);
        } catch (RuntimeException e) {
            log.error("call {}: listener failed on {}", callId, event, e);
        }
    }

    void emit(CallEvent event) {
        if (event instanceof CallEvent.Ended ended) {
            listeners.forEach(l -> tellEnded(l, ended));
            return;
        }
        for (CallListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                log.error("call {}: listener failed on {}", callId, event, e);
            }
        }
    }

    private static boolean hasSdp(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        return ct != null && "sdp".equalsIgnoreCase(ct.getContentSubType()) && m.getRawContent() != null
                && m.getRawContent().length > 0;
    }

    private static void cancelTimer(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static <T> void fail(CompletableFuture<T> f, Throwable e) {
        if (f != null) {
            f.completeExceptionally(e);
        }
    }

    private static void complete(CompletableFuture<Void> f, Throwable e) {
        if (f == null) {
            return;
        }
        if (e != null) {
            f.completeExceptionally(e);
        } else {
            f.complete(null);
        }
    }

    private static <T> void complete(CompletableFuture<T> f, T value, Throwable e) {
        if (e != null) {
            f.completeExceptionally(e);
        } else {
            f.complete(value);
        }
    }

    long cseqOf(Response r) {
        return ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    @Override
    public String toString() {
        return (inbound ? "inbound" : "outbound") + " call " + callId + " (" + sm.state() + ")";
    }

    static void ignore(SipException e) {
        log.debug("ignored: {}", e.toString());
    }

    static void ignore(ParseException e) {
        log.debug("ignored: {}", e.toString());
    }
}
