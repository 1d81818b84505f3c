package org.openucc.telephony.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.limits.Rejections;
import org.openucc.telephony.Telephony.AgentReachabilityListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar for agents' phones (RFC 3261 §10.3): digest-authenticated REGISTER, one binding
 * per agent (the latest contact wins), expiry timers, and reachability events when a phone
 * registers, unregisters or lets its registration lapse. Its state changes on one serial executor.
 * Wrong answers lock out the guesser's user/address pair and address ({@link AuthLockout}); every
 * failure gets the same 403, so unknown users and wrong passwords look alike.
 */
final class SipRegistrar {
    private static final Logger log = LoggerFactory.getLogger(SipRegistrar.class);

    /**
     * Where a phone can be reached, until when. {@code key} is the agent's id, or for a user's own phone
     * (an account without an agent) {@value #USER_PHONE} and its user name.
     */
    record Binding(String key, String username, String contact, String transport, long expiresAtMillis) {
        String agentId() {
            return key;
        }
    }

    /** The binding key prefix of accounts that belong to no agent (a supervisor's phone). */
    static final String USER_PHONE = "phone:";

    private final SipEndpoint endpoint;
    private final DigestAuthenticator auth;
    private final AuthLockout lockout;
    private final Rejections rejections;
    private final long minExpires;
    private final long maxExpires;
    private final ScheduledExecutorService timers;
    private final SerialExecutor owner;
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> expiry = new ConcurrentHashMap<>();
    private final List<AgentReachabilityListener> listeners = new CopyOnWriteArrayList<>();

    SipRegistrar(SipEndpoint endpoint, DigestAuthenticator auth, AuthLockout lockout, Rejections rejections,
                 Duration minExpires, Duration maxExpires, ScheduledExecutorService timers, SerialExecutor owner) {
        this.endpoint = endpoint;
        this.auth = auth;
        this.lockout = lockout;
        this.rejections = rejections;
        this.minExpires = minExpires.toSeconds();
        this.maxExpires = maxExpires.toSeconds();
        this.timers = timers;
        this.owner = owner;
    }

    void addListener(AgentReachabilityListener l) {
        listeners.add(l);
    }

    Optional<Binding> binding(String agentId) {
        Binding b = bindings.get(agentId);
        return b == null || b.expiresAtMillis() < System.currentTimeMillis() ? Optional.empty() : Optional.of(b);
    }

    /** The live binding of the phone that authenticates as {@code username}, whoever it belongs to. */
    Optional<Binding> phone(String username) {
        long now = System.currentTimeMillis();
        return bindings.values().stream().filter(b -> b.username().equals(username) && b.expiresAtMillis() >= now)
                .findFirst();
    }

    int size() {
        return bindings.size();
    }

    void onRegister(Request request, ServerTransaction st) {
        owner.execute(() -> register(request, st));
    }

    void clear() {
        expiry.values().forEach(f -> f.cancel(false));
        expiry.clear();
        bindings.clear();
    }

    private void register(Request request, ServerTransaction st) {
        AuthorizationHeader authz = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        if (authz == null) {
            challenge(request, st, false);
            return;
        }
        DigestAuthenticator.Answer answer = answer(authz);
        String source = SipSignalling.sourceKey(request);
        // Locked: no password is checked at all, and the reply is the one a wrong password gets.
        AuthLockout.Lock lock = lockout.locked(answer.username(), source);
        if (lock != AuthLockout.Lock.NONE) {
            rejections.count(SipAdmission.DOOR, lock == AuthLockout.Lock.SOURCE ? "register-lockout-source"
                    : "register-lockout-user");
            log.debug("REGISTER as {} from {} refused: locked out ({})", answer.username(), source, lock);
            forbidden(request, st);
            return;
        }
        DigestAuthenticator.Outcome outcome = auth.verify(Request.REGISTER, answer);
        if (outcome instanceof DigestAuthenticator.Outcome.Accepted a) {
            lockout.succeeded(answer.username(), source);
            update(request, st, a.credential());
        } else if (outcome instanceof DigestAuthenticator.Outcome.Rejected r) {
            rejections.count(SipAdmission.DOOR, "register-auth");
            AuthLockout.Lock started = lockout.failed(answer.username(), source);
            if (started != AuthLockout.Lock.NONE) {
                log.warn("REGISTER: {} locked out for {} after repeated failures (last: {} as {})",
                        started == AuthLockout.Lock.SOURCE ? "address " + source : "user " + answer.username()
                                + " from " + source, lockout.remaining(answer.username(), source), r.reason(),
                        answer.username());
            } else {
                log.debug("REGISTER as {} from {} refused: {}", answer.username(), source, r.reason());
            }
            forbidden(request, st);
        } else {
            challenge(request, st, true);
        }
    }

    /**
     * One reply for every failed or locked answer, whatever the cause (unknown user, wrong password,
     * forged nonce, lockout): the same status, reason phrase and headers, so a guesser learns nothing.
     */
    private void forbidden(Request request, ServerTransaction st) {
        endpoint.send(st, endpoint.response(request, Response.FORBIDDEN, "Forbidden", null));
    }

    static DigestAuthenticator.Answer answer(AuthorizationHeader authz) {
        return new DigestAuthenticator.Answer(authz.getUsername(), authz.getRealm(),
                authz.getNonce(), authz.getParameter("uri") != null ? authz.getParameter("uri")
                : authz.getURI() == null ? null : authz.getURI().toString(), authz.getResponse(), authz.getQop(),
                authz.getParameter("nc"), authz.getCNonce(), authz.getAlgorithm());
    }

    private void challenge(Request request, ServerTransaction st, boolean stale) {
        Response r = endpoint.response(request, Response.UNAUTHORIZED, null, null);
        try {
            r.setHeader(endpoint.headers().createHeader("WWW-Authenticate", auth.challenge(stale)));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build our own challenge", e);
        }
        endpoint.send(st, r);
    }

    // RFC 3261 §10.3 steps 6-8.
    private void update(Request request, ServerTransaction st, SipCredentials.Credential cred) {
        URI aor = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        String aorUser = aor instanceof SipURI sip ? sip.getUser() : null;
        if (aorUser != null && !aorUser.equals(cred.username())) {
            endpoint.send(st, endpoint.response(request, Response.FORBIDDEN,
                    "Forbidden (" + cred.username() + " may not register " + aorUser + ")", null));
            return;
        }
        ExpiresHeader expiresHeader = request.getExpires();
        long defaultExpires = expiresHeader != null ? expiresHeader.getExpires() : 3600;
        ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
        ContactHeader chosen = null;
        long chosenExpires = 0;
        boolean removeAll = false;
        while (contacts.hasNext()) {
            ContactHeader c = (ContactHeader) contacts.next();
            if (c.isWildCard()) {
                // "*" is only allowed with Expires: 0 (§10.3 step 6).
                if (defaultExpires != 0) {
                    endpoint.send(st, endpoint.response(request, Response.BAD_REQUEST,
                            "Bad Request (Contact * needs Expires: 0)", null));
                    return;
                }
                removeAll = true;
                continue;
            }
            long e = c.getExpires() >= 0 ? c.getExpires() : defaultExpires;
            if (e != 0 && e < minExpires) {
                Response r = endpoint.response(request, Response.INTERVAL_TOO_BRIEF, null, null);
                try {
                    r.setHeader(endpoint.headers().createMinExpiresHeader((int) minExpires));
                } catch (InvalidArgumentException ex) {
                    throw new IllegalStateException(ex);
                }
                endpoint.send(st, r);
                return;
            }
            chosen = c;
            chosenExpires = Math.min(e, maxExpires);
        }
        String agentId = cred.agentId() != null ? cred.agentId() : USER_PHONE + cred.username();
        if (removeAll || (chosen != null && chosenExpires == 0)) {
            remove(agentId, "unregistered");
        } else if (chosen != null) {
            URI uri = chosen.getAddress().getURI();
            String transport = uri instanceof SipURI sip && sip.getTransportParam() != null
                    ? sip.getTransportParam() : "udp";
            Binding b = new Binding(agentId, cred.username(), uri.toString(), transport,
                    System.currentTimeMillis() + chosenExpires * 1000);
            Binding old = bindings.put(agentId, b);
            schedule(b, chosenExpires);
            if (old == null) {
                log.debug("agent {} registered at {} for {}s", agentId, b.contact(), chosenExpires);
                notify(agentId, true);
            }
        }
        Response ok = endpoint.response(request, Response.OK, null, null);
        Binding now = bindings.get(agentId);
        if (now != null) {
            ContactHeader c = (ContactHeader) chosen.clone();
            try {
                c.setExpires((int) ((now.expiresAtMillis() - System.currentTimeMillis() + 500) / 1000));
                ok.setHeader(endpoint.headers().createExpiresHeader((int) chosenExpires));
            } catch (InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
            ok.setHeader(c);
        }
        endpoint.send(st, ok);
    }

    private void schedule(Binding b, long seconds) {
        ScheduledFuture<?> f = timers.schedule(() -> owner.execute(() -> {
            if (bindings.get(b.agentId()) == b) {
                remove(b.agentId(), "registration expired");
            }
        }), seconds, TimeUnit.SECONDS);
        ScheduledFuture<?> old = expiry.put(b.agentId(), f);
        if (old != null) {
            old.cancel(false);
        }
    }

    private void remove(String agentId, String why) {
        ScheduledFuture<?> f = expiry.remove(agentId);
        if (f != null) {
            f.cancel(false);
        }
        if (bindings.remove(agentId) != null) {
            log.info("agent {} phone unreachable: {}", agentId, why);
            notify(agentId, false);
        }
    }

    private void notify(String agentId, boolean reachable) {
        if (agentId.startsWith(USER_PHONE)) {
            return; // a user's own phone: no agent becomes reachable
        }
        for (AgentReachabilityListener l : listeners) {
            try {
                l.changed(agentId, reachable);
            } catch (RuntimeException e) {
                log.error("reachability listener failed for agent {}", agentId, e);
            }
        }
    }
}
