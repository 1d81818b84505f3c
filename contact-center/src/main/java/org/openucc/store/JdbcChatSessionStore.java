package org.openucc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.time.Instant;
import org.openucc.chat.ChatSessionStore;
import org.openucc.chat.PreChat;

/**
 * {@link ChatSessionStore} over JDBC (table {@code chat_session}, migrations V40 and V58: {@code node_id}, the cluster
 * node that carries the chat).
 */
public final class JdbcChatSessionStore implements ChatSessionStore {
    private static final String COLUMNS = "interaction_id, token_hash, name, email, phone, topic, pages, current_page,"
            + " verified, queue_id, client_address, customer_id, started_at";
    private final Database db;
    /** The node whose chats this store saves; null on a single node. */
    private final String nodeId;

    public JdbcChatSessionStore(Database db) {
        this(db, null);
    }

    /** @param nodeId the cluster node whose chats are saved here (null: a single node) */
    public JdbcChatSessionStore(Database db, String nodeId) {
        this.db = db;
        this.nodeId = nodeId;
    }

    @Override
    public void save(StoredChat chat) {
        db.write("saving chat " + chat.interactionId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_session (" + COLUMNS
                    + ", node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                PreChat f = chat.form();
                ps.setString(1, chat.interactionId());
                ps.setString(2, chat.tokenHash());
                ps.setString(3, f.name());
                ps.setString(4, f.email());
                ps.setString(5, f.phone());
                ps.setString(6, f.topic());
                ps.setString(7, f.pages().isEmpty() ? null : String.join("\n", f.pages()));
                ps.setString(8, f.currentPage());
                ps.setBoolean(9, f.verified());
                ps.setString(10, chat.queueId());
                ps.setString(11, chat.clientAddress());
                ps.setString(12, chat.customerId());
                Sql.setTime(ps, 13, chat.startedAt());
                ps.setString(14, nodeId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void ended(String interactionId, Instant at) {
        db.write("ending chat " + interactionId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE chat_session SET ended_at = ? WHERE interaction_id = ? AND ended_at IS NULL")) {
                Sql.setTime(ps, 1, at);
                ps.setString(2, interactionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<StoredChat> open() {
        return openCarried().stream().map(Carried::chat).toList();
    }

    @Override
    public List<Carried> openCarried() {
        return db.read("reading open chats", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + ", node_id FROM chat_session WHERE ended_at IS NULL ORDER BY started_at, interaction_id")) {
                List<Carried> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(carried(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Carried byTokenHash(String tokenHash) {
        return db.read("finding a chat by its token", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + ", node_id FROM chat_session WHERE token_hash = ? AND ended_at IS NULL")) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? carried(rs) : null;
                }
            }
        });
    }

    @Override
    public String carrier(String interactionId) {
        return db.read("finding the node of chat " + interactionId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT node_id FROM chat_session WHERE interaction_id = ? AND ended_at IS NULL")) {
                ps.setString(1, interactionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Override
    public boolean move(String interactionId, String from, String to) {
        return db.write("moving chat " + interactionId + " to node " + to, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE chat_session SET node_id = ? WHERE interaction_id = ?"
                    + " AND ended_at IS NULL AND " + (from == null ? "node_id IS NULL" : "node_id = ?"))) {
                ps.setString(1, to);
                ps.setString(2, interactionId);
                if (from != null) {
                    ps.setString(3, from);
                }
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Carried carried(ResultSet rs) throws java.sql.SQLException {
        String pages = rs.getString("pages");
        PreChat form = new PreChat(rs.getString("name"), rs.getString("email"), rs.getString("phone"),
                rs.getString("topic"), pages == null ? List.of() : Arrays.asList(pages.split("\n")),
                rs.getString("current_page"), rs.getBoolean("verified"));
        return new Carried(new StoredChat(rs.getString("interaction_id"), rs.getString("token_hash"), form,
                rs.getString("queue_id"), rs.getString("client_address"), rs.getString("customer_id"),
                Sql.time(rs, "started_at")), rs.getString("node_id"));
    }
}
