package org.openucc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.time.Instant;
import org.openucc.chat.ChatSessionStore;
import org.openucc.chat.PreChat;

/** {@link ChatSessionStore} over JDBC (table {@code chat_session}, migration V40). */
public final class JdbcChatSessionStore implements ChatSessionStore {
    private static final String COLUMNS = "interaction_id, token_hash, name, email, phone, topic, pages, current_page,"
            + " verified, queue_id, client_address, customer_id, started_at";
    private final Database db;

    public JdbcChatSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(StoredChat chat) {
        db.write("saving chat " + chat.interactionId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_session (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
        return db.read("reading open chats", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM chat_session WHERE ended_at IS NULL ORDER BY started_at, interaction_id")) {
                List<StoredChat> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String pages = rs.getString("pages");
                        PreChat form = new PreChat(rs.getString("name"), rs.getString("email"), rs.getString("phone"),
                                rs.getString("topic"), pages == null ? List.of() : Arrays.asList(pages.split("\n")),
                                rs.getString("current_page"), rs.getBoolean("verified"));
                        out.add(new StoredChat(rs.getString("interaction_id"), rs.getString("token_hash"), form,
                                rs.getString("queue_id"), rs.getString("client_address"), rs.getString("customer_id"),
                                Sql.time(rs, "started_at")));
                    }
                }
                return out;
            }
        });
    }
}
