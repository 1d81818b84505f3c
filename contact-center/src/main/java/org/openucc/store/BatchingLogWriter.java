package org.openucc.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.log.LogEvent;
import org.openucc.log.NewLogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interaction log's one writer thread. Appends are queued (never blocking the caller, e.g. the
 * routing engine thread); the thread wakes when something is queued, takes everything waiting (up to
 * a batch), inserts the events and folds their CDRs in one transaction, commits durably, and only
 * then completes the appenders' futures. If a batch fails, its appends are retried one by one, so one
 * bad event fails alone and the rest are still stored.
 */
final class BatchingLogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchingLogWriter.class);

    /** Events stored together, or none of them; an empty one is a flush marker. */
    private record Append(List<NewLogEvent> events, CompletableFuture<List<LogEvent>> done) {
    }

    private static final Append STOP = new Append(List.of(), new CompletableFuture<>());

    private final Database db;
    private final int batchSize;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Told after each commit (metrics); read-only, set once at start-up. */
    private volatile LogCommitListener commitListener;

    BatchingLogWriter(Database db, int batchSize) {
        this.db = db;
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, "interaction-log-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Events must have their time set already. */
    CompletableFuture<List<LogEvent>> submit(List<NewLogEvent> events) {
        Append a = new Append(List.copyOf(events), new CompletableFuture<>());
        if (closed) {
            a.done().completeExceptionally(new IllegalStateException("interaction log is closed; event not stored: " + events));
            return a.done();
        }
        queue.add(a);
        if (closed && queue.remove(a)) {
            a.done().completeExceptionally(new IllegalStateException("interaction log is closed; event not stored: " + events));
        }
        return a.done();
    }

    void onCommit(LogCommitListener listener) {
        this.commitListener = listener;
    }

    InteractionLogStats stats() {
        return new InteractionLogStats(stored.get(), batches.get(), failed.get(), queue.size());
    }

    private void run() {
        List<Append> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
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
            stopping = batch.remove(STOP);
            write(batch);
            batch.clear();
        }
        List<Append> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        write(left);
    }

    private void write(List<Append> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int count = batch.stream().mapToInt(a -> a.events().size()).sum();
        try {
            long began = System.nanoTime();
            List<List<LogEvent>> result = count == 0 ? emptyResults(batch)
                    : db.write("appending " + count + " interaction-log events", c -> insert(c, batch));
            long took = System.nanoTime() - began;
            batches.incrementAndGet();
            stored.addAndGet(count);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(result.get(i));
            }
            if (count > 0) {
                committed(result, took); // after the acknowledgements: metrics never delay them
            }
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                log.warn("interaction-log batch of {} appends failed ({}); retrying them one by one", batch.size(), e.toString());
                for (Append a : batch) {
                    write(List.of(a));
                }
            } else {
                failed.addAndGet(count);
                log.error("interaction log could not store {}", batch.get(0).events(), e);
                batch.get(0).done().completeExceptionally(e);
            }
        }
    }

    private void committed(List<List<LogEvent>> result, long nanos) {
        LogCommitListener l = commitListener;
        if (l == null) {
            return;
        }
        List<LogEvent> events = new ArrayList<>();
        result.forEach(events::addAll);
        try {
            l.committed(events, nanos);
        } catch (RuntimeException e) {
            log.warn("interaction-log commit listener failed: {}", e.toString());
        }
    }

    private static List<List<LogEvent>> emptyResults(List<Append> batch) {
        List<List<LogEvent>> out = new ArrayList<>();
        batch.forEach(a -> out.add(List.of()));
        return out;
    }

    private static List<List<LogEvent>> insert(Connection c, List<Append> batch) throws SQLException {
        List<NewLogEvent> all = new ArrayList<>();
        batch.forEach(a -> all.addAll(a.events()));
        List<LogEvent> stored = LogInserts.insertAndFold(c, all);
        List<List<LogEvent>> result = new ArrayList<>(batch.size());
        int from = 0;
        for (Append a : batch) {
            result.add(List.copyOf(stored.subList(from, from + a.events().size())));
            from += a.events().size();
        }
        return result;
    }

    /** Stops taking appends, writes what is queued, and waits for the thread (at most {@code timeout}). */
    void close(long timeout, TimeUnit unit) {
        if (closed) {
            return;
        }
        closed = true;
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
