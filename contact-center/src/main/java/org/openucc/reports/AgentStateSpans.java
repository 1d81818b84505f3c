package org.openucc.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * Agents' time per state and not-ready reason: each agent's current state since its last change, and the
 * time between changes cut at 15-minute boundaries so every slice falls in one interval. Owned by the
 * aggregator's thread. The changes are taken in log (id) order; one that comes late, below an agent's last
 * change, is the aggregator's to place ({@link #last}, {@link #between}).
 */
final class AgentStateSpans {
    static final long SLICE_MILLIS = 15 * 60_000L;

    /** An agent's state since {@code since}, from event {@code eventId} (0: not known). */
    record Span(String state, String reason, Instant since, long eventId) {
        Span(String state, String reason, Instant since) {
            this(state, reason, since, 0);
        }

        boolean loggedOut() {
            return "LOGGED_OUT".equals(state);
        }
    }

    /** An agent's state not ended yet. */
    record Open(String agent, Span span) {
    }

    private final java.util.Map<String, Span> open = new java.util.HashMap<>();

    /** Whether the event moves an agent from one state to another (not a phone change). */
    static boolean isStateChange(LogEvent e) {
        return e.agentId() != null && e.type().category() == LogEventType.Category.AGENT && e.detail("to") != null;
    }

    void clear() {
        open.clear();
    }

    /** Every agent's current state (a copy: for other threads). */
    List<Open> snapshot() {
        List<Open> out = new ArrayList<>(open.size());
        open.forEach((agent, span) -> {
            if (!span.loggedOut()) {
                out.add(new Open(agent, span));
            }
        });
        return List.copyOf(out);
    }

    /** Where an agent stood before the first event this run applies (the last change logged before it). */
    void seed(LogEvent e) {
        if (isStateChange(e)) {
            start(e);
        }
    }

    /** The time spent in the state the event ends, as tallies; the new state starts. */
    List<Tally> apply(LogEvent e) {
        if (!isStateChange(e)) {
            return List.of();
        }
        Span before = open.get(e.agentId());
        start(e);
        return before == null ? List.of() : between(e.agentId(), before, e.at());
    }

    /** The agent's last change applied (its state now; logged out included), or null. */
    Span last(String agent) {
        return open.get(agent);
    }

    private void start(LogEvent e) {
        open.put(e.agentId(), spanOf(e));
    }

    /** The state a change starts. */
    static Span spanOf(LogEvent e) {
        String to = e.detail("to");
        return new Span(to, "NOT_READY".equals(to) ? reasonOf(e) : null, e.at(), e.id());
    }

    /** The time in {@code span} up to {@code end}, as tallies (none for a logged-out agent). */
    static List<Tally> between(String agent, Span span, Instant end) {
        return span.loggedOut() ? List.of() : slices(agent, span, end);
    }

    static String reasonOf(LogEvent e) {
        String r = e.detail("reason");
        return r == null || r.isEmpty() ? Dimension.NONE : r;
    }

    /** The span from its start to {@code end}, cut at 15-minute boundaries (UTC; every zone's hours fall on them). */
    static List<Tally> slices(String agent, Span span, Instant end) {
        Measure measure = switch (span.state()) {
            case "READY" -> Measure.READY_MS;
            case "NOT_READY" -> Measure.NOT_READY_MS;
            case "RESERVED" -> Measure.RESERVED_MS;
            case "BUSY" -> Measure.BUSY_MS;
            case "WRAP_UP" -> Measure.WRAP_UP_STATE_MS;
            default -> null;
        };
        List<Tally> out = new ArrayList<>();
        long from = span.since().toEpochMilli();
        long to = end.toEpochMilli();
        while (from < to) {
            long sliceStart = Math.floorDiv(from, SLICE_MILLIS) * SLICE_MILLIS;
            long sliceEnd = Math.min(to, sliceStart + SLICE_MILLIS);
            long[] m = new long[Measure.COUNT];
            long ms = sliceEnd - from;
            m[Measure.LOGGED_IN_MS.ordinal()] = ms;
            if (measure != null) {
                m[measure.ordinal()] = ms;
            }
            out.add(new Tally(Instant.ofEpochMilli(sliceStart), null, agent, null, null, null, span.reason(), null, m));
            from = sliceEnd;
        }
        return out;
    }
}
