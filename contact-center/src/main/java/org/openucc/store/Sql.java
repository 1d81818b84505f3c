package org.openucc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.openucc.crm.ConflictException;
import org.openucc.crm.NotFoundException;

/** Small JDBC helpers shared by the store classes: times in UTC, nullable values, LIKE patterns, version checks. */
final class Sql {
    /** SQLSTATE for a unique-constraint violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A LIKE pattern matching strings that start with {@code prefix}, with the wildcards in it escaped (ESCAPE '\'). */
    static String prefixPattern(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 1);
        for (char ch : prefix.toCharArray()) {
            if (ch == '%' || ch == '_' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.append('%').toString();
    }

    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static Optional<Long> version(Connection c, String table, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + table + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * After an {@code UPDATE/DELETE ... WHERE id = ? AND version = ?}: if no row changed, explains why —
     * the record is gone ({@link NotFoundException}) or someone changed it first ({@link ConflictException}).
     */
    static void requireChanged(int rows, Connection c, String table, String entity, String id, long expected)
            throws SQLException {
        if (rows == 1) {
            return;
        }
        long current = version(c, table, id).orElseThrow(() -> new NotFoundException(entity, id));
        throw ConflictException.staleVersion(entity, id, expected, current);
    }

    static void requireExists(Connection c, String table, String entity, String id) throws SQLException {
        if (version(c, table, id).isEmpty()) {
            throw new NotFoundException(entity, id);
        }
    }

    /** {@code DELETE ... WHERE id = ? AND version = ?}, explaining a miss like {@link #requireChanged}. */
    static void deleteVersioned(Connection c, String table, String entity, String id, long expectedVersion)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ? AND version = ?")) {
            ps.setString(1, id);
            ps.setLong(2, expectedVersion);
            requireChanged(ps.executeUpdate(), c, table, entity, id, expectedVersion);
        }
    }
}
