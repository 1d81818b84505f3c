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
 *
 * <p>In a cluster ({@link #share}) every node's registrar publishes its bindings to the shared
 * {@link SipBindings} and adopts the others' (each node challenges and authenticates its own REGISTERs): an
 * agent's phone is reachable, and rung, from every node. Each node times the expiry of every binding it knows,
 * so a phone whose registrar died stays reachable until its registration lapses.
 */
final class SipRegistrar {
    private static final Logger log = LoggerFactory.getLogger(SipRegistrar.class);

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
    private final Map<String, SipBinding> bindings = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> expiry = new ConcurrentHashMap<>();
    private final List<AgentReachabilityListener> listeners = new CopyOnWriteArrayList<>();
    /** The cluster's bindings (null on a single node). */
    private volatile SipBindings shared;
    private AutoCloseable watch;
    /** Set when the server stops: the cluster's late changes are no longer adopted. */
    private volatile boolean stopped;

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

    Optional<SipBinding> binding(String agentId) {
        SipBinding b = bindings.get(agentId);
        return b == null || b.expiresAtMillis() < System.currentTimeMillis() ? Optional.empty() : Optional.of(b);
    }

    /** The live binding of the phone that authenticates as {@code username}, whoever it belongs to. */
    Optional<SipBinding> phone(String username) {
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

    /** Shares the bindings with the other nodes of a cluster (before {@link #start}). */
    void share(SipBindings bindings) {
        this.shared = bindings;
    }

    /** Adopts the bindings the other nodes already share, and every change they make from now on. */
    void start() {
        SipBindings s = shared;
        if (s == null) {
            return;
        }
        watch = s.watch(key -> owner.execute(() -> reconcile(key)));
        owner.execute(() -> {
            try {
                for (SipBinding b : s.all()) {
                    reconcile(b.key());
                }
            } catch (RuntimeException e) {
                log.warn("could not read the cluster's registrations: {} (phones registered through other nodes"
                        + " count from their next REGISTER on)", e.toString());
            }
        });
    }

    /**
     * Forgets every binding without telling anyone (the server stops). In a cluster the bindings this node's
     * registrar took are withdrawn from the shared ones first, so the other nodes stop ringing phones that can no
     * longer refresh their registration here; the others' bindings stay theirs.
     */
    void stop() {
        stopped = true;
        SipBindings s = shared;
        if (s != null) {
            close(watch);
            for (SipBinding b : bindings.values()) {
                if (s.node().equals(b.node())) {
                    try {
                        s.withdraw(b);
                    } catch (RuntimeException e) {
                        log.warn("could not withdraw {}'s registration from the cluster: {}", b.key(), e.toString());
                    }
                }
            }
        }
        clear();
    }

    void clear() {
        expiry.values().forEach(f -> f.cancel(false));
        expiry.clear();
        bindings.clear();
    }

    boolean shared() {
        return shared != null;
    }

    /** How many of the bindings this node knows its own registrar took (all of them on a single node). */
    long takenHere() {
        SipBindings s = shared;
        return s == null ? bindings.size() : bindings.values().stream().filter(b -> s.node().equals(b.node())).count();
    }

    private static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing the registrations' watch: {}", e.toString());
            }
        }
    }

    private void register(Request request, ServerTransaction st) {
        if (stopped) { // the server stops: the phone registers elsewhere (or again once it is back)
            endpoint.send(st, endpoint.response(request, Response.SERVICE_UNAVAILABLE, null, null));
            return;
        }
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
        SipBindings s = shared;
        if (removeAll || (chosen != null && chosenExpires == 0)) {
            remove(agentId, "unregistered");
            if (s != null) {
                tellCluster(() -> s.remove(agentId), agentId);
            }
        } else if (chosen != null) {
            URI uri = chosen.getAddress().getURI();
            String transport = uri instanceof SipURI sip && sip.getTransportParam() != null
                    ? sip.getTransportParam() : "udp";
            SipBinding b = new SipBinding(agentId, cred.username(), uri.toString(), transport,
                    System.currentTimeMillis() + chosenExpires * 1000, s == null ? null : s.node());
            SipBinding old = bindings.put(agentId, b);
            schedule(b, chosenExpires * 1000);
            if (old == null) {
                log.debug("agent {} registered at {} for {}s", agentId, b.contact(), chosenExpires);
                notify(agentId, true);
            }
            if (s != null) {
                tellCluster(() -> s.publish(b), agentId);
            }
        }
        Response ok = endpoint.response(request, Response.OK, null, null);
        SipBinding now = bindings.get(agentId);
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

    /** Tells the cluster of a change here; if the shared map fails, this node still knows the binding. */
    private static void tellCluster(Runnable change, String key) {
        try {
            change.run();
        } catch (RuntimeException e) {
            log.warn("the cluster did not take the registration change of {}: {}", key, e.toString());
        }
    }

    /**
     * Another node (or this one) changed the key's shared binding, or it expired there: this node's view follows
     * what the cluster holds now. Runs on the owner executor.
     */
    private void reconcile(String key) {
        if (stopped) {
            return;
        }
        SipBindings s = shared;
        SipBinding now;
        try {
            now = s.get(key).filter(b -> b.liveAt(System.currentTimeMillis())).orElse(null);
        } catch (RuntimeException e) {
            log.warn("could not read the cluster's registration of {}: {}", key, e.toString());
            return;
        }
        SipBinding mine = bindings.get(key);
        if (java.util.Objects.equals(now, mine)) {
            return;
        }
        if (now == null) {
            remove(key, "its registration through node " + mine.node()
                    + " is gone from the cluster (unregistered, expired, or withdrawn as that node stopped)");
            return;
        }
        SipBinding old = bindings.put(key, now);
        schedule(now, now.expiresAtMillis() - System.currentTimeMillis());
        if (old == null) {
            log.debug("agent {} registered at {} through node {}", key, now.contact(), now.node());
            notify(key, true);
        }
    }

    private void schedule(SipBinding b, long millis) {
        ScheduledFuture<?> f = timers.schedule(() -> owner.execute(() -> {
            if (bindings.get(b.agentId()) == b) {
                remove(b.agentId(), "registration expired");
                SipBindings s = shared;
                if (s != null) {
                    tellCluster(() -> s.withdraw(b), b.key()); // every node that knew it tries; the first one removes it
                }
            }
        }), Math.max(0, millis), TimeUnit.MILLISECONDS);
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
