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
import org.openucc.crm.CrmRules;
import org.openucc.crm.FollowUpTask;
import org.openucc.crm.Ids;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;
import org.openucc.crm.TaskDraft;
import org.openucc.crm.TaskStatus;
import org.openucc.crm.TaskStore;

/** {@link TaskStore} over JDBC. */
public final class JdbcTaskStore implements TaskStore {
    private static final String COLUMNS = "id, customer_id, subject, due_at, owner_agent_id, status, version, created_at,"
            + " updated_at, interaction_id";
    // Portable "nulls last": H2 and PostgreSQL disagree on where NULL sorts by default.
    private static final String DUE_ORDER = " ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id";

    private final Database db;
    private final CrmRules rules;
    private final Ids ids;
    private final InstantSource clock;

    public JdbcTaskStore(Database db, CrmRules rules, InstantSource clock) {
        this.db = db;
        this.rules = rules;
        this.ids = new Ids(clock);
        this.clock = clock;
    }

    @Override
    public FollowUpTask add(String customerId, TaskDraft draft) {
        java.util.Objects.requireNonNull(customerId, "customer id");
        return insert(customerId, null, draft);
    }

    @Override
    public FollowUpTask addFromInteraction(String interactionId, String customerId, TaskDraft draft) {
        java.util.Objects.requireNonNull(interactionId, "interaction id");
        return insert(customerId, interactionId, draft);
    }

    private FollowUpTask insert(String customerId, String interactionId, TaskDraft draft) {
        TaskDraft d = rules.task(draft);
        String id = ids.next("tsk");
        Instant now = clock.instant();
        String what = customerId != null ? "adding task to customer " + customerId
                : "adding unassigned task from interaction " + interactionId;
        return db.write(what, c -> {
            if (customerId != null) {
                Sql.requireExists(c, "customer", "customer", customerId);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO follow_up_task (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, customerId);
                ps.setString(3, d.subject());
                Sql.setTime(ps, 4, d.due());
                ps.setString(5, d.ownerAgentId());
                ps.setString(6, d.status().name());
                Sql.setTime(ps, 7, now);
                Sql.setTime(ps, 8, now);
                ps.setString(9, interactionId);
                ps.executeUpdate();
            }
            return new FollowUpTask(id, customerId, d.subject(), d.due(), d.ownerAgentId(), d.status(), 1, now, now,
                    interactionId);
        });
    }

    @Override
    public Page<FollowUpTask> unassigned(boolean openOnly, PageRequest page) {
        return db.read("reading unassigned tasks", c -> page(c, "customer_id IS NULL", null, openOnly, page));
    }

    @Override
    public Optional<FollowUpTask> find(String taskId) {
        return db.read("reading task " + taskId, c -> read(c, taskId));
    }

    @Override
    public Page<FollowUpTask> tasks(String customerId, boolean openOnly, PageRequest page) {
        return db.read("reading tasks of customer " + customerId, c -> {
            Sql.requireExists(c, "customer", "customer", customerId);
            return page(c, "customer_id = ?", customerId, openOnly, page);
        });
    }

    @Override
    public Page<FollowUpTask> tasksOwnedBy(String agentId, boolean openOnly, PageRequest page) {
        return db.read("reading tasks of agent " + agentId, c -> page(c, "owner_agent_id = ?", agentId, openOnly, page));
    }

    /** @param condition a fixed SQL condition with at most one parameter, {@code value} (null: none) */
    private static Page<FollowUpTask> page(Connection c, String condition, String value, boolean openOnly,
                                           PageRequest page) throws SQLException {
        String status = openOnly ? " AND status = '" + TaskStatus.OPEN.name() + "'" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM follow_up_task WHERE " + condition
                + status + DUE_ORDER + " LIMIT ? OFFSET ?")) {
            int i = 1;
            if (value != null) {
                ps.setString(i++, value);
            }
            ps.setInt(i++, page.limit() + 1);
            ps.setInt(i, page.offset());
            List<FollowUpTask> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(task(rs));
                }
            }
            return Pages.of(items, page);
        }
    }

    @Override
    public FollowUpTask update(String taskId, long expectedVersion, TaskDraft draft) {
        TaskDraft d = rules.task(draft);
        return db.write("updating task " + taskId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE follow_up_task SET subject = ?, due_at = ?,"
                    + " owner_agent_id = ?, status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")) {
                ps.setString(1, d.subject());
                Sql.setTime(ps, 2, d.due());
                ps.setString(3, d.ownerAgentId());
                ps.setString(4, d.status().name());
                Sql.setTime(ps, 5, clock.instant());
                ps.setString(6, taskId);
                ps.setLong(7, expectedVersion);
                Sql.requireChanged(ps.executeUpdate(), c, "follow_up_task", "task", taskId, expectedVersion);
            }
            return read(c, taskId).orElseThrow();
        });
    }

    @Override
    public void delete(String taskId, long expectedVersion) {
        db.write("deleting task " + taskId, c -> {
            Sql.deleteVersioned(c, "follow_up_task", "task", taskId, expectedVersion);
            return null;
        });
    }

    private static Optional<FollowUpTask> read(Connection c, String taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM follow_up_task WHERE id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(task(rs)) : Optional.empty();
            }
        }
    }

    private static FollowUpTask task(ResultSet rs) throws SQLException {
        return new FollowUpTask(rs.getString("id"), rs.getString("customer_id"), rs.getString("subject"),
                Sql.time(rs, "due_at"), rs.getString("owner_agent_id"), TaskStatus.valueOf(rs.getString("status")),
                rs.getLong("version"), Sql.time(rs, "created_at"), Sql.time(rs, "updated_at"),
                rs.getString("interaction_id"));
    }
}
