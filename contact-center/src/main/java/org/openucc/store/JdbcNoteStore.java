package org.openucc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openucc.crm.CrmRules;
import org.openucc.crm.Ids;
import org.openucc.crm.Note;
import org.openucc.crm.NoteDraft;
import org.openucc.crm.NoteStore;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;

/** {@link NoteStore} over JDBC. */
public final class JdbcNoteStore implements NoteStore {
    private static final String COLUMNS = "id, customer_id, author, body, interaction_id, version, created_at, updated_at";

    private final Database db;
    private final CrmRules rules;
    private final Ids ids;
    private final InstantSource clock;

    public JdbcNoteStore(Database db, CrmRules rules, InstantSource clock) {
        this.db = db;
        this.rules = rules;
        this.ids = new Ids(clock);
        this.clock = clock;
    }

    @Override
    public Note add(String customerId, NoteDraft draft) {
        NoteDraft d = rules.note(draft);
        String id = ids.next("not");
        Instant now = clock.instant();
        return db.write("adding note to customer " + customerId, c -> {
            Sql.requireExists(c, "customer", "customer", customerId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO note (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, customerId);
                ps.setString(3, d.author());
                ps.setString(4, d.text());
                ps.setString(5, d.interactionId());
                Sql.setTime(ps, 6, now);
                Sql.setTime(ps, 7, now);
                ps.executeUpdate();
            }
            return new Note(id, customerId, d.author(), d.text(), d.interactionId(), 1, now, now);
        });
    }

    @Override
    public Optional<Note> find(String noteId) {
        return db.read("reading note " + noteId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM note WHERE id = ?")) {
                ps.setString(1, noteId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(note(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<Note> notes(String customerId, PageRequest page) {
        return db.read("reading notes of customer " + customerId, c -> {
            Sql.requireExists(c, "customer", "customer", customerId);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM note WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
                ps.setString(1, customerId);
                ps.setInt(2, page.limit() + 1);
                ps.setInt(3, page.offset());
                List<Note> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(note(rs));
                    }
                }
                return Pages.of(items, page);
            }
        });
    }

    @Override
    public Note update(String noteId, long expectedVersion, NoteDraft draft) {
        NoteDraft d = rules.note(draft);
        return db.write("updating note " + noteId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE note SET author = ?, body = ?, interaction_id = ?,"
                    + " version = version + 1, updated_at = ? WHERE id = ? AND version = ?")) {
                ps.setString(1, d.author());
                ps.setString(2, d.text());
                ps.setString(3, d.interactionId());
                Sql.setTime(ps, 4, clock.instant());
                ps.setString(5, noteId);
                ps.setLong(6, expectedVersion);
                Sql.requireChanged(ps.executeUpdate(), c, "note", "note", noteId, expectedVersion);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM note WHERE id = ?")) {
                ps.setString(1, noteId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return note(rs);
                }
            }
        });
    }

    @Override
    public void delete(String noteId, long expectedVersion) {
        db.write("deleting note " + noteId, c -> {
            Sql.deleteVersioned(c, "note", "note", noteId, expectedVersion);
            return null;
        });
    }

    private static Note note(ResultSet rs) throws SQLException {
        return new Note(rs.getString("id"), rs.getString("customer_id"), rs.getString("author"), rs.getString("body"),
                rs.getString("interaction_id"), rs.getLong("version"), Sql.time(rs, "created_at"), Sql.time(rs, "updated_at"));
    }
}
