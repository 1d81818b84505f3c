package org.openucc.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openucc.crm.ConflictException;
import org.openucc.crm.NotFoundException;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;
import org.openucc.outbound.AmdMode;
import org.openucc.outbound.CallingWindow;
import org.openucc.outbound.Campaign;
import org.openucc.outbound.CampaignDraft;
import org.openucc.outbound.CampaignRecord;
import org.openucc.outbound.CampaignState;
import org.openucc.outbound.CampaignStore;
import org.openucc.outbound.Consent;
import org.openucc.outbound.DialingMode;
import org.openucc.outbound.RetrySchedule;

/** {@link CampaignStore} over JDBC (tables {@code campaign} and {@code campaign_record}, migration V50). */
public final class JdbcCampaignStore implements CampaignStore {
    private static final String CAMPAIGN_COLUMNS = "id, name, queue_id, mode, state, caller_id, ring_timeout_s,"
            + " abandon_limit_pct, max_attempts, retry_minutes, final_outcomes, window_from, window_to, window_days,"
            + " amd_mode, amd_prompt_id, identification_prompt_id, require_consent, version, created_at, updated_at";
    private static final String RECORD_COLUMNS = "id, campaign_id, phone_as_given, phone, zones, customer_id, name,"
            + " fields, state, attempts, next_attempt_at, last_outcome, reason, detail, consent_source, consent_at,"
            + " line, created_at, updated_at";
    private static final int BATCH = 1000;
    /** Numbers per IN list. */
    private static final int IN_CHUNK = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private final Database db;

    public JdbcCampaignStore(Database db) {
        this.db = db;
    }

    // ------------------------------------------------------------------ campaigns

    @Override
    public void insert(Campaign c) {
        db.write("storing campaign " + c.id(), conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO campaign (" + CAMPAIGN_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, c.id());
                int i = settings(ps, 2, c);
                ps.setLong(i++, c.version());
                Sql.setTime(ps, i++, c.createdAt());
                Sql.setTime(ps, i, c.updatedAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Sets name … require_consent from {@code index} on; returns the next index. */
    private static int settings(PreparedStatement ps, int index, Campaign c) throws SQLException {
        CampaignDraft s = c.settings();
        int i = index;
        ps.setString(i++, s.name());
        ps.setString(i++, s.queueId());
        ps.setString(i++, s.mode().name());
        ps.setString(i++, c.state().name());
        ps.setString(i++, s.callerId());
        ps.setInt(i++, s.ringTimeoutSeconds());
        ps.setDouble(i++, s.abandonLimitPercent());
        ps.setInt(i++, s.maxAttempts());
        ps.setString(i++, s.retrySchedule().retryMinutes().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";")));
        ps.setString(i++, String.join(";", s.retrySchedule().finalOutcomes()));
        ps.setString(i++, s.window().from().toString());
        ps.setString(i++, s.window().to().toString());
        ps.setString(i++, EnumSet.copyOf(s.window().days()).stream().map(Enum::name).collect(Collectors.joining(",")));
        ps.setString(i++, s.amdMode().name());
        ps.setString(i++, s.amdMessagePromptId());
        ps.setString(i++, s.identificationPromptId());
        ps.setBoolean(i++, s.requireConsent());
        return i;
    }

    @Override
    public Optional<Campaign> find(String campaignId) {
        return db.read("reading campaign " + campaignId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CAMPAIGN_COLUMNS + " FROM campaign WHERE id = ?")) {
                ps.setString(1, campaignId);
                return campaigns(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<Campaign> list() {
        return db.read("listing campaigns", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CAMPAIGN_COLUMNS
                    + " FROM campaign ORDER BY created_at, id")) {
                return campaigns(ps);
            }
        });
    }

    @Override
    public void replace(Campaign c, CampaignState expectedState) {
        db.write("changing campaign " + c.id(), conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE campaign SET name = ?, queue_id = ?, mode = ?,"
                    + " state = ?, caller_id = ?, ring_timeout_s = ?, abandon_limit_pct = ?, max_attempts = ?,"
                    + " retry_minutes = ?, final_outcomes = ?, window_from = ?, window_to = ?, window_days = ?,"
                    + " amd_mode = ?, amd_prompt_id = ?, identification_prompt_id = ?, require_consent = ?, version = ?,"
                    + " updated_at = ? WHERE id = ? AND version = ? AND state = ?")) {
                int i = settings(ps, 1, c);
                ps.setLong(i++, c.version());
                Sql.setTime(ps, i++, c.updatedAt());
                ps.setString(i++, c.id());
                ps.setLong(i++, c.version() - 1);
                ps.setString(i, expectedState.name());
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            long current = Sql.version(conn, "campaign", c.id()).orElseThrow(() -> new NotFoundException("campaign",
                    c.id()));
            throw ConflictException.staleVersion("campaign", c.id(), c.version() - 1, current);
        });
    }

    private static List<Campaign> campaigns(PreparedStatement ps) throws SQLException {
        List<Campaign> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Integer> retry = new TreeMap<>();
                for (String kv : rs.getString("retry_minutes").split(";")) {
                    int eq = kv.lastIndexOf('=');
                    if (eq > 0) {
                        retry.put(kv.substring(0, eq), Integer.parseInt(kv.substring(eq + 1)));
                    }
                }
                Set<String> finals = new HashSet<>();
                for (String o : rs.getString("final_outcomes").split(";")) {
                    if (!o.isEmpty()) {
                        finals.add(o);
                    }
                }
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                Arrays.stream(rs.getString("window_days").split(",")).filter(d -> !d.isEmpty())
                        .forEach(d -> days.add(DayOfWeek.valueOf(d)));
                CampaignDraft s = new CampaignDraft(rs.getString("name"), rs.getString("queue_id"),
                        DialingMode.valueOf(rs.getString("mode")), rs.getString("caller_id"),
                        rs.getInt("ring_timeout_s"), rs.getDouble("abandon_limit_pct"), rs.getInt("max_attempts"),
                        new RetrySchedule(retry, finals), new CallingWindow(LocalTime.parse(rs.getString("window_from")),
                        LocalTime.parse(rs.getString("window_to")), days), AmdMode.valueOf(rs.getString("amd_mode")),
                        rs.getString("amd_prompt_id"), rs.getString("identification_prompt_id"),
                        rs.getBoolean("require_consent"));
                out.add(new Campaign(rs.getString("id"), s, CampaignState.valueOf(rs.getString("state")),
                        rs.getLong("version"), Sql.time(rs, "created_at"), Sql.time(rs, "updated_at")));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ records

    @Override
    public Set<String> phones(String campaignId) {
        return db.read("reading the numbers of campaign " + campaignId, c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT phone FROM campaign_record WHERE campaign_id = ?"
                    + " AND phone IS NOT NULL")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void addRecords(List<CampaignRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        db.write("adding " + records.size() + " records to campaign " + records.get(0).campaignId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_record (" + RECORD_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (CampaignRecord r : records) {
                    ps.setString(1, r.id());
                    ps.setString(2, r.campaignId());
                    ps.setString(3, r.phoneAsGiven());
                    ps.setString(4, r.phone());
                    ps.setString(5, r.zones());
                    ps.setString(6, r.customerId());
                    ps.setString(7, r.name());
                    ps.setString(8, r.fields().isEmpty() ? null : json(r.fields()));
                    ps.setString(9, r.state().name());
                    ps.setInt(10, r.attempts());
                    Sql.setTime(ps, 11, r.nextAttemptAt());
                    ps.setString(12, r.lastOutcome());
                    ps.setString(13, r.reason());
                    ps.setString(14, r.detail());
                    ps.setString(15, r.consent() == null ? null : r.consent().source());
                    Sql.setTime(ps, 16, r.consent() == null ? null : r.consent().givenAt());
                    ps.setLong(17, r.line());
                    Sql.setTime(ps, 18, r.createdAt());
                    Sql.setTime(ps, 19, r.updatedAt());
                    ps.addBatch();
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<CampaignRecord> record(String recordId) {
        return db.read("reading campaign record " + recordId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS
                    + " FROM campaign_record WHERE id = ?")) {
                ps.setString(1, recordId);
                return records(ps).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<String> callbackAgent(String recordId) {
        return db.read("reading the callback agent of campaign record " + recordId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT callback_agent FROM campaign_record WHERE id = ?")) {
                ps.setString(1, recordId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void callbackAgent(String recordId, String agentId) {
        db.write("storing the callback agent of campaign record " + recordId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_record SET callback_agent = ? WHERE id = ?")) {
                ps.setString(1, agentId);
                ps.setString(2, recordId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Page<CampaignRecord> records(String campaignId, Set<CampaignRecord.State> states, PageRequest page) {
        return db.read("listing records of campaign " + campaignId, c -> {
            String in = states.isEmpty() ? "" : " AND state IN (" + String.join(", ",
                    states.stream().map(s -> "?").toList()) + ")";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM campaign_record"
                    + " WHERE campaign_id = ?" + in + " ORDER BY created_at, line, id LIMIT ? OFFSET ?")) {
                int i = 1;
                ps.setString(i++, campaignId);
                for (CampaignRecord.State s : states) {
                    ps.setString(i++, s.name());
                }
                ps.setInt(i++, page.limit() + 1);
                ps.setInt(i, page.offset());
                return Pages.of(records(ps), page);
            }
        });
    }

    @Override
    public Map<String, Long> dueByZones(String campaignId, Instant now) {
        return db.read("counting due records of campaign " + campaignId, c -> {
            Map<String, Long> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT zones, COUNT(*) FROM campaign_record"
                    + " WHERE campaign_id = ? AND state = 'PENDING' AND next_attempt_at <= ? GROUP BY zones")) {
                ps.setString(1, campaignId);
                Sql.setTime(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<CampaignRecord> due(String campaignId, Instant now, Collection<String> zones, int limit) {
        if (zones.isEmpty()) {
            return List.of();
        }
        return db.read("choosing records of campaign " + campaignId, c -> {
            List<CampaignRecord> out = new ArrayList<>();
            List<String> all = List.copyOf(zones);
            String in = String.join(", ", all.stream().map(z -> "?").toList());
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM campaign_record"
                    + " WHERE campaign_id = ? AND state = 'PENDING' AND next_attempt_at <= ? AND zones IN (" + in + ")"
                    + " ORDER BY next_attempt_at, created_at, line, id LIMIT ?")) {
                int i = 1;
                ps.setString(i++, campaignId);
                Sql.setTime(ps, i++, now);
                for (String z : all) {
                    ps.setString(i++, z);
                }
                ps.setInt(i, limit);
                out.addAll(records(ps));
            }
            return out;
        });
    }

    @Override
    public List<CampaignRecord> move(List<CampaignRecord> changed, CampaignRecord.State expected) {
        if (changed.isEmpty()) {
            return List.of();
        }
        return db.write("changing " + changed.size() + " campaign records", c -> {
            List<CampaignRecord> moved = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_record SET state = ?, attempts = ?,"
                    + " next_attempt_at = ?, last_outcome = ?, reason = ?, detail = ?, updated_at = ?"
                    + " WHERE id = ? AND state = ?")) {
                for (CampaignRecord r : changed) {
                    ps.setString(1, r.state().name());
                    ps.setInt(2, r.attempts());
                    Sql.setTime(ps, 3, r.nextAttemptAt());
                    ps.setString(4, r.lastOutcome());
                    ps.setString(5, r.reason());
                    ps.setString(6, r.detail());
                    Sql.setTime(ps, 7, r.updatedAt());
                    ps.setString(8, r.id());
                    ps.setString(9, expected.name());
                    if (ps.executeUpdate() == 1) {
                        moved.add(r);
                    }
                }
            }
            return moved;
        });
    }

    @Override
    public Map<CampaignRecord.State, Long> counts(String campaignId) {
        return db.read("counting records of campaign " + campaignId, c -> {
            Map<CampaignRecord.State, Long> out = new EnumMap<>(CampaignRecord.State.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM campaign_record"
                    + " WHERE campaign_id = ? GROUP BY state")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(CampaignRecord.State.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, Long> countsBy(String campaignId, CampaignRecord.State state) {
        String column = state == CampaignRecord.State.FAILED ? "reason" : "last_outcome";
        return db.read("counting records of campaign " + campaignId, c -> {
            Map<String, Long> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + column + ", COUNT(*) FROM campaign_record"
                    + " WHERE campaign_id = ? AND state = ? GROUP BY " + column)) {
                ps.setString(1, campaignId);
                ps.setString(2, state.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1) == null ? "" : rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<CampaignRecord> dialing(String campaignId) {
        return db.read("reading DIALING records of campaign " + campaignId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM campaign_record"
                    + " WHERE campaign_id = ? AND state = 'DIALING' ORDER BY updated_at, id")) {
                ps.setString(1, campaignId);
                return records(ps);
            }
        });
    }

    private static List<CampaignRecord> records(PreparedStatement ps) throws SQLException {
        List<CampaignRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String fields = rs.getString("fields");
                Map<String, String> extra;
                try {
                    extra = fields == null ? Map.of() : JSON.readValue(fields, MAP);
                } catch (JsonProcessingException e) {
                    throw new SQLException("record " + rs.getString("id") + " has unreadable fields", e);
                }
                String source = rs.getString("consent_source");
                Instant given = Sql.time(rs, "consent_at");
                out.add(new CampaignRecord(rs.getString("id"), rs.getString("campaign_id"),
                        rs.getString("phone_as_given"), rs.getString("phone"), rs.getString("zones"),
                        rs.getString("customer_id"), rs.getString("name"), extra,
                        CampaignRecord.State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                        Sql.time(rs, "next_attempt_at"), rs.getString("last_outcome"), rs.getString("reason"),
                        rs.getString("detail"), source == null && given == null ? null : new Consent(source, given),
                        rs.getLong("line"), Sql.time(rs, "created_at"), Sql.time(rs, "updated_at")));
            }
        }
        return out;
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record fields cannot be written as JSON", e);
        }
    }

    /** For the DNC store: chunks of a collection for IN lists. */
    static <T> List<List<T>> chunks(Collection<T> all) {
        List<List<T>> out = new ArrayList<>();
        List<T> current = new ArrayList<>();
        for (T t : all) {
            current.add(t);
            if (current.size() == IN_CHUNK) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

}
