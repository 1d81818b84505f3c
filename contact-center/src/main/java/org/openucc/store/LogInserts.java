package org.openucc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openucc.log.InteractionFold;
import org.openucc.log.LogEvent;
import org.openucc.log.NewLogEvent;
import org.openucc.log.SummaryState;

/**
 * Inserts interaction-log events with one JDBC batch and folds the CDRs of the interactions they
 * touch, inside the caller's transaction: the writer thread's path, and the demo data's.
 */
final class LogInserts {
    private static final String INSERT = "INSERT INTO interaction_event (occurred_at, event_type, interaction_id, agent_id,"
            + " queue_id, customer_id, actor, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String INSERT_WITH_ID = "INSERT INTO interaction_event (id, occurred_at, event_type,"
            + " interaction_id, agent_id, queue_id, customer_id, actor, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** SQLSTATE of a unique-key violation (PostgreSQL and H2 alike). */
    private static final String UNIQUE_VIOLATION = "23505";

    private LogInserts() {
    }

    /**
     * Events must have their time set. Returns them stored (with ids), in the order given, exactly as a read gives
     * them back: times are stored to the microsecond (the column's precision, H2 and PostgreSQL alike), so they are
     * cut to it here rather than rounded by the database.
     */
    static List<LogEvent> insertAndFold(Connection c, List<NewLogEvent> events) throws SQLException {
        return insertAndFold(c, events, null);
    }

    /**
     * @param summaries the states the only writer committed last (its rows are then read unlocked when not there), or
     *                  null: every row is read locked, as several writers may fold the same interaction (a cluster)
     */
    static List<LogEvent> insertAndFold(Connection c, List<NewLogEvent> events, CommittedCdrStates summaries)
            throws SQLException {
        return insertAndFold(c, events, summaries, null);
    }

    /** As above; {@code jsonOut}, when not null, receives each event's details as inserted (for the journal). */
    static List<LogEvent> insertAndFold(Connection c, List<NewLogEvent> events, CommittedCdrStates summaries,
                                        List<String> jsonOut) throws SQLException {
        List<Long> ids = new ArrayList<>(events.size());
        try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
            for (NewLogEvent e : events) {
                String json = LogEventRows.json(e.details());
                bind(ps, 1, micros(e.at()), e.type().name(), e.interactionId(), e.agentId(), e.queueId(),
                        e.customerId(), e.actor(), json);
                if (jsonOut != null) {
                    jsonOut.add(json);
                }
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
        }
        if (ids.size() != events.size()) {
            throw new SQLException("database returned " + ids.size() + " generated ids for " + events.size() + " events");
        }
        List<LogEvent> stored = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewLogEvent e = events.get(i);
            stored.add(new LogEvent(ids.get(i), micros(e.at()), e.type(), e.interactionId(), e.agentId(), e.queueId(),
                    e.customerId(), e.actor(), e.details()));
        }
        foldSummaries(c, stored, summaries);
        return stored;
    }

    /**
     * Stores events again with the ids they were acknowledged with (a journal's replay after a crash), and folds
     * their CDRs, in the caller's transaction. The events must be newer than every stored one, in id order.
     */
    static void insertJournaledAndFold(Connection c, List<LogEvent> events, List<String> json) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_WITH_ID)) {
            for (int i = 0; i < events.size(); i++) {
                LogEvent e = events.get(i);
                ps.setLong(1, e.id());
                bind(ps, 2, e.at(), e.type().name(), e.interactionId(), e.agentId(), e.queueId(), e.customerId(),
                        e.actor(), json.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        foldSummaries(c, events, null);
    }

    /** An event's columns from {@code occurred_at} to {@code details}, from parameter {@code first} on. */
    private static void bind(PreparedStatement ps, int first, java.time.Instant at, String type, String interactionId,
                             String agentId, String queueId, String customerId, String actor, String json)
            throws SQLException {
        Sql.setTime(ps, first, at);
        ps.setString(first + 1, type);
        ps.setString(first + 2, interactionId);
        ps.setString(first + 3, agentId);
        ps.setString(first + 4, queueId);
        ps.setString(first + 5, customerId);
        ps.setString(first + 6, actor);
        ps.setString(first + 7, json);
    }

    /**
     * Brings each touched interaction's CDR up to date in the same transaction as its events. In a cluster
     * several nodes' writers fold events of the same interaction (a call's on the node that carries it, the
     * engine's on the engine's owner), so each row is read locked ({@code FOR UPDATE}) and a first INSERT that
     * loses the race to another writer's becomes an update of that row. Rows are taken in id order, so two
     * writers never wait for each other in a cycle.
     */
    private static void foldSummaries(Connection c, List<LogEvent> events, CommittedCdrStates summaries)
            throws SQLException {
        Map<String, List<LogEvent>> byInteraction = new TreeMap<>();
        for (LogEvent e : events) {
            if (e.interactionId() != null) {
                byInteraction.computeIfAbsent(e.interactionId(), k -> new ArrayList<>()).add(e);
            }
        }
        for (Map.Entry<String, List<LogEvent>> entry : byInteraction.entrySet()) {
            if (summaries != null) {
                // The only writer: its last commit is the row (an unlocked read is enough, and H2 caches its plan).
                SummaryState known = summaries.get(entry.getKey());
                Optional<SummaryState> existing = known != null ? Optional.of(known)
                        : LogEventRows.state(c, entry.getKey());
                SummaryState next = fold(existing.orElseGet(() -> SummaryState.start(entry.getKey())), entry.getValue());
                if (existing.isPresent() && LogEventRows.sameRow(existing.get(), next)) {
                    summaries.unchanged();
                } else {
                    LogEventRows.save(c, next, existing.isPresent());
                }
                summaries.folded(entry.getKey(), next);
                continue;
            }
            Optional<SummaryState> existing = LogEventRows.lockedState(c, entry.getKey());
            if (existing.isEmpty()) {
                Savepoint before = c.setSavepoint();
                try {
                    LogEventRows.save(c, fold(SummaryState.start(entry.getKey()), entry.getValue()), false);
                    c.releaseSavepoint(before);
                    continue;
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    c.rollback(before); // another node's writer stored this interaction's first row meanwhile
                    existing = LogEventRows.lockedState(c, entry.getKey());
                    if (existing.isEmpty()) {
                        throw e;
                    }
                }
            }
            SummaryState next = fold(existing.get(), entry.getValue());
            if (!LogEventRows.sameRow(existing.get(), next)) {
                LogEventRows.save(c, next, true);
            }
        }
    }

    private static java.time.Instant micros(java.time.Instant t) {
        return t.getNano() % 1_000 == 0 ? t : t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static SummaryState fold(SummaryState from, List<LogEvent> events) {
        InteractionFold fold = new InteractionFold(from);
        events.forEach(fold::apply);
        return fold.state();
    }
}
