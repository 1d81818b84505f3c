package org.openucc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.Phone;
import org.openucc.interaction.Tier;

/**
 * H2 keeps the statements a connection parsed, and empties that cache on every rollback. The store's reads and
 * durable writes end without one, so a statement used again on the same pooled connection is not parsed again
 * (under load that parsing was 8 % of the server's CPU). The real embedded H2 and connection pool.
 */
class StatementCacheTest {
    private static final String SELECT = "SELECT COUNT(*) FROM interaction_summary WHERE queue_id = ?";
    private static final String UPDATE = "UPDATE interaction_summary SET agent_id = ? WHERE interaction_id = ?";

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        // Two connections (the schema migration needs both); one thread borrows again the connection it gave back.
        db = Database.open(new StoreConfig(null, null, null, 2, "DE", false, 0, 10, 0, 0), dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aStatementReadAgainIsNotParsedAgain() {
        Object first = db.read("first read", c -> parsed(c, SELECT));
        Object second = db.read("second read", c -> parsed(c, SELECT));
        assertNotNull(first);
        assertSame(first, second, "the second read parsed the statement again: the first read emptied H2's cache");
    }

    @Test
    void aStatementWrittenAgainIsNotParsedAgain() {
        Object first = db.write("first write", c -> parsed(c, UPDATE));
        Object second = db.write("second write", c -> parsed(c, UPDATE));
        assertSame(first, second, "the second write parsed the statement again: CHECKPOINT left the connection"
                + " to be rolled back by the pool, which empties H2's cache");
        Object lazily = db.writeLazily("a lazy write", c -> parsed(c, UPDATE));
        assertSame(first, lazily);
    }

    @Test
    void aReadThatFailsIsRolledBack() {
        assertThrows(IllegalStateException.class, () -> db.read("a read that fails", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO interaction_summary (interaction_id, arrived_at,"
                    + " wait_ms, talk_ms, hold_ms, wrap_up_ms, offers, transfers, outcome, last_event_id)"
                    + " VALUES ('i-1', CURRENT_TIMESTAMP, 0, 0, 0, 0, 0, 0, 'ABANDONED', 0)")) {
                ps.executeUpdate();
            }
            throw new IllegalStateException("the work failed");
        }));
        long rows = db.read("counting", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM interaction_summary");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertEquals(0, rows, "what a failed read did was kept");
    }

    @Test
    void aKnownCallersDetailsAreKeptParsed() throws Exception {
        db.close();
        try (StoreServices store = StoreFixture.start(dir, StoreFixture.clock())) {
            Customer acme = store.customers().create(new CustomerDraft("Acme", Tier.A, null, null, null,
                    List.of("key-account"), Map.of("erpId", "4711"), null));
            store.customers().addContact(acme.id(), new ContactDraft("Eva", null, List.of(Phone.of("+4930111")),
                    List.of("eva@acme.example"), null));
        }
        db = Database.open(new StoreConfig(null, null, null, 2, "DE", false, 0, 10, 0, 0), dir);
        CustomerRows rows = new CustomerRows(db.dialect());
        for (int i = 0; i < 2; i++) {
            CustomerMatch m = db.read("a screen pop's lookup", c -> rows.match(c, CustomerRows.BY_PHONE,
                    "+4930111", 5)).orElseThrow();
            assertEquals(List.of("eva@acme.example"), m.contact().emails());
            assertEquals(List.of("key-account"), m.customer().tags());
            assertEquals(Map.of("erpId", "4711"), m.customer().customFields());
        }
        Set<String> kept = db.read("the session's parsed statements", StatementCacheTest::parsedStatements);
        assertTrue(kept.stream().anyMatch(sql -> sql.contains("FROM contact_phone WHERE contact_id")),
                "the contact's phones are read by a statement H2 does not keep parsed: " + kept);
        assertTrue(kept.stream().anyMatch(sql -> sql.contains("FROM customer_field WHERE customer_id")), kept::toString);
    }

    /** The statements H2 keeps parsed for this connection (its session's query cache). */
    @SuppressWarnings("unchecked")
    private static Set<String> parsedStatements(Connection c) throws SQLException {
        try {
            Object session = c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
            Field cache = session.getClass().getDeclaredField("queryCache");
            cache.setAccessible(true);
            Map<String, ?> statements = (Map<String, ?>) cache.get(session);
            return statements == null ? Set.of() : Set.copyOf(statements.keySet());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("H2's session has no field 'queryCache' any more: update this test", e);
        }
    }

    /** Prepares {@code sql} (binding every parameter, as the store does) and returns what H2 parsed it into. */
    private static Object parsed(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setString(i, "x");
            }
            ps.execute();
            org.h2.jdbc.JdbcPreparedStatement h2 = ps.unwrap(org.h2.jdbc.JdbcPreparedStatement.class);
            Field command = org.h2.jdbc.JdbcPreparedStatement.class.getDeclaredField("command");
            command.setAccessible(true);
            return command.get(h2);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("H2's prepared statement has no field 'command' any more: update this test", e);
        }
    }
}
