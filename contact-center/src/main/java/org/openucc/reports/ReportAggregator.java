package org.openucc.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.InstantSource;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the reports' sums following the interaction log. It reads what the log committed after its progress
 * (woken by this node's commits, {@link #committed}, which never blocks the log's writer, and in a cluster also
 * every {@code poll}: other nodes' writers commit without telling this one) and applies each event on its own
 * thread: an interaction's tallies before the event are taken away and its tallies after it added, and an agent's
 * time in the state the event ends is added. Changes are written with the progress in one transaction.
 *
 * <p>Several writers take ids from one sequence and commit in any order, so an id below the progress may commit
 * after it was passed: such ids are kept as gaps with the progress and read again until they come (applied then,
 * in their place in the interaction's and the agent's events) or until {@code gapTimeout} has passed since they
 * were missed (a rolled-back transaction's id never comes; given up and logged). An event is applied once: the
 * progress and its gaps say which are in the sums, and a commit only goes through on the revision it started from
 * (two aggregators running at once, e.g. an old owner not yet fenced, never add the same event twice).
 * At start it first catches up from the log (everything after the stored progress and in its gaps; all of it when
 * the settings changed), so the sums are always a function of the log. It can be started again after a stop (a
 * cluster runs it on the engine's owner only, and a new owner resumes from the store).
 */
public final class ReportAggregator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportAggregator.class);
    private static final int PAGE = 5_000;
    private static final int CACHED_INTERACTIONS = 20_000;
    /**
     * Events after which an interaction is let go from the cache: at 100 calls/s the cache of the last 20,000
     * held ~100 MB of events (the soak's live histogram), most of them of interactions long over.
     */
    private static final int FINISHED_INTERACTIONS = 1_000;
    private static final Set<LogEventType> FINISHING = java.util.EnumSet.of(LogEventType.WRAP_UP_ENDED,
            LogEventType.ABANDONED, LogEventType.REJECTED);
    private static final int NEIGHBOURS = 50;
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 10_000;
    /**
     * Committed events handed over by this node's writer and not read yet, at most: beyond it they are dropped,
     * which leaves a hole in the ids handed over, so the next read goes to the store (nothing is lost).
     */
    static final int HANDED_OVER_LIMIT = 20_000;
    /**
     * At most one read and commit of the sums in this time while they follow the log (unless someone waits for
     * them, {@link #awaitThrough}): a commit updates a row per bucket its events touch (every granularity and
     * dimension), so following each of the writer's group commits on its own cost one UPDATE per bucket per
     * commit, most of the server's durable-path bytes at 40 calls/s (the soak's per-thread figures).
     */
    static final long SUMS_EVERY_MILLIS = 500;

    /** What is known of one interaction: its events applied so far (in id order) and what they added. */
    private static final class Entry {
        final List<LogEvent> events;
        boolean repeated;
        boolean registered;
        List<Tally> tallies;

        Entry(List<LogEvent> events) {
            this.events = events;
        }

        /** Puts the event in its place by id; false if it is there already. */
        boolean insert(LogEvent e) {
            int i = events.size();
            while (i > 0 && events.get(i - 1).id() >= e.id()) {
                if (events.get(i - 1).id() == e.id()) {
                    return false;
                }
                i--;
            }
            events.add(i, e);
            return true;
        }
    }

    /** Waits for {@code eventId}; while gaps are open, also for a read begun after read {@code afterRead} began. */
    private record Waiter(long eventId, long afterRead, CompletableFuture<Void> done) {
    }

    private static final Object WAKE = new Object();
    /** Someone waits for the sums: read now, not at the end of the {@link #SUMS_EVERY_MILLIS} window. */
    private static final Object URGENT = new Object();
    private static final Object STOP = new Object();

    private final ReportStore store;
    private final ReportSettings settings;
    private final InstantSource clock;
    private final Duration gapTimeout;
    /** How often to look for other writers' commits (null: this node's writer is the only one). */
    private final Duration poll;

    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    /**
     * The events this node's writer committed, as it committed them (one writer only: {@code poll} is null).
     * A read applies them instead of reading them back from the store when they follow the progress without a
     * hole: reading back was a quarter of the server's allocation at 100 calls/s (the soak's JFR recording).
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<List<LogEvent>> handedOver =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger handedOverEvents = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong sumCommits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong readsFromStore = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong eventsHandedOver = new java.util.concurrent.atomic.AtomicLong();
    private Thread thread;
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Map<String, Entry> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CACHED_INTERACTIONS;
        }
    };
    /** The last interactions finished (see {@link #FINISHING}); {@link #cache} holds those going on. */
    private final Map<String, Entry> finished = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > FINISHED_INTERACTIONS;
        }
    };
    private final AgentStateSpans spans = new AgentStateSpans();
    private final Map<ReportStore.BucketKey, long[]> deltas = new HashMap<>();
    private final Map<String, ReportStore.ContactRow> contacts = new LinkedHashMap<>();
    /** Which events the sums in memory hold (the aggregator's thread). */
    private final FoldedIds ids = new FoldedIds();
    /** Whether the aggregator's thread is gathering commits ({@link #coalesce}). */
    private volatile boolean coalescing;
    /** When the last read began ({@link System#nanoTime}; the aggregator's thread). */
    private long lastReadNanos;
    /** The stored revision this thread's state matches. */
    private long revision;
    private volatile boolean closed;
    private volatile boolean stopping;
    /** The last event whose effect is committed (with the gaps below it: {@link #gapCount()}). */
    private volatile long through = -1;
    private volatile int gapCount;
    /** Interactions held as going on (as of the last commit). */
    private volatile int cachedInteractions;
    /** The gaps as committed (for {@link #awaitThrough}; replaced, never changed). */
    private volatile Set<Long> committedGaps = Set.of();
    /** Reads begun (the aggregator's thread counts them), and the last one whose outcome is committed. */
    private volatile long readsBegun;
    private volatile long readDone;
    private volatile boolean caughtUp;
    private volatile String failure;
    /** The agents' states as of {@link #through}: what reports add up to now. */
    private volatile List<AgentStateSpans.Open> openStates = List.of();

    /** One writer (a single node): reads when this node's log commits, gives gaps up after 10 minutes. */
    public ReportAggregator(ReportStore store, ReportSettings settings) {
        this(store, settings, InstantSource.system(), Duration.ofMinutes(10), null);
    }

    /**
     * @param clock      when a gap was first missed, and when to give it up
     * @param gapTimeout how long an id below the progress is waited for: well past the longest transaction of a
     *                   log writer (one batch), after which it can only be a rolled-back one
     * @param poll       how often to read the log without being told of a commit (null: only this node writes)
     */
    public ReportAggregator(ReportStore store, ReportSettings settings, InstantSource clock, Duration gapTimeout,
                            Duration poll) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.gapTimeout = gapTimeout;
        this.poll = poll;
    }

    /**
     * Starts catching up from the log, then follows its commits. Register {@link #committed} first. After a
     * {@link #stop()} it may start again: it forgets what it had and resumes from the store.
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the report aggregator is closed");
        }
        if (thread != null) {
            if (!stopping) {
                return;
            }
            try {
                thread.join(); // a stop that did not wait long enough: never two threads on the same state
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the report aggregator's last run ends", e);
            }
        }
        stopping = false;
        signals.clear();
        handedOver.clear(); // what a last run was handed is in the store: the catch-up reads it there
        handedOverEvents.set(0);
        thread = new Thread(this::run, "report-aggregator");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether it runs on this node now (in a cluster: on the engine's owner only). */
    public boolean running() {
        return thread != null && !stopping;
    }

    /** The log's commit listener: wakes the aggregator's thread, which reads what was committed. */
    public void committed(List<LogEvent> events) {
        if (events.isEmpty() || !running()) {
            return;
        }
        if (poll == null && handedOverEvents.addAndGet(events.size()) <= HANDED_OVER_LIMIT) {
            handedOver.add(events);
        } else if (poll == null) {
            handedOverEvents.addAndGet(-events.size()); // dropped: the hole sends the next read to the store
        }
        if (signals.isEmpty()) {
            signals.add(WAKE);
        }
    }

    /** Commits of the sums since the start (at most one per {@link #SUMS_EVERY_MILLIS} while nobody waits). */
    public long sumCommits() {
        return sumCommits.get();
    }

    /** Reads that went to the store for events after the progress (the others used what the writer handed over). */
    public long readsFromStore() {
        return readsFromStore.get();
    }

    /** Events applied as this node's writer handed them over, not read back from the store. */
    public long eventsHandedOver() {
        return eventsHandedOver.get();
    }

    /** The last log event the stored sums include (-1 before the first catch-up step, or while not running). */
    public long through() {
        return through;
    }

    /** Ids below {@link #through()} that did not commit yet (waited for, or given up after the gap timeout). */
    public int gapCount() {
        return gapCount;
    }

    /**
     * Interactions whose events are held in memory as going on (not finished), not counting up to 1,000 of the
     * last finished ones kept a little longer.
     */
    public int cachedInteractions() {
        return cachedInteractions;
    }

    /** The agents' states not ended as of {@link #through()} (their time so far is in no sum yet). */
    List<AgentStateSpans.Open> openStates() {
        return openStates;
    }

    /** Whether the start-up catch-up is done (the sums follow the log within moments). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Why the sums cannot follow the log now (it keeps retrying), or null. */
    public String failure() {
        return failure;
    }

    /**
     * Completes once the sums include event {@code eventId} (a committed one) and every event committed before this
     * call with an id below it. While ids below the progress are still waited for (gaps), one of them may have
     * committed just before this call without being read yet: then it also waits for a read begun after the call
     * (which reads every gap again).
     */
    public CompletableFuture<Void> awaitThrough(long eventId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiters.add(new Waiter(eventId, readsBegun, f));
        wake();
        if (!f.isDone() && running() && (!committedGaps.isEmpty() || coalescing)) {
            // Gaps: a read must look at them again. Gathering commits: read now. Otherwise the read that the
            // event's commit starts (with the events the writer hands over) is not held back, as a waiter is here.
            signals.offer(URGENT);
        }
        return f;
    }

    private void wake() {
        long t = through;
        Set<Long> open = committedGaps;
        long done = readDone;
        for (Waiter w : waiters) {
            boolean gapsRead = open.isEmpty() || done > w.afterRead();
            if (t >= w.eventId() && !open.contains(w.eventId()) && gapsRead) {
                w.done().complete(null);
                waiters.remove(w);
            }
        }
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        boolean mustCatchUp = true;
        while (!stopping) {
            try {
                if (mustCatchUp) {
                    catchUp();
                    mustCatchUp = false;
                    pause = FIRST_PAUSE_MILLIS;
                }
                Object signal = poll == null && ids.noGaps() ? signals.poll(1, TimeUnit.SECONDS)
                        : signals.poll(poll == null ? 1_000 : poll.toMillis(), TimeUnit.MILLISECONDS);
                if (signal == STOP || stopping) {
                    continue;
                }
                if (signal == null && poll == null && ids.noGaps()) {
                    continue; // one writer, nothing committed, nothing waited for
                }
                if (signal == WAKE) {
                    coalesce();
                }
                signals.clear();
                while (!stopping && step()) {
                    // a full page: more to read
                }
                failure = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                failure = e.toString();
                if (e instanceof ReportStore.ConflictException) {
                    log.warn("report sums: {}; reading them again from the store", e.getMessage());
                } else {
                    log.error("report sums could not follow the interaction log; catching up again in {} ms", pause, e);
                }
                mustCatchUp = true;
                try {
                    signals.poll(pause, TimeUnit.MILLISECONDS); // a back-off; what it takes is in the log and read again
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /**
     * Lets the writer's commits gather until {@link #SUMS_EVERY_MILLIS} after the last read began, unless a waiter
     * comes or the aggregator stops: one commit of the sums then covers them all.
     */
    private void coalesce() throws InterruptedException {
        long until = lastReadNanos + TimeUnit.MILLISECONDS.toNanos(SUMS_EVERY_MILLIS);
        long left;
        coalescing = true; // before looking at the waiters: one that comes after that look signals URGENT
        try {
            while (!stopping && waiters.isEmpty() && (left = until - System.nanoTime()) > 0) {
                Object s = signals.poll(left, TimeUnit.NANOSECONDS);
                if (s == STOP || s == URGENT) {
                    return;
                }
            }
        } finally {
            coalescing = false;
        }
    }

    /** Forgets what is in memory and applies what the log has after the stored progress and in its gaps. */
    private void catchUp() {
        long begin = System.nanoTime();
        forget();
        Optional<ReportStore.Progress> p = store.progress();
        String fingerprint = settings.fingerprint();
        if (p.isEmpty() || !p.get().fingerprint().equals(fingerprint)) {
            if (p.isPresent()) {
                log.info("report settings changed ({} -> {}); rebuilding the report sums from the log",
                        p.get().fingerprint(), fingerprint);
            }
            ReportStore.Progress from = store.reset(fingerprint);
            ids.load(from.lastEventId(), List.of());
            revision = from.revision();
        } else {
            ids.load(p.get().lastEventId(), store.gaps());
            revision = p.get().revision();
        }
        store.lastAgentStates(ids.mark()).forEach(spans::seed);
        published();
        long applied = 0;
        int n;
        while (!stopping && (n = read()) > 0) {
            applied += n;
        }
        caughtUp = true;
        wake();
        if (applied > 0) {
            log.info("report sums caught up with the interaction log: {} events in {} ms (through event {}, {} ids"
                            + " waited for)", applied, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), through,
                    ids.gapCount());
        }
    }

    private void forget() {
        cache.clear();
        finished.clear();
        spans.clear();
        deltas.clear();
        contacts.clear();
    }

    /** One read and commit; true if a full page was read (more may wait). */
    private boolean step() {
        return read() >= PAGE;
    }

    /** Reads what came in the gaps and after the mark, applies it, gives up old gaps and commits; the events read. */
    private int read() {
        long seq = readsBegun + 1;
        readsBegun = seq;
        lastReadNanos = System.nanoTime();
        Instant now = clock.instant();
        List<LogEvent> events = new ArrayList<>();
        if (!ids.noGaps()) {
            events.addAll(store.gapEvents());
        }
        List<LogEvent> after = ids.noGaps() ? takeHandedOver() : null;
        if (after == null) {
            readsFromStore.incrementAndGet();
            after = store.eventsAfter(ids.mark(), PAGE);
        } else {
            eventsHandedOver.addAndGet(after.size());
        }
        events.addAll(after);
        events.sort(java.util.Comparator.comparingLong(LogEvent::id));
        for (LogEvent e : events) {
            fold(e, now);
        }
        giveUpOldGaps(now);
        if (!deltas.isEmpty() || !contacts.isEmpty() || ids.changed() || ids.mark() != through) {
            revision = store.commit(deltas, contacts.values(), ids.step(revision));
            sumCommits.incrementAndGet();
            deltas.clear();
            contacts.clear();
            published();
        }
        readDone = seq; // what this read found is committed (or there was nothing): waiters on it may go
        wake();
        return after.size();
    }

    /**
     * The events the writer handed over that follow the progress, if they follow it without a hole and exactly as
     * the store gives them back (times to the microsecond); otherwise null, and the read goes to the store. Those
     * at or below the progress are dropped (read from the store meanwhile).
     */
    private List<LogEvent> takeHandedOver() {
        List<LogEvent> out = null;
        long next = ids.mark() + 1;
        boolean usable = true;
        List<LogEvent> batch;
        while ((batch = handedOver.poll()) != null) {
            handedOverEvents.addAndGet(-batch.size());
            for (LogEvent e : batch) {
                if (e.id() < next && out == null) {
                    continue; // in the sums already
                }
                if (e.id() != next || e.at().getNano() % 1_000 != 0) {
                    usable = false;
                }
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(e);
                next = e.id() + 1;
            }
        }
        return usable && out != null ? out : null;
    }

    /** Applies one event read from the log, unless it is in the sums already. */
    private void fold(LogEvent e, Instant now) {
        if (ids.applied(e.id())) {
            return;
        }
        apply(e); // first: while applying, the event is not yet counted as in the sums
        ids.passed(e.id(), now);
    }

    private void giveUpOldGaps(Instant now) {
        List<Long> old = ids.giveUp(now.minus(gapTimeout));
        if (!old.isEmpty()) {
            log.warn("report sums: {} log id(s) below {} never committed within {} (rolled back): no longer waited"
                    + " for: {}", old.size(), ids.mark(), gapTimeout, old.size() <= 20 ? old : old.subList(0, 20) + "...");
        }
    }

    private boolean applied(long id) {
        return ids.applied(id);
    }

    /** Makes the committed state visible to other threads and wakes those waiting for it. */
    private void published() {
        if (stopping) {
            return; // stopped meanwhile: this node reads the sums from the store now
        }
        openStates = spans.snapshot();
        gapCount = ids.gapCount();
        cachedInteractions = cache.size();
        committedGaps = ids.noGaps() ? Set.of() : ids.gapIds();
        through = ids.mark();
        wake();
    }

    private void apply(LogEvent e) {
        applyToAgent(e);
        if (e.interactionId() == null || e.type().category() != LogEventType.Category.INTERACTION) {
            return;
        }
        Entry x = entry(e.interactionId(), e.type() == LogEventType.INTERACTION_CREATED && poll == null
                && ids.noGaps() && e.id() > ids.mark());
        List<Tally> before = x.tallies;
        if (!x.insert(e)) {
            return;
        }
        add(before, -1);
        x.tallies = InteractionFacts.tallies(x.events, x.repeated, settings);
        add(x.tallies, 1);
        if (!x.registered) {
            register(e.interactionId(), x, e.id());
        }
        if (FINISHING.contains(e.type()) && cache.remove(e.interactionId()) != null) {
            // Done, as far as one can tell: kept a little longer among the last finished (a recording that
            // closes after a short wrap-up, a repeat contact); anything later (a rating, a purge) reads the log.
            finished.put(e.interactionId(), x);
        }
    }

    /**
     * An agent's state change: the time in the state it ends is added. One that comes late (below the agent's last
     * change applied) splits the span it falls in: the previous change's state now ends at it, and its own state
     * lasts until the next change applied.
     */
    private void applyToAgent(LogEvent e) {
        if (!AgentStateSpans.isStateChange(e)) {
            return;
        }
        AgentStateSpans.Span last = spans.last(e.agentId());
        if (last == null || e.id() > last.eventId()) {
            add(spans.apply(e), 1);
            return;
        }
        LogEvent next = appliedNeighbour(e, false);
        if (next == null) { // cannot be: the last change applied is after it
            throw new IllegalStateException("agent " + e.agentId() + "'s change " + e.id() + " is below their last ("
                    + last.eventId() + ") yet nothing applied follows it");
        }
        LogEvent previous = appliedNeighbour(e, true);
        if (previous != null) {
            AgentStateSpans.Span p = AgentStateSpans.spanOf(previous);
            add(AgentStateSpans.between(e.agentId(), p, next.at()), -1);
            add(AgentStateSpans.between(e.agentId(), p, e.at()), 1);
        }
        add(AgentStateSpans.between(e.agentId(), AgentStateSpans.spanOf(e), next.at()), 1);
    }

    /** The agent's state change applied just before (or after) event {@code e}, or null. */
    private LogEvent appliedNeighbour(LogEvent e, boolean before) {
        long from = e.id();
        while (true) {
            List<LogEvent> page = store.agentStateChanges(e.agentId(), from, before, NEIGHBOURS);
            for (LogEvent n : page) {
                if (AgentStateSpans.isStateChange(n) && applied(n.id())) {
                    return n;
                }
            }
            if (page.size() < NEIGHBOURS) {
                return null;
            }
            from = page.get(page.size() - 1).id();
        }
    }

    /** The interaction with the events applied so far: from memory, else from the log (none if {@code first}). */
    private Entry entry(String interactionId, boolean first) {
        Entry x = cache.get(interactionId);
        if (x != null) {
            return x;
        }
        x = finished.get(interactionId);
        if (x != null) {
            return x;
        }
        List<LogEvent> events = new ArrayList<>();
        if (!first) {
            for (LogEvent e : store.timeline(interactionId, ids.mark())) {
                if (applied(e.id())) {
                    events.add(e);
                }
            }
        }
        x = new Entry(events);
        ReportStore.ContactRow c = contactRow(interactionId);
        x.registered = c != null;
        x.repeated = c != null && c.repeated();
        x.tallies = InteractionFacts.tallies(x.events, x.repeated, settings);
        boolean over = false;
        for (LogEvent e : x.events) {
            over |= FINISHING.contains(e.type());
        }
        (over ? finished : cache).put(interactionId, x);
        return x;
    }

    private ReportStore.ContactRow contactRow(String interactionId) {
        ReportStore.ContactRow c = contacts.get(interactionId);
        return c != null ? c : store.contact(interactionId).orElse(null);
    }

    /**
     * Once an interaction has a customer and a queue it is a contact: the customer's previous contact with the
     * queue within the window is repeated (not resolved at first contact), and so is this one if a later
     * contact is already known (contacts may become known out of order).
     */
    private void register(String interactionId, Entry x, long eventId) {
        Optional<InteractionFacts.Contact> contact = InteractionFacts.contact(x.events);
        if (contact.isEmpty()) {
            return;
        }
        InteractionFacts.Contact c = contact.get();
        x.registered = true;
        long window = settings.repeatWindowMillis();
        ReportStore.ContactRow next = nearest(c, false);
        boolean repeated = next != null && InteractionFacts.millis(c.arrivedAt(), next.arrivedAt()) <= window;
        contacts.put(interactionId, new ReportStore.ContactRow(interactionId, c.customerId(), c.queueId(),
                c.arrivedAt(), repeated));
        if (repeated) {
            markRepeated(x);
        }
        ReportStore.ContactRow previous = nearest(c, true);
        if (previous != null && !previous.repeated()
                && InteractionFacts.millis(previous.arrivedAt(), c.arrivedAt()) <= window) {
            contacts.put(previous.interactionId(), previous.repeat());
            markRepeated(entry(previous.interactionId(), false));
        }
    }

    private void markRepeated(Entry x) {
        if (x.repeated) {
            return;
        }
        add(x.tallies, -1);
        x.repeated = true;
        x.tallies = InteractionFacts.tallies(x.events, true, settings);
        add(x.tallies, 1);
    }

    /** The customer's contact with the queue just before (or after) this one, written or not yet written. */
    private ReportStore.ContactRow nearest(InteractionFacts.Contact c, boolean before) {
        ReportStore.ContactRow best = (before ? store.previousContact(c.customerId(), c.queueId(), c.arrivedAt())
                : store.nextContact(c.customerId(), c.queueId(), c.arrivedAt())).orElse(null);
        if (best != null && contacts.containsKey(best.interactionId())) {
            best = contacts.get(best.interactionId());
        }
        for (ReportStore.ContactRow r : contacts.values()) {
            if (!r.customerId().equals(c.customerId()) || !r.queueId().equals(c.queueId())) {
                continue;
            }
            boolean side = before ? r.arrivedAt().isBefore(c.arrivedAt()) : r.arrivedAt().isAfter(c.arrivedAt());
            if (side && (best == null || (before ? r.arrivedAt().isAfter(best.arrivedAt())
                    : r.arrivedAt().isBefore(best.arrivedAt())))) {
                best = r;
            }
        }
        return best;
    }

    private void add(List<Tally> tallies, int sign) {
        for (Tally t : tallies) {
            Instant quarter = Instant.ofEpochMilli(Math.floorDiv(t.at().toEpochMilli(), AgentStateSpans.SLICE_MILLIS)
                    * AgentStateSpans.SLICE_MILLIS);
            Instant hour = settings.hourStart(t.at());
            Instant day = settings.dayStart(t.at());
            for (Dimension d : Dimension.values()) {
                for (String key : t.keys(d)) {
                    add(new ReportStore.BucketKey(Granularity.QUARTER, quarter, d, key), t.m(), sign);
                    add(new ReportStore.BucketKey(Granularity.HOUR, hour, d, key), t.m(), sign);
                    add(new ReportStore.BucketKey(Granularity.DAY, day, d, key), t.m(), sign);
                }
            }
        }
    }

    private void add(ReportStore.BucketKey key, long[] m, int sign) {
        long[] sum = deltas.computeIfAbsent(key, k -> new long[Measure.COUNT]);
        for (int i = 0; i < m.length; i++) {
            sum[i] += sign * m[i];
        }
    }

    /**
     * Stops after the step it is on, without waiting for it (an owner giving the engine up is not held back; a
     * commit of that step after another node's aggregator started fails on the revision). Never interrupted: an
     * interrupt can close an embedded database's file. What it did not apply is in the log, and a {@link #start()}
     * (here or on another node) resumes from the store.
     */
    public void stop() {
        stopThread();
    }

    private synchronized Thread stopThread() {
        Thread t = thread;
        if (t == null) {
            return null;
        }
        if (!stopping) {
            stopping = true;
            signals.add(STOP);
            through = -1;
            caughtUp = false;
            openStates = List.of();
            committedGaps = Set.of();
            gapCount = 0;
        }
        return t;
    }

    /** Stops for good and waits (10 s at most) for the step it is on: before the database closes. */
    @Override
    public void close() {
        closed = true;
        Thread t = stopThread();
        if (t == null) {
            return;
        }
        try {
            t.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
