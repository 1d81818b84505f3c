package org.openucc.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The live sessions, in memory and, once {@link #persistTo persisted}, in the store too, so a restart
 * logs no one out. Tokens are 256 random bits; only their SHA-256 is kept, so neither the map nor the
 * table holds anything a thief could present.
 */
public final class SessionStore {
    private static final Base64.Encoder TOKEN_TEXT = Base64.getUrlEncoder().withoutPadding();
    /** Expired sessions are swept when a new one is opened, at most this often. */
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byTokenHash = new ConcurrentHashMap<>();
    private final List<Consumer<Session>> endListeners = new CopyOnWriteArrayList<>();
    private volatile Instant nextSweep = Instant.MIN;
    private volatile SessionPersistence persistence;
    private volatile java.util.concurrent.Executor writes;
    /** In a cluster: other nodes open sessions too, so a token this node does not know is looked up in the store. */
    private volatile boolean shared;
    private volatile java.util.function.Predicate<Caller> valid = c -> true;
    /** Sessions ended lately (shared mode): never taken back from the store, where deletion runs later. */
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();
    private final List<Consumer<Session>> endedHereListeners = new CopyOnWriteArrayList<>();
    /**
     * Store lookups of unknown tokens allowed per second (shared mode): a flood of made-up tokens must not turn into
     * a flood of database reads; beyond it an unknown token is refused as unknown (the client logs in again).
     */
    static final int MAX_LOOKUPS_PER_SECOND = 200;
    private final java.util.concurrent.atomic.AtomicLong lookupWindow = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger lookupsInWindow = new java.util.concurrent.atomic.AtomicInteger();

    public SessionStore(InstantSource clock) {
        this.clock = clock;
    }

    /** A new session and the token that opens it (shown to the client once, never stored). */
    public record Opened(String token, Session session) {
        @Override
        public String toString() {
            return "Opened[session=" + session + "]";
        }
    }

    public Opened open(Caller caller, Session.Kind kind, Duration lifetime) {
        sweepIfDue();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_TEXT.encodeToString(secret);
        String hash = hash(token);
        Session session = new Session(hash, caller, kind, clock.instant().plus(lifetime));
        SessionPersistence p = persistence;
        if (p != null) {
            p.save(session); // stored before the token is handed out: it outlives a restart
        }
        byTokenHash.put(hash, session);
        return new Opened(token, session);
    }

    /**
     * From now on sessions are kept in {@code store} as well: brings back those stored that are still
     * live and whose caller is still {@code valid} (the user exists with the same role and agent),
     * forgets the rest, and writes every new session through. Deletions run on {@code writes} (logouts
     * come from event loops). Blocking: call it once at start, before the API serves.
     *
     * @return how many sessions came back
     */
    public int persistTo(SessionPersistence store, java.util.concurrent.Executor writes,
                         java.util.function.Predicate<Caller> valid) {
        Instant now = clock.instant();
        store.deleteExpired(now);
        int n = 0;
        for (Session s : store.live(now)) {
            if (valid.test(s.caller())) {
                byTokenHash.put(s.id(), s);
                n++;
            } else {
                store.delete(s.id());
            }
        }
        this.writes = writes;
        this.valid = valid;
        this.persistence = store;
        return n;
    }

    /**
     * In a cluster (after {@link #persistTo}): every node opens sessions in the one store, so a token this node has
     * not seen is looked up there (a console that moves to another node stays logged in). A logout elsewhere reaches
     * this node through {@link #endedElsewhere}.
     */
    public void shareWithOtherNodes() {
        this.shared = true;
    }

    /** Told of every session ended on this node (logout or expiry found here), e.g. to tell the other nodes. */
    public void onEndedHere(Consumer<Session> listener) {
        endedHereListeners.add(listener);
    }

    /** Another node ended this session (its id): forgotten here too, and this node's listeners are told. */
    public void endedElsewhere(String sessionId) {
        ended.put(sessionId, clock.instant());
        Session s = byTokenHash.remove(sessionId);
        if (s != null) {
            for (Consumer<Session> l : endListeners) {
                l.accept(s);
            }
        }
    }

    /** The session a token opens; empty if unknown or expired (an expired one is ended). */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(token);
        Session s = byTokenHash.get(hash);
        if (s == null && shared) {
            s = fromStore(hash);
        }
        if (s == null) {
            return Optional.empty();
        }
        if (s.isExpiredAt(clock.instant())) {
            end(hash);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** A session another node opened: from the store, if it is live and its user still valid. */
    private Session fromStore(String hash) {
        SessionPersistence p = persistence;
        if (p == null || ended.containsKey(hash)) {
            return null;
        }
        long second = clock.millis() / 1000;
        if (lookupWindow.getAndSet(second) != second) {
            lookupsInWindow.set(0);
        }
        if (lookupsInWindow.incrementAndGet() > MAX_LOOKUPS_PER_SECOND) {
            return null;
        }
        Optional<Session> stored;
        try {
            stored = p.find(hash);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SessionStore.class).warn("Session lookup in the store failed: {}", e.toString());
            return null;
        }
        if (stored.isEmpty() || ended.containsKey(hash) || stored.get().isExpiredAt(clock.instant())
                || !valid.test(stored.get().caller())) {
            return null;
        }
        Session found = byTokenHash.putIfAbsent(hash, stored.get());
        return found == null ? stored.get() : found;
    }

    /** Whether the session is still live (not logged out, not expired). */
    public boolean isLive(Session session) {
        return !session.isExpiredAt(clock.instant()) && byTokenHash.get(session.id()) == session;
    }

    /** Logs the token's session out; false if there was none. */
    public boolean close(String token) {
        return token != null && end(hash(token));
    }

    /** Told of every session that ends (logout or expiry found), e.g. to close its WebSockets. */
    public void onEnded(Consumer<Session> listener) {
        endListeners.add(listener);
    }

    public int size() {
        return byTokenHash.size();
    }

    private boolean end(String hash) {
        Session s = byTokenHash.remove(hash);
        if (s == null) {
            return false;
        }
        SessionPersistence p = persistence;
        if (p != null && !(writes instanceof java.util.concurrent.ExecutorService pool && pool.isShutdown())) {
            writes.execute(() -> {
                try {
                    p.delete(hash);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(SessionStore.class).warn(
                            "Ended session {} could not be deleted from the store (it expires there anyway): {}",
                            s.shortId(), e.toString());
                }
            });
        }
        if (shared) {
            ended.put(hash, clock.instant());
        }
        endListeners.forEach(l -> l.accept(s));
        endedHereListeners.forEach(l -> l.accept(s));
        return true;
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        // A tombstone outlives the store's (asynchronous) deletion by far.
        ended.entrySet().removeIf(e -> e.getValue().isBefore(now.minus(Duration.ofMinutes(10))));
        byTokenHash.entrySet().stream().filter(e -> e.getValue().isExpiredAt(now)).map(Map.Entry::getKey)
                .toList().forEach(this::end);
    }

    private static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
