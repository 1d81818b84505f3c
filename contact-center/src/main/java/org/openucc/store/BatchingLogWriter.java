package org.openucc.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.fault.UnavailableException;
import org.openucc.limits.Rejections;
import org.openucc.log.LogEvent;
import org.openucc.log.NewLogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interaction log's one writer thread. Appends are queued (never blocking the caller, e.g. the
 * routing engine thread); the thread wakes when something is queued, takes everything waiting (up to
 * a batch), inserts the events and folds their CDRs in one transaction, commits durably, and only
 * then completes the appenders' futures: everything queued while one commit runs goes into the next
 * (group commit). Under load (the last commit was for several appends, or others queued appends while it
 * ran) the writer also waits until {@code commitInterval} after the last commit began before it takes the
 * next batch, so that a burst of small appends shares one durable write instead of one each: a durable
 * commit costs about as much for three events as for ten. A lone appender, whose appends each wait for the
 * one before, finds the writer idle and is committed at once.
 *
 * <p>Two kinds of failure. An event the database refuses for what it is (a constraint, a bad value)
 * fails alone: the batch is retried one append at a time. A database that cannot write at all (disk
 * full, connection lost, H2 closed itself) keeps the batch: the writer retries it with growing pauses,
 * fresh connections each time, until it goes through; nothing waiting is failed, the appenders just
 * wait. Meanwhile {@link #failure()} names the reason and {@link #admit()} refuses new requests, as it
 * does when more than the queue's capacity of events wait.
 */
final class BatchingLogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchingLogWriter.class);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 2_000;

    /** Events stored together, or none of them; an empty one is a flush marker. */
    private record Append(List<NewLogEvent> events, CompletableFuture<List<LogEvent>> done) {
    }

    private static final Append STOP = new Append(List.of(), new CompletableFuture<>());

    private final Database db;
    private final int batchSize;
    /** Under load, at most one commit begins per this many nanoseconds (0: no wait). */
    private final long commitIntervalNanos;
    /** When the last commit began (System.nanoTime, writer thread only). */
    private long lastWriteStart;
    /**
     * Whether the last commit was for several appends, or appends were queued when it was done, before its appenders
     * were told (writer thread only): others append while commits run, so the next commit may wait for the interval.
     */
    private boolean busy;
    /** Commits that waited for the commit interval to gather more. */
    private final AtomicLong gathered = new AtomicLong();
    private final int capacity;
    private final Rejections rejections;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** When closing, the writer stops retrying a database that cannot write after this (System.nanoTime). */
    private volatile long giveUpAt = Long.MAX_VALUE;
    /** Why the database cannot write now; null while it can. */
    private volatile String failure;
    private volatile long pauseMillis = FIRST_PAUSE_MILLIS;
    private final AtomicLong queuedEvents = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Told after each commit (metrics, report sums); read-only, added at start-up. */
    private final List<LogCommitListener> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong commitNanosTotal = new AtomicLong();
    private volatile long lastCommitNanos;
    /** The CDR states this writer committed last, when it is the log's only writer (embedded H2); else null. */
    private final CommittedCdrStates summaries;
    /** Run first in every commit's transaction while set (a cluster's engine lease); null: none. */
    private volatile LogFence fence;
    /** Embedded H2: where commits are made durable instead of forcing H2's file each time; null: none. */
    private final LogJournal journal;
    /** A segment older than this (or larger than {@link #ROTATE_BYTES}) is closed and checkpointed into H2. */
    private final long rotateNanos;
    /** Checkpoints H2 behind the closed journal segments, one at a time, off the writer thread. */
    private final ExecutorService checkpointer;
    private final AtomicBoolean checkpointRunning = new AtomicBoolean();
    private final AtomicLong checkpoints = new AtomicLong();
    private static final long ROTATE_BYTES = 16L * 1024 * 1024;
    /** The last journal append failed (writer thread only). */
    private boolean journalBroken;

    /**
     * @param capacity events that may wait before new requests are refused ({@code StoreConfig.logQueueCapacity});
     *                 appends themselves are never refused here
     */
    BatchingLogWriter(Database db, int batchSize, int capacity, Rejections rejections) {
        this(db, batchSize, capacity, rejections, Duration.ZERO);
    }

    /**
     * @param commitInterval under load, the least time between the starts of two commits ({@code
     *                       StoreConfig.logCommitInterval}); zero commits as soon as the last commit is done
     */
    BatchingLogWriter(Database db, int batchSize, int capacity, Rejections rejections, Duration commitInterval) {
        this(db, batchSize, capacity, rejections, commitInterval, null, Duration.ZERO);
    }

    /**
     * @param journalDir embedded H2: the journal's directory (replayed already, see {@link LogJournalReplay}); null:
     *                   every commit forces H2's file
     * @param rotateAfter how long a journal segment is written before it is closed and checkpointed into H2
     */
    BatchingLogWriter(Database db, int batchSize, int capacity, Rejections rejections, Duration commitInterval,
                      Path journalDir, Duration rotateAfter) {
        this.db = db;
        this.batchSize = batchSize;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.capacity = capacity;
        this.rejections = rejections;
        // The embedded H2 belongs to one node (a cluster needs PostgreSQL), whose writer is the only one folding.
        this.summaries = db.dialect() == Dialect.H2 ? new CommittedCdrStates() : null;
        this.thread = new Thread(this::run, "interaction-log-writer");
        thread.setDaemon(true);
        if (journalDir != null) {
            try {
                this.journal = LogJournal.open(journalDir);
            } catch (IOException e) {
                throw new StoreException("opening the interaction-log journal in " + journalDir, e);
            }
            this.rotateNanos = rotateAfter.toNanos();
            this.checkpointer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "interaction-log-checkpoint");
                t.setDaemon(true);
                return t;
            });
        } else {
            this.journal = null;
            this.rotateNanos = 0;
            this.checkpointer = null;
        }
    }

    void start() {
        thread.start();
    }

    /** The journal, or null (tests inject its faults through it). */
    LogJournal journal() {
        return journal;
    }

    /** Events must have their time set already. Never refused for capacity: check {@link #admit()} first. */
    CompletableFuture<List<LogEvent>> submit(List<NewLogEvent> events) {
        Append a = new Append(List.copyOf(events), new CompletableFuture<>());
        if (closed) {
            a.done().completeExceptionally(new IllegalStateException("interaction log is closed; event not stored: " + events));
            return a.done();
        }
        queuedEvents.addAndGet(a.events().size());
        queue.add(a);
        if (closed && queue.remove(a)) {
            queuedEvents.addAndGet(-a.events().size());
            a.done().completeExceptionally(new IllegalStateException("interaction log is closed; event not stored: " + events));
        }
        return a.done();
    }

    /** Every commit from now on runs {@code f} first, in its transaction (null: none). */
    void fence(LogFence f) {
        this.fence = f;
    }

    void onCommit(LogCommitListener listener) {
        commitListeners.add(listener);
    }

    /**
     * Throws a {@link UnavailableException} (with a retry hint) when a new request must be refused before
     * it changes anything: the database cannot write, or the queue holds its capacity of events. Counted
     * in {@link Rejections} as ("log", "store-down") or ("log", "queue-full").
     */
    void admit() {
        String why = failure;
        if (why != null) {
            rejections.count("log", "store-down");
            throw UnavailableException.here("the interaction log cannot write (" + why + "); nothing was changed,"
                    + " try again later", Duration.ofMillis(Math.max(1_000, pauseMillis)));
        }
        long waiting = queuedEvents.get();
        if (waiting >= capacity) {
            rejections.count("log", "queue-full");
            throw UnavailableException.here("the interaction log is " + waiting + " events behind (capacity " + capacity
                    + "); nothing was changed, try again shortly", Duration.ofSeconds(1));
        }
    }

    /** Why the database cannot write now, or null while it can. */
    String failure() {
        return failure;
    }

    InteractionLogStats stats() {
        long b = batches.get();
        return new InteractionLogStats(stored.get(), b, failed.get(), queue.size(), queuedEvents.get(), capacity,
                failure, retries.get(), lastCommitNanos / 1_000, b == 0 ? 0 : commitNanosTotal.get() / b / 1_000,
                summaries == null ? 0 : summaries.hits(), gathered.get(), journal == null ? 0 : journal.appendedBytes(),
                checkpoints.get(), summaries == null ? 0 : summaries.unchangedFolds());
    }

    private void run() {
        List<Append> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Append first = journal == null ? queue.take() : queue.poll(rotateNanos, TimeUnit.NANOSECONDS);
                if (first == null) {
                    rotateIfDue(); // idle: what the segment has goes into H2's file now rather than at the next append
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            int events = batch.get(0).events().size();
            Append next;
            while (events < batchSize && (next = queue.poll()) != null) {
                batch.add(next);
                events += next.events().size();
            }
            if (commitIntervalNanos > 0 && busy && !batch.contains(STOP)) {
                events = gather(batch, events);
                gathered.incrementAndGet();
            }
            stopping = batch.remove(STOP);
            lastWriteStart = System.nanoTime();
            write(batch);
            batch.clear();
            rotateIfDue();
        }
        List<Append> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        write(left);
        closeJournal();
    }

    /**
     * Closes the journal's segment once it is old or large enough and has H2 write its file behind it, off this
     * thread; the segments it covers are deleted once that is done. One checkpoint at a time: while one runs, the
     * segment goes on growing.
     */
    private void rotateIfDue() {
        if (journal == null || journal.segmentBytes() == 0 || checkpointRunning.get()
                || (journal.segmentAgeNanos() < rotateNanos && journal.segmentBytes() < ROTATE_BYTES)) {
            return;
        }
        long closed;
        try {
            closed = journal.rotate();
        } catch (IOException e) {
            log.error("interaction-log journal: cannot start a new segment ({}); commits are forced to H2's file"
                    + " until it can", e.toString());
            return;
        }
        checkpointRunning.set(true);
        checkpointer.execute(() -> {
            try {
                db.checkpoint(); // every event in segments <= closed was committed before this began
                checkpoints.incrementAndGet();
                journal.deleteThrough(closed);
            } catch (IOException | RuntimeException e) {
                log.warn("interaction-log journal: checkpoint behind segment {} failed ({}); it stays until the next",
                        closed, e.toString());
            } finally {
                checkpointRunning.set(false);
            }
        });
    }

    /** At close: H2's file gets everything, and the journal is no longer needed. */
    private void closeJournal() {
        if (journal == null) {
            return;
        }
        checkpointer.shutdown();
        try {
            checkpointer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            journal.close();
            db.checkpoint();
            journal.deleteThrough(journal.segment());
        } catch (IOException | RuntimeException e) {
            log.warn("interaction-log journal kept at close ({}); the next start stores what H2's file lacks", e.toString());
        }
    }

    /**
     * Makes a committed batch durable: appends it to the journal, or, if that fails, forces H2's file. False if
     * neither worked (the events are committed but may not survive a crash: they are not acknowledged).
     */
    private boolean madeDurable(List<List<LogEvent>> result, List<String> json) {
        try {
            List<LogJournal.Entry> entries = new ArrayList<>(json.size());
            int i = 0;
            for (List<LogEvent> events : result) {
                for (LogEvent e : events) {
                    entries.add(new LogJournal.Entry(e.id(), e.at(), e.type().name(), e.interactionId(), e.agentId(),
                            e.queueId(), e.customerId(), e.actor(), json.get(i++)));
                }
            }
            journal.append(entries);
            if (journalBroken) {
                journalBroken = false;
                log.info("interaction-log journal writes again");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (!journalBroken) {
                journalBroken = true; // said once, not for every commit while it lasts
                log.error("interaction-log journal cannot be written ({}); forcing H2's file after every commit until"
                        + " it can", e.toString());
            }
        }
        try {
            db.checkpoint();
            return true;
        } catch (RuntimeException e) {
            log.error("interaction log: neither the journal nor H2's file could be written; {} committed events are"
                    + " not acknowledged", json.size(), e);
            return false;
        }
    }

    /** Adds what arrives until the commit interval since the last commit's start is over (or the batch is full). */
    private int gather(List<Append> batch, int events) {
        long until = lastWriteStart + commitIntervalNanos;
        try {
            long left;
            Append next;
            while (events < batchSize && (left = until - System.nanoTime()) > 0
                    && (next = queue.poll(left, TimeUnit.NANOSECONDS)) != null) {
                batch.add(next);
                events += next.events().size();
                if (next == STOP) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return events;
    }

    private void write(List<Append> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int count = batch.stream().mapToInt(a -> a.events().size()).sum();
        while (true) {
            try {
                long begin = System.nanoTime();
                List<String> json = journal != null && count > 0 ? new ArrayList<>(count) : null;
                SqlWork<List<List<LogEvent>>> work = c -> {
                    LogFence f = fence;
                    if (f != null) {
                        f.check(c);
                    }
                    return insert(c, batch, summaries, json);
                };
                String doing = "appending " + count + " interaction-log events";
                List<List<LogEvent>> result = count == 0 ? emptyResults(batch)
                        : json != null ? db.writeLazily(doing, work) : db.write(doing, work);
                if (summaries != null) {
                    summaries.commitDone();
                }
                if (json != null && !madeDurable(result, json)) {
                    failAll(batch, count, UnavailableException.here("the interaction log could not make " + count
                            + " events durable (journal and database file both failed); not acknowledged"));
                    return;
                }
                if (count > 0) {
                    long took = System.nanoTime() - begin;
                    lastCommitNanos = took;
                    commitNanosTotal.addAndGet(took);
                    batches.incrementAndGet();
                }
                recovered();
                stored.addAndGet(count);
                queuedEvents.addAndGet(-count);
                // Before anyone is told: what is queued now came from others than this commit's appenders; and a
                // commit for several appenders had them waiting on each other.
                busy = batch.size() > 1 || !queue.isEmpty();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(result.get(i));
                }
                if (count > 0) {
                    committed(result, lastCommitNanos); // after the acknowledgements: metrics never delay them
                }
                return;
            } catch (RuntimeException e) {
                if (summaries != null) {
                    summaries.rolledBack();
                }
                if (isOutage(e)) {
                    if (!pauseAfter(e, count)) {
                        failAll(batch, count, e);
                        return;
                    }
                } else if (batch.size() > 1) {
                    log.warn("interaction-log batch of {} appends failed ({}); retrying them one by one", batch.size(), e.toString());
                    for (Append a : batch) {
                        write(List.of(a));
                    }
                    return;
                } else {
                    log.error("interaction log could not store {}", batch.get(0).events(), e);
                    failAll(batch, count, e);
                    return;
                }
            }
        }
    }

    private void committed(List<List<LogEvent>> result, long nanos) {
        if (commitListeners.isEmpty()) {
            return;
        }
        List<LogEvent> events = new ArrayList<>();
        result.forEach(events::addAll);
        for (LogCommitListener l : commitListeners) {
            try {
                l.committed(events, nanos);
            } catch (RuntimeException e) {
                log.warn("interaction-log commit listener failed: {}", e.toString());
            }
        }
    }

    private void failAll(List<Append> batch, int count, RuntimeException e) {
        failed.addAndGet(count);
        queuedEvents.addAndGet(-count);
        batch.forEach(a -> a.done().completeExceptionally(e));
    }

    /**
     * The database could not write at all: remember why, drop the pool's connections (an H2 database that
     * closed itself, a PostgreSQL that restarted) and wait before the next try. False once closing has
     * given up on it.
     */
    private boolean pauseAfter(RuntimeException e, int count) {
        String why = reason(e);
        if (failure == null) {
            log.error("interaction log cannot write ({}); keeping {} events and retrying until it can; new requests"
                    + " are refused meanwhile", why, count, e);
        } else if (!why.equals(failure)) {
            log.warn("interaction log still cannot write: {}", why);
        }
        failure = why;
        retries.incrementAndGet();
        db.recycleConnections();
        if (System.nanoTime() - giveUpAt > 0) {
            log.error("interaction log closing while the database cannot write: {} events are not stored", queuedEvents.get());
            return false;
        }
        long pause = pauseMillis;
        pauseMillis = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        try {
            Thread.sleep(pause); // a back-off between tries, not a wait for an event
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            giveUpAt = System.nanoTime();
        }
        return true;
    }

    private void recovered() {
        if (failure != null) {
            log.info("interaction log writes again after {} retries; writing the {} events that waited", retries.get(),
                    queuedEvents.get());
            failure = null;
        }
        pauseMillis = FIRST_PAUSE_MILLIS;
    }

    /**
     * Whether the failure is the database's (it cannot write anything now) rather than the event's. Data
     * and constraint errors (SQLSTATE classes 22, 23) and syntax errors (42) are the event's or the code's;
     * anything else from the database (I/O, disk full, connection, closed database) is an outage.
     */
    static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || !(state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                deepest = t;
            }
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    private static List<List<LogEvent>> emptyResults(List<Append> batch) {
        List<List<LogEvent>> out = new ArrayList<>();
        batch.forEach(a -> out.add(List.of()));
        return out;
    }

    private static List<List<LogEvent>> insert(Connection c, List<Append> batch, CommittedCdrStates summaries,
                                               List<String> json) throws SQLException {
        List<NewLogEvent> all = new ArrayList<>();
        batch.forEach(a -> all.addAll(a.events()));
        List<LogEvent> stored = LogInserts.insertAndFold(c, all, summaries, json);
        List<List<LogEvent>> result = new ArrayList<>(batch.size());
        int from = 0;
        for (Append a : batch) {
            result.add(List.copyOf(stored.subList(from, from + a.events().size())));
            from += a.events().size();
        }
        return result;
    }

    /**
     * Stops taking appends, writes what is queued, and waits for the thread (at most {@code timeout}); a
     * database that cannot write is retried until shortly before then, and what it could not take fails.
     */
    void close(long timeout, TimeUnit unit) {
        if (closed) {
            return;
        }
        closed = true;
        giveUpAt = System.nanoTime() + unit.toNanos(timeout) * 3 / 4;
        queue.add(STOP);
        try {
            thread.join(unit.toMillis(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.error("interaction-log writer did not finish in {} {}; {} appends still queued", timeout, unit, queue.size());
        }
    }

    @Override
    public void close() {
        close(30, TimeUnit.SECONDS);
    }
}
