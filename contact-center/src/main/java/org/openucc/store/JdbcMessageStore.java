package org.openucc.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage;
import org.openucc.message.TranscriptMessage.Attachment;
import org.openucc.message.TranscriptMessage.MailHeaders;

/** {@link MessageStore} over JDBC (tables {@code channel_message}, migrations V30, V54, and {@code message_file}, V60). */
public final class JdbcMessageStore implements MessageStore {
    private static final String COLUMNS = "id, interaction_id, channel, customer_id, direction, author, body, html,"
            + " subject, mail_id, in_reply_to, mail_refs, mail_from, mail_to, attachments, created_at, internal, from_supervisor";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Attachment>> ATTACHMENTS = new TypeReference<>() { };

    private final Database db;

    public JdbcMessageStore(Database db) {
        this.db = db;
    }

    @Override
    public TranscriptMessage add(TranscriptMessage m) {
        return db.write("storing message " + m.id() + " of interaction " + m.interactionId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_message (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                MailHeaders h = m.mail();
                ps.setString(1, m.id());
                ps.setString(2, m.interactionId());
                ps.setString(3, m.channel());
                ps.setString(4, m.customerId());
                ps.setString(5, m.direction().name());
                ps.setString(6, m.author());
                ps.setString(7, m.body());
                ps.setString(8, m.html());
                ps.setString(9, h == null ? null : h.subject());
                ps.setString(10, h == null ? null : h.messageId());
                ps.setString(11, h == null ? null : h.inReplyTo());
                ps.setString(12, h == null || h.references().isEmpty() ? null : String.join(" ", h.references()));
                ps.setString(13, h == null ? null : h.from());
                ps.setString(14, h == null || h.to().isEmpty() ? null : String.join(", ", h.to()));
                ps.setString(15, json(m.attachments()));
                Sql.setTime(ps, 16, m.at());
                ps.setBoolean(17, m.internal());
                ps.setBoolean(18, m.fromSupervisor());
                ps.executeUpdate();
            }
            return m;
        });
    }

    @Override
    public List<TranscriptMessage> transcript(String interactionId) {
        return db.read("reading the transcript of " + interactionId, c -> list(c, "SELECT " + COLUMNS
                + " FROM channel_message WHERE interaction_id = ? ORDER BY seq", interactionId));
    }

    @Override
    public Optional<TranscriptMessage> byMailId(String messageId) {
        return db.read("finding message " + messageId, c -> list(c, "SELECT " + COLUMNS
                + " FROM channel_message WHERE mail_id = ? ORDER BY seq", messageId)).stream().findFirst();
    }

    @Override
    public List<TranscriptMessage> search(String text, String customerId, String agentId, int limit) {
        String pattern = "%" + Sql.prefixPattern(text.toLowerCase(java.util.Locale.ROOT));
        return db.read("searching messages", c -> {
            String sql = "SELECT " + COLUMNS + " FROM channel_message WHERE (LOWER(body) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(subject) LIKE ? ESCAPE '\\')" + (customerId == null ? "" : " AND customer_id = ?")
                    + (agentId == null ? "" : " AND interaction_id IN (SELECT interaction_id FROM interaction_event"
                            + " WHERE agent_id = ?)")
                    + " ORDER BY seq DESC LIMIT " + Math.max(1, Math.min(limit, 500));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 0;
                ps.setString(++i, pattern);
                ps.setString(++i, pattern);
                if (customerId != null) {
                    ps.setString(++i, customerId);
                }
                if (agentId != null) {
                    ps.setString(++i, agentId);
                }
                return read(ps);
            }
        });
    }

    @Override
    public void assignCustomer(String interactionId, String customerId) {
        db.write("assigning customer " + customerId + " to the messages of " + interactionId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE channel_message SET customer_id = ? WHERE interaction_id = ? AND customer_id IS NULL")) {
                ps.setString(1, customerId);
                ps.setString(2, interactionId);
                return ps.executeUpdate();
            }
        });
    }

    private static List<TranscriptMessage> list(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            return read(ps);
        }
    }

    private static List<TranscriptMessage> read(PreparedStatement ps) throws SQLException {
        List<TranscriptMessage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String subject = rs.getString("subject");
                String mailId = rs.getString("mail_id");
                String from = rs.getString("mail_from");
                MailHeaders h = subject == null && mailId == null && from == null ? null
                        : new MailHeaders(subject, mailId, rs.getString("in_reply_to"),
                                split(rs.getString("mail_refs"), " "), from, split(rs.getString("mail_to"), ", "));
                out.add(new TranscriptMessage(rs.getString("id"), rs.getString("interaction_id"),
                        rs.getString("channel"), rs.getString("customer_id"),
                        TranscriptMessage.Direction.valueOf(rs.getString("direction")), rs.getString("author"),
                        rs.getString("body"), rs.getString("html"), h, attachments(rs.getString("attachments")),
                        Sql.time(rs, "created_at"), rs.getBoolean("internal"), rs.getBoolean("from_supervisor")));
            }
        }
        return out;
    }

    private static List<String> split(String s, String separator) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(separator)).filter(x -> !x.isBlank()).toList();
    }

    private static String json(List<Attachment> attachments) {
        try {
            return JSON.writeValueAsString(attachments);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("attachments cannot be written as JSON", e);
        }
    }

    private static List<Attachment> attachments(String json) {
        try {
            return JSON.readValue(json, ATTACHMENTS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("a message's attachment list is not valid JSON", e);
        }
    }

    @Override
    public void keepFile(String path, String interactionId, byte[] content, Instant at) {
        db.write("keeping file " + path + " of interaction " + interactionId, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM message_file WHERE path = ?");
                 PreparedStatement ps = c.prepareStatement(
                         "INSERT INTO message_file (path, interaction_id, content, created_at) VALUES (?, ?, ?, ?)")) {
                del.setString(1, path);
                del.executeUpdate();
                ps.setString(1, path);
                ps.setString(2, interactionId);
                ps.setBytes(3, content);
                Sql.setTime(ps, 4, at);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<byte[]> file(String path) {
        return db.read("reading file " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM message_file WHERE path = ?")) {
                ps.setString(1, path);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public void discardFile(String path) {
        db.write("discarding file " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM message_file WHERE path = ?")) {
                ps.setString(1, path);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int deleteFilesBefore(Instant cutoff) {
        return db.write("deleting files kept before " + cutoff, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM message_file WHERE created_at < ?")) {
                Sql.setTime(ps, 1, cutoff);
                return ps.executeUpdate();
            }
        });
    }
}
