package org.openucc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.openucc.callback.CallbackRequest;
import org.openucc.callback.CallbackStore;

/** {@link CallbackStore} over JDBC (table {@code callback_request}, migration V31). */
public final class JdbcCallbackStore implements CallbackStore {
    private static final String COLUMNS = "id, name, phone, queue_id, customer_id, note, due_at, attempts, state,"
            + " interaction_id, outcome, created_at";
    private final Database db;

    public JdbcCallbackStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(CallbackRequest r) {
        db.write("saving callback request " + r.id(), c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE callback_request SET due_at = ?, attempts = ?,"
                    + " state = ?, interaction_id = ?, outcome = ?, customer_id = ? WHERE id = ?")) {
                Sql.setTime(up, 1, r.dueAt());
                up.setInt(2, r.attempts());
                up.setString(3, r.state().name());
                up.setString(4, r.interactionId());
                up.setString(5, r.outcome());
                up.setString(6, r.customerId());
                up.setString(7, r.id());
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO callback_request (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.id());
                ps.setString(2, r.name());
                ps.setString(3, r.phone());
                ps.setString(4, r.queueId());
                ps.setString(5, r.customerId());
                ps.setString(6, r.note());
                Sql.setTime(ps, 7, r.dueAt());
                ps.setInt(8, r.attempts());
                ps.setString(9, r.state().name());
                ps.setString(10, r.interactionId());
                ps.setString(11, r.outcome());
                Sql.setTime(ps, 12, r.createdAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<CallbackRequest> open() {
        return db.read("reading open callback requests", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM callback_request WHERE state IN ('SCHEDULED', 'QUEUED') ORDER BY due_at")) {
                return rows(ps);
            }
        });
    }

    @Override
    public java.util.Optional<CallbackRequest> byInteraction(String interactionId) {
        return db.read("reading the callback request of interaction " + interactionId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM callback_request WHERE interaction_id = ?")) {
                ps.setString(1, interactionId);
                return rows(ps).stream().findFirst();
            }
        });
    }

    private static List<CallbackRequest> rows(PreparedStatement ps) throws java.sql.SQLException {
        List<CallbackRequest> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallbackRequest(rs.getString("id"), rs.getString("name"), rs.getString("phone"),
                        rs.getString("queue_id"), rs.getString("customer_id"), rs.getString("note"),
                        Sql.time(rs, "due_at"), rs.getInt("attempts"),
                        CallbackRequest.State.valueOf(rs.getString("state")), rs.getString("interaction_id"),
                        rs.getString("outcome"), Sql.time(rs, "created_at")));
            }
        }
        return out;
    }
}
