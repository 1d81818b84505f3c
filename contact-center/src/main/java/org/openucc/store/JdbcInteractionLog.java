package org.openucc.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.openucc.limits.Rejections;
import org.openucc.log.InteractionLog;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogPage;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;
import org.openucc.log.SummaryPage;
import org.openucc.log.SummaryQuery;

/**
 * {@link InteractionLog} over JDBC: appends go through a {@link BatchingLogWriter} thread, reads
 * run on the caller's thread. Start with {@link #start}, stop with {@link #close} (writes what is
 * queued first).
 */
public final class JdbcInteractionLog implements InteractionLog, AutoCloseable {
    private static final int TIMELINE_MAX = 10_000;

    private final Database db;
    private final InstantSource clock;
    private final BatchingLogWriter writer;

    /** How long a journal segment is written before H2's file is brought up to it and the segment deleted. */
    static final Duration JOURNAL_ROTATION = Duration.ofSeconds(1);

    private JdbcInteractionLog(Database db, InstantSource clock, int batchSize, int queueCapacity, Rejections rejections,
                               Duration commitInterval, Path journalDir, Duration rotateAfter) {
        this.db = db;
        this.clock = clock;
        this.writer = new BatchingLogWriter(db, batchSize, queueCapacity, rejections, commitInterval, journalDir,
                rotateAfter);
    }

    /** The journal's directory for an embedded H2 database ({@code <file>.journal}); empty for any other. */
    private static Optional<Path> journalDir(Database db) {
        return db.h2File().map(f -> f.resolveSibling(f.getFileName() + ".journal"));
    }

    /** @param batchSize most events per transaction ({@code StoreConfig.logBatchSize}) */
    public static JdbcInteractionLog start(Database db, InstantSource clock, int batchSize) {
        return start(db, clock, batchSize, Integer.MAX_VALUE, new Rejections());
    }

    /**
     * @param queueCapacity events that may wait before {@link #admit()} refuses ({@code StoreConfig.logQueueCapacity})
     * @param rejections    where refusals are counted
     */
    public static JdbcInteractionLog start(Database db, InstantSource clock, int batchSize, int queueCapacity,
                                           Rejections rejections) {
        return start(db, clock, batchSize, queueCapacity, rejections, Duration.ZERO);
    }

    /**
     * @param commitInterval under load, the least time between the starts of two of the writer's commits
     *                       ({@code StoreConfig.logCommitInterval}); zero: none
     */
    public static JdbcInteractionLog start(Database db, InstantSource clock, int batchSize, int queueCapacity,
                                           Rejections rejections, Duration commitInterval) {
        return start(db, clock, batchSize, queueCapacity, rejections, commitInterval, true);
    }

    /**
     * @param journal embedded H2: make commits durable with the journal ({@code StoreConfig.logJournal}), after
     *                storing again what a crash kept from H2's file; false, or any other database: force each commit
     */
    public static JdbcInteractionLog start(Database db, InstantSource clock, int batchSize, int queueCapacity,
                                           Rejections rejections, Duration commitInterval, boolean journal) {
        return start(db, clock, batchSize, queueCapacity, rejections, commitInterval, journal, JOURNAL_ROTATION);
    }

    static JdbcInteractionLog start(Database db, InstantSource clock, int batchSize, int queueCapacity,
                                    Rejections rejections, Duration commitInterval, boolean journal,
                                    Duration rotateAfter) {
        // A journal left by the last run is replayed even if the journal is now off: it holds acknowledged events.
        Path dir = journalDir(db).orElse(null);
        if (dir != null) {
            LogJournalReplay.replay(db, dir);
        }
        JdbcInteractionLog log = new JdbcInteractionLog(db, clock, batchSize, queueCapacity, rejections,
                commitInterval, journal ? dir : null, rotateAfter);
        log.writer.start();
        return log;
    }

    @Override
    public void admit() {
        writer.admit();
    }

    @Override
    public Optional<String> writeFailure() {
        return Optional.ofNullable(writer.failure());
    }

    @Override
    public CompletableFuture<LogEvent> append(NewLogEvent event) {
        return writer.submit(List.of(timed(event))).thenApply(list -> list.get(0));
    }

    @Override
    public CompletableFuture<List<LogEvent>> appendAll(List<NewLogEvent> events) {
        return writer.submit(events.stream().map(this::timed).toList());
    }

    @Override
    public CompletableFuture<Void> flush() {
        return writer.submit(List.of()).thenApply(x -> null);
    }

    /** The writer (tests inject faults through it). */
    BatchingLogWriter writer() {
        return writer;
    }

    public InteractionLogStats stats() {
        return writer.stats();
    }

    /** {@code listener} is told of every commit from now on (metrics); read-only. */
    /** Every commit from now on runs {@code fence} first, in its transaction (null: none); see {@link LogFence}. */
    public void fence(LogFence fence) {
        writer.fence(fence);
    }

    public void onCommit(LogCommitListener listener) {
        writer.onCommit(listener);
    }

    private NewLogEvent timed(NewLogEvent e) {
        return e.at() != null ? e : new NewLogEvent(clock.instant(), e.type(), e.interactionId(), e.agentId(), e.queueId(),
                e.customerId(), e.actor(), e.details());
    }

    @Override
    public LogPage events(LogQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + LogEventRows.EVENT_COLUMNS + " FROM interaction_event e WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        equal(sql, args, "e.interaction_id", q.interactionId());
        equal(sql, args, "e.agent_id", q.agentId());
        equal(sql, args, "e.queue_id", q.queueId());
        if (q.customerId() != null) {
            // Every event that names a customer is an interaction event, and its CDR carries the customer.
            sql.append(" AND e.interaction_id IN (SELECT s.interaction_id FROM interaction_summary s WHERE s.customer_id = ?)");
            args.add(q.customerId());
        }
        if (!q.types().isEmpty()) {
            sql.append(" AND e.event_type IN (").append("?, ".repeat(q.types().size() - 1)).append("?)");
            q.types().stream().map(LogEventType::name).sorted().forEach(args::add);
        }
        range(sql, args, "e.occurred_at", q.from(), q.to());
        if (q.cursor() != null) {
            sql.append(q.descending() ? " AND e.id < ?" : " AND e.id > ?");
            args.add(q.cursor());
        }
        sql.append(" ORDER BY e.id").append(q.descending() ? " DESC" : "").append(" LIMIT ?");
        args.add(q.limit() + 1);
        return db.read("reading interaction log " + q, c -> {
            List<LogEvent> events = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(LogEventRows.event(rs));
                }
            }
            boolean more = events.size() > q.limit();
            List<LogEvent> page = more ? events.subList(0, q.limit()) : events;
            return new LogPage(page, more ? page.get(page.size() - 1).id() : null);
        });
    }

    @Override
    public List<LogEvent> timeline(String interactionId) {
        return db.read("reading timeline of interaction " + interactionId, c -> {
            List<LogEvent> events = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT " + LogEventRows.EVENT_COLUMNS
                    + " FROM interaction_event WHERE interaction_id = ? ORDER BY id LIMIT " + TIMELINE_MAX,
                    List.of(interactionId)); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(LogEventRows.event(rs));
                }
            }
            return events;
        });
    }

    @Override
    public Optional<InteractionSummary> summary(String interactionId) {
        return db.read("reading CDR of interaction " + interactionId,
                c -> LogEventRows.state(c, interactionId).map(s -> s.summary()));
    }

    @Override
    public SummaryPage interactions(SummaryQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + LogEventRows.SUMMARY_COLUMNS + " FROM interaction_summary WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        equal(sql, args, "customer_id", q.customerId());
        equal(sql, args, "agent_id", q.agentId());
        equal(sql, args, "queue_id", q.queueId());
        range(sql, args, "arrived_at", q.from(), q.to());
        sql.append(" ORDER BY arrived_at DESC, interaction_id DESC LIMIT ? OFFSET ?");
        args.add(q.limit() + 1);
        args.add(q.offset());
        return db.read("reading CDRs " + q, c -> {
            List<InteractionSummary> items = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(LogEventRows.summary(rs));
                }
            }
            boolean more = items.size() > q.limit();
            return new SummaryPage(more ? items.subList(0, q.limit()) : items, q.offset(), q.limit(), more);
        });
    }

    @Override
    public List<InteractionSummary> unfinished() {
        return db.read("reading unfinished interactions", c -> {
            List<InteractionSummary> items = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT " + LogEventRows.SUMMARY_COLUMNS + " FROM interaction_summary"
                    + " WHERE ended_at IS NULL OR wrap_up_started_at IS NOT NULL ORDER BY arrived_at, interaction_id",
                    List.of())) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(LogEventRows.summary(rs));
                    }
                }
            }
            return items;
        });
    }

    @Override
    public void forEachSummary(Instant from, Instant to, Consumer<InteractionSummary> each) {
        db.read("exporting CDRs " + from + " .. " + to, c -> {
            try (PreparedStatement ps = prepare(c, "SELECT " + LogEventRows.SUMMARY_COLUMNS + " FROM interaction_summary"
                    + " WHERE arrived_at >= ? AND arrived_at < ? ORDER BY arrived_at, interaction_id", List.of(from, to))) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(LogEventRows.summary(rs));
                    }
                }
            }
            return null;
        });
    }

    private static void equal(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static void range(StringBuilder sql, List<Object> args, String column, Instant from, Instant to) {
        if (from != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            args.add(from);
        }
        if (to != null) {
            sql.append(" AND ").append(column).append(" < ?");
            args.add(to);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Instant t) {
                    Sql.setTime(ps, i + 1, t);
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Writes what is queued, then stops the writer thread. Close before the {@link Database}. */
    @Override
    public void close() {
        writer.close();
    }
}
