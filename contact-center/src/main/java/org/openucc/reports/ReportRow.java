package org.openucc.reports;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One interval (or the whole range, for totals) of one group: the sums and the figures made from them.
 *
 * @param start null in a totals row
 */
public record ReportRow(OffsetDateTime start, OffsetDateTime end, String key, long[] m) {

    public long get(Measure measure) {
        return m[measure.ordinal()];
    }

    /** The counts and times (whole seconds) a supervisor reads, then rates (percent) and averages (seconds). */
    public Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("offered", get(Measure.OFFERED));
        f.put("answered", get(Measure.ANSWERED));
        f.put("abandoned", get(Measure.ABANDONED));
        f.put("shortAbandoned", get(Measure.SHORT_ABANDONED));
        f.put("answeredInSl", get(Measure.ANSWERED_IN_SL));
        f.put("serviceLevelPercent", percent(get(Measure.ANSWERED_IN_SL), get(Measure.SL_BASE)));
        f.put("abandonPercent", percent(get(Measure.ABANDONED), get(Measure.OFFERED)));
        f.put("asaSeconds", average(get(Measure.ANSWER_WAIT_MS), get(Measure.ANSWERED)));
        f.put("averageAbandonWaitSeconds", average(get(Measure.ABANDON_WAIT_MS), get(Measure.ABANDONED)));
        f.put("handled", get(Measure.HANDLED));
        f.put("ahtSeconds", average(get(Measure.TALK_MS) + get(Measure.HOLD_MS) + get(Measure.WRAP_MS),
                get(Measure.HANDLED)));
        f.put("averageTalkSeconds", average(get(Measure.TALK_MS), get(Measure.HANDLED)));
        f.put("averageHoldSeconds", average(get(Measure.HOLD_MS), get(Measure.HANDLED)));
        f.put("averageAfterContactWorkSeconds", average(get(Measure.WRAP_MS), get(Measure.HANDLED)));
        f.put("talkSeconds", seconds(get(Measure.TALK_MS)));
        f.put("holdSeconds", seconds(get(Measure.HOLD_MS)));
        f.put("afterContactWorkSeconds", seconds(get(Measure.WRAP_MS)));
        f.put("holds", get(Measure.HOLDS));
        f.put("transfers", get(Measure.TRANSFERS));
        f.put("callbacks", get(Measure.CALLBACKS));
        f.put("callbacksKept", get(Measure.CALLBACKS_KEPT));
        f.put("fcrEligible", get(Measure.FCR_ELIGIBLE));
        f.put("fcrRepeated", get(Measure.FCR_REPEATED));
        f.put("fcrPercent", percent(get(Measure.FCR_ELIGIBLE) - get(Measure.FCR_REPEATED), get(Measure.FCR_ELIGIBLE)));
        f.put("readySeconds", seconds(get(Measure.READY_MS)));
        f.put("notReadySeconds", seconds(get(Measure.NOT_READY_MS)));
        f.put("reservedSeconds", seconds(get(Measure.RESERVED_MS)));
        f.put("busySeconds", seconds(get(Measure.BUSY_MS)));
        f.put("wrapUpStateSeconds", seconds(get(Measure.WRAP_UP_STATE_MS)));
        f.put("loggedInSeconds", seconds(get(Measure.LOGGED_IN_MS)));
        long working = get(Measure.BUSY_MS) + get(Measure.WRAP_UP_STATE_MS);
        f.put("occupancyPercent", percent(working, working + get(Measure.READY_MS) + get(Measure.RESERVED_MS)));
        f.put("utilisationPercent", percent(working, get(Measure.LOGGED_IN_MS)));
        return f;
    }

    /** The names of {@link #figures()}, in order: the report's columns after interval and group. */
    public static java.util.List<String> figureNames() {
        return java.util.List.copyOf(new ReportRow(null, null, null, new long[Measure.COUNT]).figures().keySet());
    }

    /** One decimal; null when there is nothing to divide by. */
    static Double percent(long part, long whole) {
        return whole <= 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
    }

    /** Seconds with one decimal; null when there is nothing to average. */
    static Double average(long millis, long count) {
        return count <= 0 ? null : Math.round(millis / 100.0 / count) / 10.0;
    }

    static double seconds(long millis) {
        return Math.round(millis / 100.0) / 10.0;
    }
}
