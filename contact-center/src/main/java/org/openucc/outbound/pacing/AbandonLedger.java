package org.openucc.outbound.pacing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One campaign's abandoned calls and calls answered by a person, per local day, over a rolling 30 days: the
 * FTC measure (abandoned / answered by a live person, per campaign, over 30 days). The runtime seeds it at
 * start with {@link #addDay} from the interaction log; afterwards {@link CampaignPacer} records each call.
 *
 * <p>{@link #budget} is how many more abandoned calls may happen today without any 30-day window that
 * contains today going over the limit, even if the campaign placed no further call: the window shrinks as
 * old days roll off, so slack earned on older days cannot pay for abandons that outlive it.
 *
 * <p>Not thread-safe: it belongs to its campaign's owner thread, like the pacer.
 */
public final class AbandonLedger {
    /** Days in the rolling window, today included. */
    public static final int WINDOW_DAYS = 30;

    /** One local day's counts. */
    public record DayCount(LocalDate day, long answeredByPerson, long abandoned) {
    }

    private final ZoneId zone;
    private final double limit;
    private final TreeMap<LocalDate, long[]> days = new TreeMap<>();

    /**
     * @param zone the zone whose local days are counted (the campaign's, or the center's)
     * @param limit the abandon rate limit, e.g. 0.03
     */
    public AbandonLedger(ZoneId zone, double limit) {
        this.zone = Objects.requireNonNull(zone, "zone");
        if (!(limit > 0 && limit < 1)) {
            throw new IllegalArgumentException("abandon limit must be between 0 and 1, got " + limit);
        }
        this.limit = limit;
    }

    public static AbandonLedger of(PacingConfig config) {
        return new AbandonLedger(config.zone(), config.abandonLimit());
    }

    /**
     * Adds stored counts for one local day (seeding from the interaction log; adding twice adds up).
     * An abandoned call is also a call answered by a person, so {@code abandoned <= answeredByPerson}.
     */
    public void addDay(LocalDate day, long answeredByPerson, long abandoned) {
        Objects.requireNonNull(day, "day");
        if (answeredByPerson < 0 || abandoned < 0 || abandoned > answeredByPerson) {
            throw new IllegalArgumentException("day " + day + ": need 0 <= abandoned <= answered by a person, got "
                    + abandoned + " abandoned of " + answeredByPerson);
        }
        long[] c = days.computeIfAbsent(day, d -> new long[2]);
        c[0] += answeredByPerson;
        c[1] += abandoned;
    }

    /** A person answered and an agent joined. */
    public void recordConnected(Instant at) {
        addDay(dayOf(at), 1, 0);
        forgetBefore(dayOf(at));
    }

    /** A person answered and no agent joined in time. */
    public void recordAbandoned(Instant at) {
        addDay(dayOf(at), 1, 1);
        forgetBefore(dayOf(at));
    }

    public LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }

    /** Calls answered by a person in the 30 local days ending with {@code now}'s day. */
    public long answeredByPerson(Instant now) {
        return sum(now, 0);
    }

    /** Abandoned calls in the 30 local days ending with {@code now}'s day. */
    public long abandoned(Instant now) {
        return sum(now, 1);
    }

    /** The 30-day abandon rate (0 when nobody answered). */
    public double rate(Instant now) {
        long answered = answeredByPerson(now);
        return answered == 0 ? 0 : (double) abandoned(now) / answered;
    }

    /** Today's own abandon rate (0 when nobody answered today). */
    public double rateToday(Instant now) {
        long[] c = days.get(dayOf(now));
        return c == null || c[0] == 0 ? 0 : (double) c[1] / c[0];
    }

    /**
     * Abandoned calls that may still happen today: the least, over every span from a day in the window to
     * today, of {@code limit * answered - abandoned} in that span. Negative when a window is already over.
     */
    public double budget(Instant now) {
        LocalDate today = dayOf(now);
        double answered = 0;
        double abandoned = 0;
        double least = Double.POSITIVE_INFINITY;
        for (Map.Entry<LocalDate, long[]> e : window(today).descendingMap().entrySet()) {
            answered += e.getValue()[0];
            abandoned += e.getValue()[1];
            least = Math.min(least, limit * answered - abandoned);
        }
        // a window that holds no count of today yet: today alone allows nothing
        return days.containsKey(today) ? least : Math.min(least, 0);
    }

    /**
     * Abandoned calls that may still happen without the 30-day window ending today going over the limit:
     * {@code limit * answered - abandoned} over that window (large once the campaign has a history).
     */
    public double windowBudget(Instant now) {
        return limit * answeredByPerson(now) - abandoned(now);
    }

    /** The days of the window ending with {@code now}'s day that have counts, oldest first. */
    public List<DayCount> days(Instant now) {
        List<DayCount> out = new ArrayList<>();
        window(dayOf(now)).forEach((d, c) -> out.add(new DayCount(d, c[0], c[1])));
        return out;
    }

    public double limit() {
        return limit;
    }

    private long sum(Instant now, int index) {
        long total = 0;
        for (long[] c : window(dayOf(now)).values()) {
            total += c[index];
        }
        return total;
    }

    private java.util.NavigableMap<LocalDate, long[]> window(LocalDate today) {
        return days.subMap(today.minusDays(WINDOW_DAYS - 1L), true, today, true);
    }

    private void forgetBefore(LocalDate today) {
        days.headMap(today.minusDays(WINDOW_DAYS - 1L), false).clear();
    }
}
