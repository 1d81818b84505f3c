package org.openucc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openucc.log.LogEvent;
import org.openucc.reports.Dimension;
import org.openucc.reports.Granularity;
import org.openucc.reports.Measure;
import org.openucc.reports.ReportStore;

/** {@link ReportStore} over JDBC: the tables of migration V41 next to the interaction log. */
public final class JdbcReportStore implements ReportStore {
    private static final int KEY_MAX = 200;
    private static final String MEASURES = String.join(", ", java.util.Arrays.stream(Measure.values())
            .map(Measure::column).toList());
    private static final String AGENT_TYPES = "'AGENT_LOGGED_IN', 'AGENT_STATE_CHANGED', 'AGENT_LOGGED_OUT'";

    private final Database db;

    public JdbcReportStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Progress> progress() {
        return db.read("reading report progress", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT last_event_id, fingerprint, revision FROM report_progress WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Progress(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                        : Optional.empty();
            }
        });
    }

    @Override
    public List<Gap> gaps() {
        return db.read("reading report gaps", c -> {
            List<Gap> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, seen_at FROM report_gap ORDER BY event_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Gap(rs.getLong(1), Sql.time(rs, "seen_at")));
                }
            }
            return out;
        });
    }

    @Override
    public Progress reset(String fingerprint) {
        return db.write("resetting report sums", c -> {
            long revision = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM report_progress WHERE id = 1 FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    revision = rs.getLong(1) + 1;
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM report_bucket");
                s.executeUpdate("DELETE FROM report_contact");
                s.executeUpdate("DELETE FROM report_gap");
                s.executeUpdate("DELETE FROM report_progress");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO report_progress (id, last_event_id, fingerprint, revision) VALUES (1, 0, ?, ?)")) {
                ps.setString(1, fingerprint);
                ps.setLong(2, revision);
                ps.executeUpdate();
            }
            return new Progress(0, fingerprint, revision);
        });
    }

    @Override
    public List<LogEvent> eventsAfter(long afterId, int limit) {
        return events("reading log events after " + afterId, "SELECT " + LogEventRows.EVENT_COLUMNS
                + " FROM interaction_event WHERE id > ? ORDER BY id LIMIT " + limit, ps -> ps.setLong(1, afterId));
    }

    @Override
    public List<LogEvent> gapEvents() {
        return events("reading late log events", "SELECT " + LogEventRows.EVENT_COLUMNS
                + " FROM interaction_event WHERE id IN (SELECT event_id FROM report_gap) ORDER BY id", ps -> { });
    }

    @Override
    public List<LogEvent> timeline(String interactionId, long upToId) {
        return events("reading timeline of " + interactionId, "SELECT " + LogEventRows.EVENT_COLUMNS
                + " FROM interaction_event WHERE interaction_id = ? AND id <= ? ORDER BY id", ps -> {
                    ps.setString(1, interactionId);
                    ps.setLong(2, upToId);
                });
    }

    @Override
    public List<LogEvent> lastAgentStates(long upToId) {
        return events("reading agents' states at event " + upToId, "SELECT " + LogEventRows.EVENT_COLUMNS
                + " FROM interaction_event WHERE id IN (SELECT MAX(id) FROM interaction_event WHERE event_type IN ("
                + AGENT_TYPES + ") AND id <= ? AND details LIKE '%\"to\":%'"
                + " AND id NOT IN (SELECT event_id FROM report_gap) GROUP BY agent_id) ORDER BY id",
                ps -> ps.setLong(1, upToId));
    }

    @Override
    public List<LogEvent> agentStateChanges(String agentId, long id, boolean before, int limit) {
        return events("reading agent " + agentId + "'s states next to event " + id, "SELECT "
                + LogEventRows.EVENT_COLUMNS + " FROM interaction_event WHERE agent_id = ? AND event_type IN ("
                + AGENT_TYPES + ") AND details LIKE '%\"to\":%' AND id " + (before ? "<" : ">") + " ? ORDER BY id"
                + (before ? " DESC" : "") + " LIMIT " + limit, ps -> {
                    ps.setString(1, agentId);
                    ps.setLong(2, id);
                });
    }

    @Override
    public Optional<ContactRow> contact(String interactionId) {
        return contactWhere("interaction_id = ?", "", interactionId);
    }

    @Override
    public Optional<ContactRow> previousContact(String customerId, String queueId, Instant before) {
        return contactWhere("customer_id = ? AND queue_id = ? AND arrived_at < ?", " ORDER BY arrived_at DESC LIMIT 1",
                customerId, queueId, before);
    }

    @Override
    public Optional<ContactRow> nextContact(String customerId, String queueId, Instant after) {
        return contactWhere("customer_id = ? AND queue_id = ? AND arrived_at > ?", " ORDER BY arrived_at LIMIT 1",
                customerId, queueId, after);
    }

    private Optional<ContactRow> contactWhere(String where, String order, Object... args) {
        return db.read("reading report contacts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT interaction_id, customer_id, queue_id, arrived_at,"
                    + " repeated FROM report_contact WHERE " + where + order)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new ContactRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            Sql.time(rs, "arrived_at"), rs.getBoolean(5))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public long commit(Map<BucketKey, long[]> deltas, Collection<ContactRow> contacts, Step step) {
        // Not forced to disk: sums and progress are lost together in a crash and caught up again from the log.
        return db.writeLazily("adding to report sums through event " + step.lastEventId(), c -> {
            // The progress row first: it serialises two aggregators, and the one that read an older revision writes nothing.
            try (PreparedStatement ps = c.prepareStatement("UPDATE report_progress SET last_event_id = ?,"
                    + " revision = revision + 1 WHERE id = 1 AND revision = ?")) {
                ps.setLong(1, step.lastEventId());
                ps.setLong(2, step.fromRevision());
                if (ps.executeUpdate() != 1) {
                    throw new ConflictException("the report sums moved on from revision " + step.fromRevision()
                            + " meanwhile (another node's aggregator, or a reset): nothing of this step was written");
                }
            }
            writeDeltas(c, deltas);
            writeContacts(c, contacts);
            writeGaps(c, step);
            return step.fromRevision() + 1;
        });
    }

    private static void writeGaps(Connection c, Step step) throws SQLException {
        if (!step.closed().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM report_gap WHERE event_id = ?")) {
                for (long id : step.closed()) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!step.opened().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_gap (event_id, seen_at) VALUES (?, ?)")) {
                for (Gap g : step.opened()) {
                    ps.setLong(1, g.eventId());
                    Sql.setTime(ps, 2, g.seenAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void writeDeltas(Connection c, Map<BucketKey, long[]> deltas) throws SQLException {
        List<Map.Entry<BucketKey, long[]>> changed = new ArrayList<>();
        for (Map.Entry<BucketKey, long[]> d : deltas.entrySet()) {
            if (!zero(d.getValue())) {
                changed.add(d);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        StringBuilder set = new StringBuilder();
        for (Measure m : Measure.values()) {
            set.append(set.isEmpty() ? "" : ", ").append(m.column()).append(" = ").append(m.column()).append(" + ?");
        }
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE report_bucket SET " + set
                + " WHERE granularity = ? AND dimension = ? AND bucket_start = ? AND group_key = ?")) {
            for (Map.Entry<BucketKey, long[]> d : changed) {
                int i = 1;
                for (long v : d.getValue()) {
                    ps.setLong(i++, v);
                }
                bindKey(ps, i, d.getKey());
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_bucket (granularity, dimension, bucket_start,"
                + " group_key, " + MEASURES + ") VALUES (?, ?, ?, ?" + ", ?".repeat(Measure.COUNT) + ")")) {
            int inserts = 0;
            for (int r = 0; r < changed.size(); r++) {
                if (updated[r] != 0) {
                    continue;
                }
                Map.Entry<BucketKey, long[]> d = changed.get(r);
                int i = bindKey(ps, 1, d.getKey());
                for (long v : d.getValue()) {
                    ps.setLong(i++, v);
                }
                ps.addBatch();
                inserts++;
            }
            if (inserts > 0) {
                ps.executeBatch();
            }
        }
    }

    private static int bindKey(PreparedStatement ps, int i, BucketKey k) throws SQLException {
        ps.setString(i++, k.granularity().code());
        ps.setString(i++, k.dimension().name());
        Sql.setTime(ps, i++, k.start());
        ps.setString(i++, key(k.key()));
        return i;
    }

    private static void writeContacts(Connection c, Collection<ContactRow> contacts) throws SQLException {
        if (contacts.isEmpty()) {
            return;
        }
        List<ContactRow> rows = List.copyOf(contacts);
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE report_contact SET repeated = ? WHERE interaction_id = ?")) {
            for (ContactRow r : rows) {
                ps.setBoolean(1, r.repeated());
                ps.setString(2, r.interactionId());
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_contact (interaction_id, customer_id, queue_id,"
                + " arrived_at, repeated) VALUES (?, ?, ?, ?, ?)")) {
            int inserts = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (updated[i] != 0) {
                    continue;
                }
                ContactRow r = rows.get(i);
                ps.setString(1, r.interactionId());
                ps.setString(2, r.customerId());
                ps.setString(3, r.queueId());
                Sql.setTime(ps, 4, r.arrivedAt());
                ps.setBoolean(5, r.repeated());
                ps.addBatch();
                inserts++;
            }
            if (inserts > 0) {
                ps.executeBatch();
            }
        }
    }

    @Override
    public List<BucketRow> buckets(Granularity granularity, Dimension dimension, Instant from, Instant to) {
        return db.read("reading report sums", c -> {
            List<BucketRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, group_key, " + MEASURES
                    + " FROM report_bucket WHERE granularity = ? AND dimension = ? AND bucket_start >= ? AND bucket_start < ?"
                    + " ORDER BY bucket_start, group_key")) {
                ps.setString(1, granularity.code());
                ps.setString(2, dimension.name());
                Sql.setTime(ps, 3, from);
                Sql.setTime(ps, 4, to);
                ps.setFetchSize(1_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] m = new long[Measure.COUNT];
                        for (int i = 0; i < m.length; i++) {
                            m[i] = rs.getLong(3 + i);
                        }
                        rows.add(new BucketRow(Sql.time(rs, "bucket_start"), rs.getString(2), m));
                    }
                }
            }
            return rows;
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<LogEvent> events(String doing, String sql, Binder binder) {
        return db.read(doing, c -> {
            List<LogEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                ps.setFetchSize(1_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(LogEventRows.event(rs));
                    }
                }
            }
            return out;
        });
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Instant t) {
                Sql.setTime(ps, i + 1, t);
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    private static String key(String k) {
        return k.length() <= KEY_MAX ? k : k.substring(0, KEY_MAX);
    }

    private static boolean zero(long[] m) {
        for (long v : m) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
