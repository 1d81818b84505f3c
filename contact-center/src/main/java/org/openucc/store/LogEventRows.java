package org.openucc.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openucc.log.InteractionOutcome;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.SummaryState;

/** Maps interaction-log events and CDR rows to and from JDBC; details are a JSON object in a text column. */
final class LogEventRows {
    static final String EVENT_COLUMNS = "id, occurred_at, event_type, interaction_id, agent_id, queue_id, customer_id, actor, details";
    static final String SUMMARY_COLUMNS = "interaction_id, channel, direction, customer_id, queue_id, agent_id, arrived_at,"
            + " queued_at, answered_at, ended_at, wait_ms, talk_ms, hold_ms, wrap_up_ms, offers, transfers, outcome,"
            + " end_cause, disposition, recording_path, last_event_id, hold_started_at, wrap_up_started_at";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private LogEventRows() {
    }

    static String json(Map<String, Object> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event details cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An event's details from their stored JSON text (null or empty: none). */
    static Map<String, Object> details(String text) throws JsonProcessingException {
        return text == null || text.isEmpty() ? Map.of() : JSON.readValue(text, MAP);
    }

    static LogEvent event(ResultSet rs) throws SQLException {
        Map<String, Object> details;
        try {
            details = details(rs.getString("details"));
        } catch (JsonProcessingException e) {
            throw new SQLException("event " + rs.getLong("id") + " has unreadable details: " + e.getOriginalMessage(), e);
        }
        return new LogEvent(rs.getLong("id"), Sql.time(rs, "occurred_at"), LogEventType.valueOf(rs.getString("event_type")),
                rs.getString("interaction_id"), rs.getString("agent_id"), rs.getString("queue_id"),
                rs.getString("customer_id"), rs.getString("actor"), details);
    }

    static InteractionSummary summary(ResultSet rs) throws SQLException {
        return new InteractionSummary(rs.getString("interaction_id"), rs.getString("channel"), rs.getString("direction"),
                rs.getString("customer_id"), rs.getString("queue_id"), rs.getString("agent_id"), Sql.time(rs, "arrived_at"),
                Sql.time(rs, "queued_at"), Sql.time(rs, "answered_at"), Sql.time(rs, "ended_at"), rs.getLong("wait_ms"),
                rs.getLong("talk_ms"), rs.getLong("hold_ms"), rs.getLong("wrap_up_ms"), rs.getInt("offers"),
                rs.getInt("transfers"), InteractionOutcome.valueOf(rs.getString("outcome")), rs.getString("end_cause"),
                rs.getString("disposition"), rs.getString("recording_path"), rs.getLong("last_event_id"));
    }

    static Optional<SummaryState> state(Connection c, String interactionId) throws SQLException {
        return state(c, interactionId, "");
    }

    /** The row read for an update in this transaction: another writer's update of it waits until this one commits. */
    static Optional<SummaryState> lockedState(Connection c, String interactionId) throws SQLException {
        return state(c, interactionId, " FOR UPDATE");
    }

    private static Optional<SummaryState> state(Connection c, String interactionId, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY_COLUMNS
                + " FROM interaction_summary WHERE interaction_id = ?" + lock)) {
            ps.setString(1, interactionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SummaryState(summary(rs), Sql.time(rs, "hold_started_at"),
                        Sql.time(rs, "wrap_up_started_at")));
            }
        }
    }

    /** Writes the state: UPDATE, or INSERT if it is new (a duplicate key if another writer inserted it first). */
    static void save(Connection c, SummaryState state, boolean exists) throws SQLException {
        String sql = exists
                ? "UPDATE interaction_summary SET channel = ?, direction = ?, customer_id = ?, queue_id = ?, agent_id = ?,"
                + " arrived_at = ?, queued_at = ?, answered_at = ?, ended_at = ?, wait_ms = ?, talk_ms = ?, hold_ms = ?,"
                + " wrap_up_ms = ?, offers = ?, transfers = ?, outcome = ?, end_cause = ?, disposition = ?,"
                + " recording_path = ?, last_event_id = ?, hold_started_at = ?, wrap_up_started_at = ?"
                + " WHERE interaction_id = ?"
                : "INSERT INTO interaction_summary (channel, direction, customer_id, queue_id, agent_id, arrived_at,"
                + " queued_at, answered_at, ended_at, wait_ms, talk_ms, hold_ms, wrap_up_ms, offers, transfers, outcome,"
                + " end_cause, disposition, recording_path, last_event_id, hold_started_at, wrap_up_started_at,"
                + " interaction_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        InteractionSummary s = state.summary();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, s.channel());
            ps.setString(2, s.direction());
            ps.setString(3, s.customerId());
            ps.setString(4, s.queueId());
            ps.setString(5, s.agentId());
            Sql.setTime(ps, 6, s.arrivedAt());
            Sql.setTime(ps, 7, s.queuedAt());
            Sql.setTime(ps, 8, s.answeredAt());
            Sql.setTime(ps, 9, s.endedAt());
            ps.setLong(10, s.waitMillis());
            ps.setLong(11, s.talkMillis());
            ps.setLong(12, s.holdMillis());
            ps.setLong(13, s.wrapUpMillis());
            ps.setInt(14, s.offers());
            ps.setInt(15, s.transfers());
            ps.setString(16, s.outcome().name());
            ps.setString(17, truncate(s.endCause(), 500));
            ps.setString(18, truncate(s.disposition(), 100));
            ps.setString(19, truncate(s.recordingPath(), 1000));
            ps.setLong(20, s.lastEventId());
            Sql.setTime(ps, 21, state.holdStartedAt());
            Sql.setTime(ps, 22, state.wrapUpStartedAt());
            ps.setString(23, s.interactionId());
            ps.executeUpdate();
        }
    }

    /**
     * Whether the two states are the same row as stored, {@code last_event_id} aside: a fold of events that only add
     * to the timeline (IVR steps, chat messages, monitoring, an offer accepted) leaves the CDR as it was, and its row
     * is then not written again (in H2 an UPDATE rewrites the row in every one of the table's indexes).
     */
    static boolean sameRow(SummaryState a, SummaryState b) {
        InteractionSummary x = a.summary();
        InteractionSummary y = b.summary();
        return x.interactionId().equals(y.interactionId()) && Objects.equals(x.channel(), y.channel())
                && Objects.equals(x.direction(), y.direction()) && Objects.equals(x.customerId(), y.customerId())
                && Objects.equals(x.queueId(), y.queueId()) && Objects.equals(x.agentId(), y.agentId())
                && Objects.equals(x.arrivedAt(), y.arrivedAt()) && Objects.equals(x.queuedAt(), y.queuedAt())
                && Objects.equals(x.answeredAt(), y.answeredAt()) && Objects.equals(x.endedAt(), y.endedAt())
                && x.waitMillis() == y.waitMillis() && x.talkMillis() == y.talkMillis()
                && x.holdMillis() == y.holdMillis() && x.wrapUpMillis() == y.wrapUpMillis()
                && x.offers() == y.offers() && x.transfers() == y.transfers() && x.outcome() == y.outcome()
                && Objects.equals(truncate(x.endCause(), 500), truncate(y.endCause(), 500))
                && Objects.equals(truncate(x.disposition(), 100), truncate(y.disposition(), 100))
                && Objects.equals(truncate(x.recordingPath(), 1000), truncate(y.recordingPath(), 1000))
                && Objects.equals(a.holdStartedAt(), b.holdStartedAt())
                && Objects.equals(a.wrapUpStartedAt(), b.wrapUpStartedAt());
    }

    /** A CDR column is a summary; the event keeps the full text. */
    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static void setNullableString(PreparedStatement ps, int i, String value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, value);
        }
    }
}
