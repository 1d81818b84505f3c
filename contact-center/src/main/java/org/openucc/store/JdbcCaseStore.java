package org.openucc.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openucc.crm.CaseDraft;
import org.openucc.crm.CasePriority;
import org.openucc.crm.CaseStatus;
import org.openucc.crm.CaseStore;
import org.openucc.crm.CrmRules;
import org.openucc.crm.Ids;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;
import org.openucc.crm.ServiceCase;

/** {@link CaseStore} over JDBC. */
public final class JdbcCaseStore implements CaseStore {
    private static final String COLUMNS = "id, customer_id, subject, description, status, priority, owner_agent_id,"
            + " opened_at, closed_at, version, updated_at";

    private final Database db;
    private final CrmRules rules;
    private final Ids ids;
    private final InstantSource clock;

    public JdbcCaseStore(Database db, CrmRules rules, InstantSource clock) {
        this.db = db;
        this.rules = rules;
        this.ids = new Ids(clock);
        this.clock = clock;
    }

    @Override
    public ServiceCase open(String customerId, CaseDraft draft) {
        CaseDraft d = rules.serviceCase(draft);
        String id = ids.next("cas");
        Instant now = clock.instant();
        Instant closed = d.status().isOpen() ? null : now;
        return db.write("opening case for customer " + customerId, c -> {
            Sql.requireExists(c, "customer", "customer", customerId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO service_case (" + COLUMNS
                    + ", is_open, priority_rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, customerId);
                ps.setString(3, d.subject());
                ps.setString(4, d.description());
                ps.setString(5, d.status().name());
                ps.setString(6, d.priority().name());
                ps.setString(7, d.ownerAgentId());
                Sql.setTime(ps, 8, now);
                Sql.setTime(ps, 9, closed);
                Sql.setTime(ps, 10, now);
                ps.setBoolean(11, d.status().isOpen());
                ps.setInt(12, d.priority().ordinal());
                ps.executeUpdate();
            }
            return new ServiceCase(id, customerId, d.subject(), d.description(), d.status(), d.priority(), d.ownerAgentId(),
                    now, closed, 1, now);
        });
    }

    @Override
    public Optional<ServiceCase> find(String caseId) {
        return db.read("reading case " + caseId, c -> read(c, caseId));
    }

    @Override
    public Page<ServiceCase> cases(String customerId, boolean openOnly, PageRequest page) {
        return db.read("reading cases of customer " + customerId, c -> {
            Sql.requireExists(c, "customer", "customer", customerId);
            String where = openOnly ? " AND is_open = TRUE" : "";
            // Open first (most urgent, oldest first), then closed ones newest first.
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM service_case WHERE customer_id = ?"
                    + where + " ORDER BY CASE WHEN is_open THEN 0 ELSE 1 END,"
                    + " CASE WHEN is_open THEN priority_rank ELSE 0 END DESC, CASE WHEN is_open THEN opened_at END,"
                    + " opened_at DESC, id LIMIT ? OFFSET ?")) {
                ps.setString(1, customerId);
                ps.setInt(2, page.limit() + 1);
                ps.setInt(3, page.offset());
                List<ServiceCase> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(serviceCase(rs));
                    }
                }
                return Pages.of(items, page);
            }
        });
    }

    @Override
    public ServiceCase update(String caseId, long expectedVersion, CaseDraft draft) {
        CaseDraft d = rules.serviceCase(draft);
        Instant now = clock.instant();
        return db.write("updating case " + caseId, c -> {
            // closed_at: set when it leaves the open states, kept while it stays closed, cleared on reopening.
            try (PreparedStatement ps = c.prepareStatement("UPDATE service_case SET subject = ?, description = ?, status = ?,"
                    + " is_open = ?, priority = ?, priority_rank = ?, owner_agent_id = ?,"
                    + " closed_at = CASE WHEN ? THEN NULL ELSE COALESCE(closed_at, ?) END,"
                    + " version = version + 1, updated_at = ? WHERE id = ? AND version = ?")) {
                ps.setString(1, d.subject());
                ps.setString(2, d.description());
                ps.setString(3, d.status().name());
                ps.setBoolean(4, d.status().isOpen());
                ps.setString(5, d.priority().name());
                ps.setInt(6, d.priority().ordinal());
                ps.setString(7, d.ownerAgentId());
                ps.setBoolean(8, d.status().isOpen());
                Sql.setTime(ps, 9, now);
                Sql.setTime(ps, 10, now);
                ps.setString(11, caseId);
                ps.setLong(12, expectedVersion);
                Sql.requireChanged(ps.executeUpdate(), c, "service_case", "case", caseId, expectedVersion);
            }
            return read(c, caseId).orElseThrow();
        });
    }

    @Override
    public void delete(String caseId, long expectedVersion) {
        db.write("deleting case " + caseId, c -> {
            Sql.deleteVersioned(c, "service_case", "case", caseId, expectedVersion);
            return null;
        });
    }

    private static Optional<ServiceCase> read(Connection c, String caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM service_case WHERE id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(serviceCase(rs)) : Optional.empty();
            }
        }
    }

    private static ServiceCase serviceCase(ResultSet rs) throws SQLException {
        return new ServiceCase(rs.getString("id"), rs.getString("customer_id"), rs.getString("subject"),
                rs.getString("description"), CaseStatus.valueOf(rs.getString("status")),
                CasePriority.valueOf(rs.getString("priority")), rs.getString("owner_agent_id"), Sql.time(rs, "opened_at"),
                Sql.time(rs, "closed_at"), rs.getLong("version"), Sql.time(rs, "updated_at"));
    }
}
