package org.openucc.telephony.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one trunk registered at its carrier (RFC 3261 §10.2): REGISTER, answer the digest challenge
 * with the trunk's credentials, refresh at four fifths of the period granted, and after a failure try
 * again with a growing pause. All of it runs on one owner; jain-sip and timer threads hand over.
 */
final class TrunkRegistration {
    private static final Logger log = LoggerFactory.getLogger(TrunkRegistration.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);

    enum State { REGISTERING, REGISTERED, FAILED, STOPPED }

    private final SipTrunk trunk;
    private final SipEndpoint endpoint;
    private final ScheduledExecutorService timers;
    private final Executor owner;
    /** RFC 3261 §10.2.4: one Call-ID for every REGISTER of this binding, CSeq counting up. */
    private final String callId;
    private long cseq;
    private long requestedSeconds;
    private int challenges;
    private Duration retry = FIRST_RETRY;
    private ScheduledFuture<?> timer;

    private volatile State state = State.REGISTERING;
    private volatile String detail = "not registered yet";
    private volatile long expiresAtMillis;
    private volatile long registrations;

    TrunkRegistration(SipTrunk trunk, SipEndpoint endpoint, ScheduledExecutorService timers, Executor owner) {
        this.trunk = trunk;
        this.endpoint = endpoint;
        this.timers = timers;
        this.owner = owner;
        this.callId = "trunk-" + trunk.id() + "-" + Long.toHexString(System.nanoTime()) + "@" + endpoint.host();
        this.requestedSeconds = trunk.config().register().expires().toSeconds();
    }

    String callId() {
        return callId;
    }

    void start() {
        owner.execute(this::register);
    }

    void stop() {
        owner.execute(() -> {
            state = State.STOPPED;
            cancelTimer();
        });
    }

    State state() {
        return state;
    }

    /** Why the trunk is not registered, while its registration has failed. */
    Optional<String> failure() {
        return state == State.FAILED ? Optional.of(detail) : Optional.empty();
    }

    Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("registration", state.name());
        m.put("detail", detail);
        if (state == State.REGISTERED) {
            m.put("expiresInSeconds", Math.max(0, (expiresAtMillis - System.currentTimeMillis()) / 1000));
        }
        m.put("registrations", registrations);
        return m;
    }

    // ------------------------------------------------------------------ on the owner

    private void register() {
        if (state == State.STOPPED) {
            return;
        }
        challenges = 0;
        try {
            Request req = request();
            ClientTransaction ct = endpoint.provider().getNewClientTransaction(req);
            ct.sendRequest();
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            fail("REGISTER to " + trunk.config().host() + ":" + trunk.config().port() + " not sent: " + e.getMessage());
        }
    }

    private Request request() throws ParseException, InvalidArgumentException {
        var addresses = endpoint.addresses();
        var headers = endpoint.headers();
        SipURI registrar = addresses.createSipURI(null, trunk.config().host());
        registrar.setPort(trunk.config().port());
        if (!trunk.transport().equals("udp")) {
            registrar.setTransportParam(trunk.transport());
        }
        Address aor = addresses.createAddress(addresses.createSipURI(trunk.username(), trunk.config().host()));
        ViaHeader via = headers.createViaHeader(endpoint.host(), endpoint.port(), trunk.transport(), null);
        CallIdHeader id = headers.createCallIdHeader(callId);
        CSeqHeader seq = headers.createCSeqHeader(++cseq, Request.REGISTER);
        Request req = endpoint.messages().createRequest(registrar, Request.REGISTER, id, seq,
                headers.createFromHeader(aor, "r" + Long.toHexString(cseq) + trunk.id().hashCode()),
                headers.createToHeader(aor, null), List.of(via), headers.createMaxForwardsHeader(70));
        req.addHeader(endpoint.contact(trunk.username(), trunk.transport()));
        req.addHeader(headers.createExpiresHeader((int) requestedSeconds));
        req.addHeader(headers.createUserAgentHeader(List.of(SipEndpoint.USER_AGENT)));
        return req;
    }

    void onResponse(Response r, ClientTransaction ct) {
        owner.execute(() -> response(r, ct));
    }

    void onTimeout() {
        owner.execute(() -> fail("no answer from " + trunk.config().host() + ":" + trunk.config().port()));
    }

    private void response(Response r, ClientTransaction ct) {
        CSeqHeader seq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        int code = r.getStatusCode();
        if (state == State.STOPPED || seq == null || seq.getSeqNumber() != cseq || code < 200) {
            return; // provisional, or late for a REGISTER we already gave up
        }
        if (code < 300) {
            registered(granted(r));
        } else if ((code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED)
                && ct != null && trunk.hasCredentials() && (challenges == 0 || SipTrunk.stale(r)) && challenges < 3) {
            challenges++;
            try {
                ClientTransaction retry = trunk.answerChallenge(endpoint, r, ct);
                cseq = ((CSeqHeader) retry.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
                retry.sendRequest();
            } catch (SipException | RuntimeException e) {
                fail("could not answer the " + code + " challenge: " + e.getMessage());
            }
        } else if (code == Response.INTERVAL_TOO_BRIEF && r.getHeader(MinExpiresHeader.NAME) instanceof MinExpiresHeader min
                && min.getExpires() > requestedSeconds) {
            requestedSeconds = min.getExpires(); // RFC 3261 §10.2.8
            register();
        } else {
            boolean refused = code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED;
            fail(code + " " + r.getReasonPhrase() + (refused ? trunk.hasCredentials() ? " (credentials refused)"
                    : " (the carrier asks for credentials; the trunk has none)" : ""));
        }
    }

    /** What the registrar granted: our Contact's expires, else the Expires header, else what we asked. */
    private long granted(Response r) {
        ListIterator<?> contacts = r.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader c = (ContactHeader) contacts.next();
            if (c.getAddress().getURI() instanceof SipURI uri && endpoint.isOwnAddress(uri.getHost(), uri.getPort())
                    && c.getExpires() >= 0) {
                return c.getExpires();
            }
        }
        ExpiresHeader e = (ExpiresHeader) r.getHeader(ExpiresHeader.NAME);
        return e != null ? e.getExpires() : requestedSeconds;
    }

    private void registered(long seconds) {
        if (seconds <= 0) {
            fail("the registrar granted no time (expires=" + seconds + ")");
            return;
        }
        boolean was = state == State.REGISTERED;
        state = State.REGISTERED;
        detail = "registered as " + trunk.username() + " at " + trunk.config().host() + ":" + trunk.config().port();
        expiresAtMillis = System.currentTimeMillis() + seconds * 1000;
        registrations++;
        retry = FIRST_RETRY;
        if (!was) {
            log.info("trunk {}: {} for {} s", trunk.id(), detail, seconds);
        }
        schedule(seconds * 800); // refresh at four fifths of the period (RFC 3261 §10.2.4: before it expires)
    }

    private void fail(String why) {
        if (state == State.STOPPED) {
            return;
        }
        state = State.FAILED;
        detail = "registration failed: " + why;
        log.warn("trunk {}: {}; trying again in {} s", trunk.id(), detail, retry.toSeconds());
        schedule(retry.toMillis());
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    }

    private void schedule(long millis) {
        cancelTimer();
        timer = timers.schedule(() -> owner.execute(this::register), millis, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
