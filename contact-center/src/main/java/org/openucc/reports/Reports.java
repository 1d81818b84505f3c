package org.openucc.reports;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.UnavailableException;

/**
 * Reads reports from the stored sums: day, week and month intervals from the day sums, hours from the
 * hour sums, 15 and 30 minutes from the 15-minute sums, each moved into its interval in the center's zone. Blocking (database reads).
 */
public final class Reports {
    private final ReportStore store;
    private final ReportSettings settings;
    private final ReportAggregator aggregator;

    private final InstantSource clock;

    /** @param clock "now": agents' current states count up to it */
    public Reports(ReportStore store, ReportSettings settings, ReportAggregator aggregator, InstantSource clock) {
        this.store = store;
        this.settings = settings;
        this.aggregator = aggregator;
        this.clock = clock;
    }

    public ReportSettings settings() {
        return settings;
    }

    public ReportAggregator aggregator() {
        return aggregator;
    }

    /**
     * @throws InvalidInputException for a range backwards, longer than allowed, or with more rows than allowed
     * @throws UnavailableException  before the sums have been read from the log at all since the start
     */
    public ReportTable run(ReportRequest r) {
        ZoneId zone = settings.zone();
        if (r.to().isBefore(r.from())) {
            throw InvalidInputException.field("to", "must not be before from");
        }
        long days = ChronoUnit.DAYS.between(r.from(), r.to()) + 1;
        if (days > settings.maxRangeDays()) {
            throw InvalidInputException.field("to", "the range is " + days + " days; at most " + settings.maxRangeDays()
                    + " days per report");
        }
        ZonedDateTime start = r.from().atStartOfDay(zone);
        ZonedDateTime end = r.to().plusDays(1).atStartOfDay(zone);
        long intervals = intervals(r.interval(), start, end);
        if (intervals > settings.maxRows()) {
            throw InvalidInputException.field("interval", "the range has " + intervals + " intervals of "
                    + r.interval() + "; at most " + settings.maxRows() + " rows per report: choose a shorter range or a"
                    + " longer interval");
        }
        List<AgentStateSpans.Open> open;
        long through;
        boolean caughtUp;
        if (aggregator.running()) {
            open = aggregator.openStates();
            through = aggregator.through();
            caughtUp = aggregator.caughtUp();
        } else {
            // In a cluster the sums are made on the engine's owner: any other node reads them as stored.
            ReportStore.Progress p = store.progress().filter(x -> x.fingerprint().equals(settings.fingerprint()))
                    .orElse(null);
            through = p == null ? -1 : p.lastEventId();
            open = through < 0 ? List.of() : storedStates(through);
            caughtUp = true;
        }
        if (through < 0) {
            throw UnavailableException.here("the report figures are being read from the interaction log; try again"
                    + " shortly", java.time.Duration.ofSeconds(2));
        }
        List<ReportStore.BucketRow> buckets = new ArrayList<>(store.buckets(r.interval().madeOf(), r.groupBy(),
                start.toInstant(), end.toInstant()));
        buckets.addAll(currentStates(open, r.groupBy(), start.toInstant(), end.toInstant()));
        // interval start -> key -> sums; and key -> sums over the range
        TreeMap<Instant, TreeMap<String, long[]>> byInterval = new TreeMap<>();
        TreeMap<String, long[]> totals = new TreeMap<>();
        long rows = 0;
        for (ReportStore.BucketRow b : buckets) {
            Instant at = r.interval().start(b.start().atZone(zone)).toInstant();
            TreeMap<String, long[]> keys = byInterval.computeIfAbsent(at, k -> new TreeMap<>());
            long[] sum = keys.get(b.key());
            if (sum == null) {
                sum = new long[Measure.COUNT];
                keys.put(b.key(), sum);
                if (++rows > settings.maxRows()) {
                    throw InvalidInputException.field("interval", "the report would have more than " + settings.maxRows()
                            + " rows; choose a shorter range or a longer interval");
                }
            }
            addTo(sum, b.m());
            addTo(totals.computeIfAbsent(b.key(), k -> new long[Measure.COUNT]), b.m());
        }
        List<ReportRow> out = new ArrayList<>();
        for (Map.Entry<Instant, TreeMap<String, long[]>> i : byInterval.entrySet()) {
            ZonedDateTime s = i.getKey().atZone(zone);
            ZonedDateTime e = r.interval().next(s);
            for (Map.Entry<String, long[]> k : i.getValue().entrySet()) {
                if (!allZero(k.getValue())) {
                    out.add(new ReportRow(s.toOffsetDateTime(), e.toOffsetDateTime(), k.getKey(), k.getValue()));
                }
            }
        }
        List<ReportRow> sums = new ArrayList<>();
        totals.forEach((k, m) -> {
            if (!allZero(m)) {
                sums.add(new ReportRow(null, null, k, m));
            }
        });
        List<java.time.OffsetDateTime> axis = new ArrayList<>();
        for (ZonedDateTime s = r.interval().start(start); s.isBefore(end); s = r.interval().next(s)) {
            axis.add(s.toOffsetDateTime());
        }
        return new ReportTable(zone.getId(), r.from(), r.to(), r.interval(), r.groupBy(), through,
                caughtUp, axis, out, sums);
    }

    /** The agents' states as of the stored progress: their last change in the sums. */
    private List<AgentStateSpans.Open> storedStates(long through) {
        AgentStateSpans spans = new AgentStateSpans();
        store.lastAgentStates(through).forEach(spans::seed);
        return spans.snapshot();
    }

    /**
     * Agents' time in the state they are in now, from its start (or the range's) to now (or the range's end):
     * in no sum until the state changes, yet part of the figures of today. (Read just before the sums: if the
     * sums move on in between, a state that ended meanwhile may count twice for that one report.)
     */
    private List<ReportStore.BucketRow> currentStates(List<AgentStateSpans.Open> open, Dimension groupBy, Instant from,
                                                      Instant to) {
        if (groupBy != Dimension.AGENT && groupBy != Dimension.REASON && groupBy != Dimension.AGENT_REASON) {
            return List.of();
        }
        Instant now = clock.instant();
        Instant until = now.isBefore(to) ? now : to;
        List<ReportStore.BucketRow> out = new ArrayList<>();
        for (AgentStateSpans.Open o : open) {
            Instant since = o.span().since().isAfter(from) ? o.span().since() : from;
            if (!since.isBefore(until)) {
                continue;
            }
            AgentStateSpans.Span clipped = new AgentStateSpans.Span(o.span().state(), o.span().reason(), since);
            for (Tally t : AgentStateSpans.slices(o.agent(), clipped, until)) {
                for (String key : t.keys(groupBy)) {
                    out.add(new ReportStore.BucketRow(t.at(), key, t.m()));
                }
            }
        }
        return out;
    }

    private static long intervals(Interval interval, ZonedDateTime start, ZonedDateTime end) {
        return switch (interval) {
            case MIN15 -> ChronoUnit.MINUTES.between(start, end) / 15 + 1;
            case MIN30 -> ChronoUnit.MINUTES.between(start, end) / 30 + 1;
            case HOUR -> ChronoUnit.HOURS.between(start, end) + 1;
            case DAY -> ChronoUnit.DAYS.between(start, end);
            case WEEK -> ChronoUnit.WEEKS.between(start, end) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(start, end) + 1;
        };
    }

    private static void addTo(long[] sum, long[] m) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += m[i];
        }
    }

    private static boolean allZero(long[] m) {
        for (long v : m) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
