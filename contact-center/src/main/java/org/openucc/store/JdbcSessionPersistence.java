package org.openucc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openucc.auth.Caller;
import org.openucc.auth.Session;
import org.openucc.auth.SessionPersistence;
import org.openucc.config.Role;

/** {@link SessionPersistence} over JDBC (table {@code auth_session}, migration V40): token hashes only. */
public final class JdbcSessionPersistence implements SessionPersistence {
    private final Database db;

    public JdbcSessionPersistence(Database db) {
        this.db = db;
    }

    @Override
    public void save(Session s) {
        db.write("saving session " + s.shortId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO auth_session (token_hash, username, role,"
                    + " agent_id, kind, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.caller().username());
                ps.setString(3, s.caller().role().name());
                ps.setString(4, s.caller().agentId());
                ps.setString(5, s.kind().name());
                Sql.setTime(ps, 6, s.expiresAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void delete(String sessionId) {
        db.write("deleting a session", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM auth_session WHERE token_hash = ?")) {
                ps.setString(1, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Session> live(Instant now) {
        return db.read("reading live sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, username, role, agent_id, kind,"
                    + " expires_at FROM auth_session WHERE expires_at > ?")) {
                Sql.setTime(ps, 1, now);
                List<Session> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Session s = session(rs);
                        if (s != null) {
                            out.add(s);
                        }
                    }
                }
                return out;
            }
        });
    }

    @Override
    public java.util.Optional<Session> find(String sessionId) {
        return db.read("reading a session", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, username, role, agent_id, kind,"
                    + " expires_at FROM auth_session WHERE token_hash = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.ofNullable(session(rs)) : java.util.Optional.<Session>empty();
                }
            }
        });
    }

    /** Null for a role or kind this version does not know: the user logs in again. */
    private static Session session(ResultSet rs) throws java.sql.SQLException {
        Role role;
        Session.Kind kind;
        try {
            role = Role.valueOf(rs.getString("role"));
            kind = Session.Kind.valueOf(rs.getString("kind"));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new Session(rs.getString("token_hash"), new Caller(rs.getString("username"), role,
                rs.getString("agent_id")), kind, Sql.time(rs, "expires_at"));
    }

    @Override
    public int deleteExpired(Instant now) {
        return db.write("deleting expired sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM auth_session WHERE expires_at <= ?")) {
                Sql.setTime(ps, 1, now);
                return ps.executeUpdate();
            }
        });
    }
}
