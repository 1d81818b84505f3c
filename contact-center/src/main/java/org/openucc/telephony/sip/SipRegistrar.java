package org.openucc.telephony.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
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
import org.openucc.concurrent.ThreadPools;
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
 *
 * <p>The shared map is never waited on where the registrar decides: a REGISTER is answered from this node's own
 * view, and every write to and read of the shared map runs in order on one cluster thread of its own (a map that is
 * migrating partitions as a member joins may take seconds). What a read finds is applied on the owner executor. The
 * map's change events are best effort (a member that stops may not deliver the last ones), so the registrar also
 * reads every binding again when a member leaves and every {@link #RESYNC}.
 */
final class SipRegistrar {
    private static final Logger log = LoggerFactory.getLogger(SipRegistrar.class);

    /** The binding key prefix of accounts that belong to no agent (a supervisor's phone). */
    static final String USER_PHONE = "phone:";
    /** How often a node of a cluster reads every shared binding again, in case a change event was lost. */
    static final Duration RESYNC = Duration.ofSeconds(30);
    /**
     * How long a stopping node waits to withdraw the bindings it took from the cluster, after the writes queued before
     * the withdrawal. Hazelcast returns a write only once its synchronous backups acknowledged it, and waits up to
     * 5 s (its backup timeout) for an acknowledgement lost while partitions migrate (a member just joined): a queued
     * write and the withdrawal may each take that long.
     */
    private static final Duration STOP_WITHDRAW = Duration.ofSeconds(12);

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
    /** Runs every write to and read of {@link #shared}, in order (null on a single node). */
    private ExecutorService clusterLane;
    /** Keys with a write of this node queued on the lane (owner executor only): a read meanwhile may be older. */
    private final Map<String, Integer> writing = new HashMap<>();
    private AutoCloseable watch;
    private ScheduledFuture<?> resync;
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
        this.clusterLane = Executors.newSingleThreadExecutor(ThreadPools.daemonThread("sip-registrations-cluster"));
    }

    /** Adopts the bindings the other nodes already share, and every change they make from now on. */
    void start() {
        SipBindings s = shared;
        if (s == null) {
            return;
        }
        watch = s.watch(this::reread, this::rereadAll);
        rereadAll();
        resync = timers.scheduleWithFixedDelay(this::rereadAll, RESYNC.toMillis(), RESYNC.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Reads the key's shared binding on the lane, and makes this node's view follow it on the owner. */
    private void reread(String key) {
        onLane(() -> {
            Optional<SipBinding> now;
            try {
                now = shared.get(key);
            } catch (RuntimeException e) {
                log.warn("could not read the cluster's registration of {}: {}", key, e.toString());
                return;
            }
            owner.execute(() -> reconcile(key, now.orElse(null)));
        });
    }

    /**
     * Reads every shared binding on the lane and makes this node's whole view follow it: at start, when a member
     * leaves (its last change events may be lost with it), and every {@link #RESYNC}.
     */
    private void rereadAll() {
        onLane(() -> {
            Map<String, SipBinding> all = new HashMap<>();
            try {
                for (SipBinding b : shared.all()) {
                    all.put(b.key(), b);
                }
            } catch (RuntimeException e) {
                log.warn("could not read the cluster's registrations: {} (read again in {} s)", e.toString(),
                        RESYNC.toSeconds());
                return;
            }
            owner.execute(() -> {
                Set<String> keys = new HashSet<>(bindings.keySet());
                keys.addAll(all.keySet());
                for (String key : keys) {
                    reconcile(key, all.get(key));
                }
            });
        });
    }

    /** Runs {@code work} on the cluster lane unless the registrar stopped (the lane is gone then). */
    private void onLane(Runnable work) {
        try {
            clusterLane.execute(() -> {
                if (!stopped) {
                    work.run();
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.debug("registrations: the cluster lane is closed (stopping)");
        }
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
            if (resync != null) {
                resync.cancel(false);
            }
            List<SipBinding> mine = bindings.values().stream().filter(b -> s.node().equals(b.node())).toList();
            try {
                // After the writes already queued on the lane (the last REGISTERs' publishes).
                clusterLane.submit(() -> {
                    for (SipBinding b : mine) {
                        try {
                            s.withdraw(b);
                        } catch (RuntimeException e) {
                            log.warn("could not withdraw {}'s registration from the cluster: {}", b.key(),
                                    e.toString());
                        }
                    }
                }).get(STOP_WITHDRAW.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                log.warn("could not withdraw this node's {} registrations from the cluster within {} ms: {}",
                        mine.size(), STOP_WITHDRAW.toMillis(), e.toString());
            }
            ThreadPools.shutDown(clusterLane, Duration.ZERO);
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
                tellCluster(agentId, () -> s.remove(agentId));
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
                tellCluster(agentId, () -> s.publish(b));
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

    /**
     * Tells the cluster of a change here, on the lane after the changes before it (on the owner executor); if the
     * shared map fails, this node still knows the binding. Until the write is done, reads of the key are not applied
     * (they may predate it); the write's own change event reads it again.
     */
    private void tellCluster(String key, Runnable change) {
        writing.merge(key, 1, Integer::sum);
        onLane(() -> {
            try {
                change.run();
            } catch (RuntimeException e) {
                log.warn("the cluster did not take the registration change of {}: {}", key, e.toString());
            } finally {
                try {
                    owner.execute(() -> writing.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1));
                } catch (RejectedExecutionException stopping) {
                    log.debug("registrations: the owner is closed (stopping)");
                }
            }
        });
    }

    /**
     * The key's shared binding is {@code found} (null: none), read after another node (or this one) changed it, or
     * it expired there: this node's view follows. Runs on the owner executor.
     */
    private void reconcile(String key, SipBinding found) {
        if (stopped || writing.containsKey(key)) {
            return;
        }
        SipBinding now = found != null && found.liveAt(System.currentTimeMillis()) ? found : null;
        SipBinding mine = bindings.get(key);
        if (Objects.equals(now, mine)) {
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
                    tellCluster(b.key(), () -> s.withdraw(b)); // every node that knew it tries; the first one removes it
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
