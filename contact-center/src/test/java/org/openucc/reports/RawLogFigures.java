package org.openucc.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The report figures recomputed from the raw rows of {@code interaction_event}, written apart from the
 * report code: plain scans over each interaction's events and each agent's state changes, with intervals
 * computed by overlap instead of slices. What the report must equal.
 */
final class RawLogFigures {
    record Ev(long id, Instant at, String type, String interaction, String agent, String queue, String customer,
              Map<String, Object> d) {
        String s(String k) {
            Object v = d.get(k);
            return v == null ? null : v.toString();
        }
    }

    /** One contribution: when it counts, its groups, its amounts. */
    record Item(Instant at, Map<Dimension, List<String>> keys, Map<Measure, Long> amounts) {
    }

    /** Agent-state time: who, which state (and reason), from, to. */
    record StateSpan(String agent, String state, String reason, Instant from, Instant to) {
    }

    final List<Item> items = new ArrayList<>();
    final List<StateSpan> spans = new ArrayList<>();
    private final ZoneId zone;
    private final long shortMs;
    private final long windowMs;
    private final Map<String, Long> thresholds;

    RawLogFigures(DataSource db, ZoneId zone, long shortMs, long windowMs, Map<String, Long> thresholds) throws Exception {
        this.zone = zone;
        this.shortMs = shortMs;
        this.windowMs = windowMs;
        this.thresholds = thresholds;
        List<Ev> all = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, occurred_at, event_type, interaction_id, agent_id, queue_id,"
                     + " customer_id, details FROM interaction_event ORDER BY id")) {
            while (rs.next()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = json.readValue(rs.getString(8), Map.class);
                all.add(new Ev(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), d));
            }
        }
        Map<String, List<Ev>> byInteraction = new LinkedHashMap<>();
        Map<String, List<Ev>> byAgent = new LinkedHashMap<>();
        for (Ev e : all) {
            if (e.interaction() != null) {
                byInteraction.computeIfAbsent(e.interaction(), k -> new ArrayList<>()).add(e);
            } else if (e.agent() != null && e.type().startsWith("AGENT_") && e.s("to") != null) {
                byAgent.computeIfAbsent(e.agent(), k -> new ArrayList<>()).add(e);
            }
        }
        // Contacts for first-contact resolution: first customer named, first queue entered, first event's time.
        Map<String, Object[]> contacts = new LinkedHashMap<>();
        byInteraction.forEach((id, evs) -> {
            String customer = evs.stream().map(Ev::customer).filter(x -> x != null).findFirst().orElse(null);
            String queue = evs.stream().filter(e -> e.type().equals("QUEUED") && !requeued(e)).map(Ev::queue)
                    .findFirst().orElse(null);
            if (customer != null && queue != null) {
                contacts.put(id, new Object[] {customer, queue, evs.get(0).at()});
            }
        });
        byInteraction.forEach((id, evs) -> interaction(id, evs, contacts));
        byAgent.forEach((agent, evs) -> {
            for (int i = 0; i + 1 < evs.size(); i++) {
                Ev e = evs.get(i);
                if (!e.s("to").equals("LOGGED_OUT")) {
                    String reason = e.s("to").equals("NOT_READY") ? (e.s("reason") == null || e.s("reason").isEmpty()
                            ? Dimension.NONE : e.s("reason")) : null;
                    spans.add(new StateSpan(agent, e.s("to"), reason, e.at(), evs.get(i + 1).at()));
                }
            }
        });
    }

    private static boolean requeued(Ev e) {
        return "true".equals(e.s("requeued"));
    }

    private void interaction(String id, List<Ev> evs, Map<String, Object[]> contacts) {
        String channel = "UNKNOWN";
        List<String> skills = new ArrayList<>();
        String disposition = null;
        boolean kept = false;
        for (Ev e : evs) {
            if (e.type().equals("INTERACTION_CREATED")) {
                channel = e.s("channel");
                e.d().keySet().stream().filter(k -> k.startsWith("skill.")).map(k -> k.substring(6)).sorted()
                        .forEach(skills::add);
            } else if (e.type().equals("DISPOSITION")) {
                disposition = e.s("code");
            } else if (e.type().equals("CALLBACK_ATTEMPT") && "ANSWERED".equals(e.s("result"))) {
                kept = true;
            }
        }
        // Segments: from each new QUEUED to the next.
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < evs.size(); i++) {
            if (evs.get(i).type().equals("QUEUED") && !requeued(evs.get(i))) {
                starts.add(i);
            }
        }
        boolean anyAnswered = false;
        List<Item> segmentItems = new ArrayList<>();
        for (int s = 0; s < starts.size(); s++) {
            Ev q = evs.get(starts.get(s));
            int end = s + 1 < starts.size() ? starts.get(s + 1) : evs.size();
            long threshold = thresholds.get(q.queue());
            Map<Measure, Long> m = new EnumMap<>(Measure.class);
            m.put(Measure.OFFERED, 1L);
            Ev answer = null;
            Ev abandon = null;
            long queueTransfers = 0;
            for (int i = starts.get(s) + 1; i < end; i++) {
                Ev e = evs.get(i);
                if (answer == null && abandon == null && e.type().equals("CONNECTED")) {
                    answer = e;
                } else if (answer == null && abandon == null && e.type().equals("ABANDONED")) {
                    abandon = e;
                } else if (answer == null && e.type().equals("TRANSFERRED") && e.agent() == null) {
                    queueTransfers++;
                }
            }
            String agent = null;
            if (answer != null) {
                anyAnswered = true;
                agent = answer.agent();
                long wait = answer.at().toEpochMilli() - q.at().toEpochMilli();
                m.put(Measure.ANSWERED, 1L);
                m.put(Measure.ANSWER_WAIT_MS, wait);
                m.put(Measure.SL_BASE, 1L);
                m.put(Measure.ANSWERED_IN_SL, wait <= threshold ? 1L : 0L);
                handling(evs, evs.indexOf(answer), q, channel, skills, disposition);
            }
            if (abandon != null) {
                long wait = abandon.at().toEpochMilli() - q.at().toEpochMilli();
                m.put(Measure.ABANDONED, 1L);
                m.put(Measure.ABANDON_WAIT_MS, wait);
                m.put(Measure.SHORT_ABANDONED, wait < shortMs ? 1L : 0L);
                m.put(Measure.SL_BASE, wait >= shortMs && wait > threshold ? 1L : 0L);
            }
            m.put(Measure.TRANSFERS, queueTransfers);
            segmentItems.add(new Item(q.at(), keys(q.queue(), agent, channel, skills, disposition), m));
        }
        if (!segmentItems.isEmpty()) {
            Map<Measure, Long> first = segmentItems.get(0).amounts();
            if ("CALLBACK".equals(channel)) {
                first.put(Measure.CALLBACKS, 1L);
                first.put(Measure.CALLBACKS_KEPT, kept ? 1L : 0L);
            }
            Object[] me = contacts.get(id);
            if (anyAnswered && me != null) {
                first.put(Measure.FCR_ELIGIBLE, 1L);
                Instant t = (Instant) me[2];
                boolean repeated = contacts.entrySet().stream().anyMatch(o -> !o.getKey().equals(id)
                        && o.getValue()[0].equals(me[0]) && o.getValue()[1].equals(me[1])
                        && ((Instant) o.getValue()[2]).isAfter(t)
                        && ((Instant) o.getValue()[2]).toEpochMilli() - t.toEpochMilli() <= windowMs);
                first.put(Measure.FCR_REPEATED, repeated ? 1L : 0L);
            }
        }
        items.addAll(segmentItems);
    }

    /** One agent's handling from its CONNECTED: their events only, up to their wrap-up's end. */
    private void handling(List<Ev> evs, int connectedAt, Ev queued, String channel, List<String> skills,
                          String disposition) {
        Ev connected = evs.get(connectedAt);
        String agent = connected.agent();
        Instant talkEnd = null;
        Instant holdFrom = null;
        long hold = 0;
        long holds = 0;
        long transfers = 0;
        Instant wrapFrom = null;
        Instant done = null;
        for (int i = connectedAt + 1; i < evs.size() && done == null; i++) {
            Ev e = evs.get(i);
            boolean mine = agent.equals(e.agent());
            switch (e.type()) {
                case "HELD" -> {
                    if (mine && talkEnd == null && holdFrom == null) {
                        holdFrom = e.at();
                        holds++;
                    }
                }
                case "RESUMED" -> {
                    if (mine && talkEnd == null && holdFrom != null) {
                        hold += e.at().toEpochMilli() - holdFrom.toEpochMilli();
                        holdFrom = null;
                    }
                }
                case "TRANSFERRED" -> {
                    if (mine && talkEnd == null) {
                        transfers++;
                    }
                }
                case "ENDED" -> {
                    if ((mine || e.agent() == null) && talkEnd == null) {
                        talkEnd = e.at();
                    }
                }
                case "WRAP_UP_STARTED" -> {
                    if (mine && wrapFrom == null) {
                        wrapFrom = e.at();
                    }
                }
                case "WRAP_UP_ENDED" -> {
                    if (mine) {
                        done = e.at();
                    }
                }
                default -> {
                }
            }
        }
        if (done == null) {
            return; // still in hand: not handled yet
        }
        if (talkEnd == null) {
            talkEnd = done;
        }
        if (holdFrom != null) {
            hold += talkEnd.toEpochMilli() - holdFrom.toEpochMilli();
        }
        Map<Measure, Long> m = new EnumMap<>(Measure.class);
        m.put(Measure.HANDLED, 1L);
        m.put(Measure.TALK_MS, Math.max(0, talkEnd.toEpochMilli() - connected.at().toEpochMilli() - hold));
        m.put(Measure.HOLD_MS, hold);
        m.put(Measure.WRAP_MS, wrapFrom == null ? 0 : done.toEpochMilli() - wrapFrom.toEpochMilli());
        m.put(Measure.HOLDS, holds);
        m.put(Measure.TRANSFERS, transfers);
        items.add(new Item(queued.at(), keys(queued.queue(), agent, channel, skills, disposition), m));
    }

    private static Map<Dimension, List<String>> keys(String queue, String agent, String channel, List<String> skills,
                                                     String disposition) {
        Map<Dimension, List<String>> k = new EnumMap<>(Dimension.class);
        k.put(Dimension.QUEUE, List.of(queue));
        k.put(Dimension.AGENT, agent == null ? List.of() : List.of(agent));
        k.put(Dimension.CHANNEL, List.of(channel));
        k.put(Dimension.SKILL, skills.isEmpty() ? List.of(Dimension.NONE) : List.copyOf(skills));
        k.put(Dimension.DISPOSITION, List.of(disposition == null ? Dimension.NONE : disposition));
        return k;
    }

    /**
     * Expected sums by "interval start|key" for intervals given as a function from an instant to its interval
     * [start, end); agent-state time is cut by overlap with each interval it touches.
     */
    Map<String, Map<Measure, Long>> expected(Dimension d, Function<Instant, Instant[]> intervalOf) {
        Map<String, Map<Measure, Long>> out = new TreeMap<>();
        for (Item i : items) {
            Instant start = intervalOf.apply(i.at())[0];
            for (String key : i.keys().getOrDefault(d, List.of())) {
                Map<Measure, Long> sums = out.computeIfAbsent(start + "|" + key, k -> new EnumMap<>(Measure.class));
                i.amounts().forEach((m, v) -> sums.merge(m, v, Long::sum));
            }
        }
        if (d == Dimension.AGENT || d == Dimension.REASON || d == Dimension.AGENT_REASON) {
            for (StateSpan s : spans) {
                String key = d == Dimension.AGENT ? s.agent() : d == Dimension.REASON ? s.reason()
                        : s.reason() == null ? null : s.agent() + "/" + s.reason();
                if (key == null) {
                    continue;
                }
                Instant t = s.from();
                while (t.isBefore(s.to())) {
                    Instant[] iv = intervalOf.apply(t);
                    Instant until = iv[1].isBefore(s.to()) ? iv[1] : s.to();
                    long ms = until.toEpochMilli() - t.toEpochMilli();
                    Map<Measure, Long> sums = out.computeIfAbsent(iv[0] + "|" + key, k -> new EnumMap<>(Measure.class));
                    sums.merge(Measure.LOGGED_IN_MS, ms, Long::sum);
                    Measure m = switch (s.state()) {
                        case "READY" -> Measure.READY_MS;
                        case "NOT_READY" -> Measure.NOT_READY_MS;
                        case "RESERVED" -> Measure.RESERVED_MS;
                        case "BUSY" -> Measure.BUSY_MS;
                        case "WRAP_UP" -> Measure.WRAP_UP_STATE_MS;
                        default -> null;
                    };
                    if (m != null) {
                        sums.merge(m, ms, Long::sum);
                    }
                    t = until;
                }
            }
        }
        out.values().forEach(m -> m.values().removeIf(v -> v == 0));
        out.values().removeIf(Map::isEmpty);
        return out;
    }

    ZoneId zone() {
        return zone;
    }
}
