package org.openucc.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.openucc.store.Database;
import org.openucc.store.LogFence;

/**
 * Who owns the ACD engine, in the shared store ({@code cluster_engine_lease}, one row): an epoch that only grows and
 * the owner's node id. Taking the engine over raises the epoch under a row lock; the owner's every interaction-log
 * commit first checks, in its own transaction, that the epoch is still its own ({@link #fence}). So two nodes can
 * never both have a decision acknowledged: once a node took over, the old owner's next commit fails.
 */
final class EngineLease {
    /** The lease as read. */
    record Holder(long epoch, String nodeId, Instant renewedAt) {
    }

    /** Thrown by the fence: another node owns the engine now (this node's commit is rolled back). */
    static final class FencedOut extends IllegalStateException {
        FencedOut(String message) {
            super(message);
        }
    }

    private final Database db;
    private final String nodeId;

    EngineLease(Database db, String nodeId) {
        this.db = db;
        this.nodeId = nodeId;
    }

    Holder read() {
        return db.read("reading the engine lease", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT epoch, node_id, renewed_at FROM cluster_engine_lease WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("cluster_engine_lease has no row (migration V56 not applied?)");
                }
                Timestamp at = rs.getTimestamp(3);
                return new Holder(rs.getLong(1), rs.getString(2), at == null ? null : at.toInstant());
            }
        });
    }

    /**
     * Takes the engine when nobody holds it, it is this node's own old lease (this node restarted), or its holder is
     * not a live member and has not renewed the lease for {@code stale} (by the database's clock). Both must hold:
     * when the members cannot see each other (a network split, or a node too loaded to answer heartbeats), the
     * holder still renews its lease through the database, and the other side must not take the engine from it.
     * Returns the new epoch, or empty.
     */
    OptionalLong tryTakeOver(Predicate<String> liveMember, java.time.Duration stale) {
        return db.write("taking over the engine lease", c -> {
            long epoch;
            String holder;
            boolean renewedLately;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT epoch, node_id, renewed_at, CURRENT_TIMESTAMP FROM cluster_engine_lease WHERE id = 1 FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("cluster_engine_lease has no row (migration V56 not applied?)");
                }
                epoch = rs.getLong(1);
                holder = rs.getString(2);
                Timestamp renewed = rs.getTimestamp(3);
                Timestamp now = rs.getTimestamp(4);
                renewedLately = renewed != null && now.getTime() - renewed.getTime() < stale.toMillis();
            }
            if (holder != null && !holder.equals(nodeId) && (liveMember.test(holder) || renewedLately)) {
                return OptionalLong.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE cluster_engine_lease SET epoch = ?, node_id = ?,"
                    + " renewed_at = CURRENT_TIMESTAMP WHERE id = 1 AND epoch = ?")) {
                ps.setLong(1, epoch + 1);
                ps.setString(2, nodeId);
                ps.setLong(3, epoch);
                if (ps.executeUpdate() != 1) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.of(epoch + 1);
        });
    }

    /** The check each of the owner's log commits runs first: throws {@link FencedOut} once the epoch moved on. */
    LogFence fence(long epoch, Runnable whenFencedOut) {
        return c -> {
            if (!renew(c, epoch)) {
                whenFencedOut.run();
                throw new FencedOut("node " + nodeId + " no longer owns the ACD engine (its epoch " + epoch
                        + " was taken over); nothing was stored");
            }
        };
    }

    /** Gives the lease up on a clean stop, so another node need not wait for it to go stale. */
    void release(long epoch) {
        db.write("releasing the engine lease", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE cluster_engine_lease SET node_id = NULL WHERE id = 1 AND epoch = ? AND node_id = ?")) {
                ps.setLong(1, epoch);
                ps.setString(2, nodeId);
                return ps.executeUpdate();
            }
        });
    }

    /** Renews the lease outside a log commit (idle owner); false once another node took over. */
    boolean renew(long epoch) {
        return db.write("renewing the engine lease", c -> renew(c, epoch));
    }

    private boolean renew(Connection c, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE cluster_engine_lease SET renewed_at = CURRENT_TIMESTAMP WHERE id = 1 AND epoch = ? AND node_id = ?")) {
            ps.setLong(1, epoch);
            ps.setString(2, nodeId);
            return ps.executeUpdate() == 1;
        }
    }
}
