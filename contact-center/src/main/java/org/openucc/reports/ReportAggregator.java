package org.openucc.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Keeps the reports' sums following the interaction log. Told of every commit ({@link #committed}: only
 * queues, never blocks the log's writer), it applies each event in log order on its own thread: an
 * interaction's tallies before the event are taken away and its tallies after it added, and an agent's
 * time in the state the event ends is added. Changes are written with the progress in one transaction.
 * At start it first catches up from the log (everything after the stored progress; all of it when the
 * settings changed), so the sums are always a function of the log.
 */
public final class ReportAggregator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportAggregator.class);
    private static final int PAGE = 5_000;
    private static final int CACHED_INTERACTIONS = 20_000;
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 10_000;

    /** What is known of one interaction: its events applied so far and what they added. */
    private static final class Entry {
        final List<LogEvent> events;
        boolean repeated;
        boolean registered;
        List<Tally> tallies;
        long lastId;

        Entry(List<LogEvent> events) {
            this.events = events;
            this.lastId = events.isEmpty() ? 0 : events.get(events.size() - 1).id();
        }
    }

    private record Waiter(long eventId, CompletableFuture<Void> done) {
    }

    private final ReportStore store;
    private final ReportSettings settings;
    private static final List<LogEvent> STOP = new ArrayList<>();

    private final BlockingQueue<List<LogEvent>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Map<String, Entry> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CACHED_INTERACTIONS;
        }
    };
    private final AgentStateSpans spans = new AgentStateSpans();
    private final Map<ReportStore.BucketKey, long[]> deltas = new HashMap<>();
    private final Map<String, ReportStore.ContactRow> contacts = new LinkedHashMap<>();
    private volatile boolean closed;
    /** The last event whose effect is committed. */
    private volatile long through = -1;
    private volatile boolean caughtUp;
    private volatile String failure;
    /** The agents' states as of {@link #through}: what reports add up to now. */
    private volatile List<AgentStateSpans.Open> openStates = List.of();

    public ReportAggregator(ReportStore store, ReportSettings settings) {
        this.store = store;
        this.settings = settings;
        this.thread = new Thread(this::run, "report-aggregator");
        thread.setDaemon(true);
    }

    /** Starts catching up from the log, then follows what {@link #committed} hands over. Register that first. */
    public void start() {
        thread.start();
    }

    /** The log's commit listener: queues the committed events for the aggregator's thread. */
    public void committed(List<LogEvent> events) {
        if (!closed && !events.isEmpty()) {
            queue.add(List.copyOf(events));
        }
    }

    /** The last log event the stored sums include (-1 before the first catch-up step). */
    public long through() {
        return through;
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

    /** Completes once the sums include the log up to {@code eventId}. */
    public CompletableFuture<Void> awaitThrough(long eventId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiters.add(new Waiter(eventId, f));
        if (through >= eventId) {
            wake();
        }
        return f;
    }

    private void wake() {
        long t = through;
        for (Waiter w : waiters) {
            if (t >= w.eventId()) {
                w.done().complete(null);
                waiters.remove(w);
            }
        }
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        boolean mustCatchUp = true;
        while (!closed) {
            try {
                if (mustCatchUp) {
                    catchUp();
                    mustCatchUp = false;
                    pause = FIRST_PAUSE_MILLIS;
                }
                List<LogEvent> batch = queue.poll(1, TimeUnit.SECONDS);
                if (batch == null || batch == STOP) {
                    continue;
                }
                List<LogEvent> events = new ArrayList<>(batch);
                List<LogEvent> more;
                while (events.size() < PAGE && (more = queue.poll()) != null) {
                    if (more == STOP) {
                        break;
                    }
                    events.addAll(more);
                }
                apply(events);
                failure = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                failure = e.toString();
                log.error("report sums could not follow the interaction log; catching up again in {} ms", pause, e);
                mustCatchUp = true;
                try {
                    queue.poll(pause, TimeUnit.MILLISECONDS); // a back-off; what it takes is in the log and read again
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /** Forgets what is in memory and applies what the log has after the stored progress. */
    private void catchUp() {
        long begin = System.nanoTime();
        cache.clear();
        spans.clear();
        deltas.clear();
        contacts.clear();
        Optional<ReportStore.Progress> p = store.progress();
        String fingerprint = settings.fingerprint();
        long from;
        if (p.isEmpty() || !p.get().fingerprint().equals(fingerprint)) {
            if (p.isPresent()) {
                log.info("report settings changed ({} -> {}); rebuilding the report sums from the log",
                        p.get().fingerprint(), fingerprint);
            }
            store.reset(fingerprint);
            from = 0;
        } else {
            from = p.get().lastEventId();
        }
        store.lastAgentStates(from).forEach(spans::seed);
        openStates = spans.snapshot();
        through = from;
        long applied = 0;
        List<LogEvent> page;
        while (!closed && !(page = store.eventsAfter(through, PAGE)).isEmpty()) {
            apply(page);
            applied += page.size();
        }
        caughtUp = true;
        wake();
        if (applied > 0) {
            log.info("report sums caught up with the interaction log: {} events in {} ms (through event {})", applied,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), through);
        }
    }

    /** Applies events (skipping those already in) and commits their effect. */
    private void apply(List<LogEvent> events) {
        long last = through;
        for (LogEvent e : events) {
            if (e.id() <= last) {
                continue;
            }
            apply(e);
            last = e.id();
        }
        if (last > through) {
            store.commit(deltas, contacts.values(), last);
            deltas.clear();
            contacts.clear();
            openStates = spans.snapshot();
            through = last;
            wake();
        }
    }

    private void apply(LogEvent e) {
        add(spans.apply(e), 1);
        if (e.interactionId() == null || e.type().category() != LogEventType.Category.INTERACTION) {
            return;
        }
        Entry x = entry(e.interactionId(), e.id(), e.type() == LogEventType.INTERACTION_CREATED);
        if (x.lastId >= e.id()) {
            return;
        }
        add(x.tallies, -1);
        x.events.add(e);
        x.lastId = e.id();
        x.tallies = InteractionFacts.tallies(x.events, x.repeated, settings);
        add(x.tallies, 1);
        if (!x.registered) {
            register(e.interactionId(), x, e.id());
        }
    }

    /** The interaction as applied before event {@code beforeId}: from memory, else from the log. */
    private Entry entry(String interactionId, long beforeId, boolean first) {
        Entry x = cache.get(interactionId);
        if (x != null) {
            return x;
        }
        x = new Entry(first ? new ArrayList<>() : new ArrayList<>(store.timeline(interactionId, beforeId)));
        ReportStore.ContactRow c = contactRow(interactionId);
        x.registered = c != null;
        x.repeated = c != null && c.repeated();
        x.tallies = InteractionFacts.tallies(x.events, x.repeated, settings);
        cache.put(interactionId, x);
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
            markRepeated(entry(previous.interactionId(), eventId, false));
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

    /** Stops after the step it is on (never interrupted: an interrupt can close an embedded database's file). */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
