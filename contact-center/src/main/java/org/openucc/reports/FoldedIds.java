package org.openucc.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which log events are in the report sums: every id up to the mark except the gaps, the ids below it that had not
 * committed when the mark passed them (several writers commit in any order), each with when it was first missed.
 * Also what changed since the last commit, for {@link ReportStore.Step}. Owned by the aggregator's thread.
 */
final class FoldedIds {
    private static final Logger log = LoggerFactory.getLogger(FoldedIds.class);
    /** More missing ids at once than any set of open transactions holds: a sequence that jumped; not kept. */
    private static final int MAX_NEW_GAPS = 100_000;

    private long mark;
    private final TreeMap<Long, Instant> gaps = new TreeMap<>();
    private final Map<Long, ReportStore.Gap> opened = new LinkedHashMap<>();
    private final Set<Long> closed = new LinkedHashSet<>();

    /** Starts from a stored progress and its gaps. */
    void load(long lastEventId, List<ReportStore.Gap> stored) {
        mark = lastEventId;
        gaps.clear();
        opened.clear();
        closed.clear();
        stored.forEach(g -> gaps.put(g.eventId(), g.seenAt()));
    }

    long mark() {
        return mark;
    }

    boolean noGaps() {
        return gaps.isEmpty();
    }

    int gapCount() {
        return gaps.size();
    }

    Set<Long> gapIds() {
        return Set.copyOf(gaps.keySet());
    }

    /** Whether event {@code id} is in the sums (as this thread has them now). */
    boolean applied(long id) {
        return id <= mark && !gaps.containsKey(id);
    }

    /**
     * Event {@code id} was just applied: above the mark, the ids it skips become gaps missed {@code now} and the mark
     * moves to it; below it, its gap closes.
     */
    void passed(long id, Instant now) {
        if (id > mark) {
            long missing = id - mark - 1;
            if (missing > MAX_NEW_GAPS) {
                log.warn("report sums: the log's ids jump from {} to {}; the {} ids between are not waited for", mark,
                        id, missing);
            } else {
                for (long g = mark + 1; g < id; g++) {
                    gaps.put(g, now);
                    opened.put(g, new ReportStore.Gap(g, now));
                }
            }
            mark = id;
        } else {
            close(id);
        }
    }

    /** Gives up the gaps missed before {@code before} (their transactions rolled back); the ids given up. */
    List<Long> giveUp(Instant before) {
        List<Long> old = new ArrayList<>();
        for (Map.Entry<Long, Instant> g : gaps.entrySet()) {
            if (g.getValue().isBefore(before)) {
                old.add(g.getKey());
            }
        }
        old.forEach(this::close);
        return old;
    }

    private void close(long id) {
        gaps.remove(id);
        if (opened.remove(id) == null) {
            closed.add(id);
        }
    }

    /** Whether gaps opened or closed since the last {@link #step}. */
    boolean changed() {
        return !opened.isEmpty() || !closed.isEmpty();
    }

    /** What to commit from {@code revision}; the changes are forgotten (a failed commit reloads everything). */
    ReportStore.Step step(long revision) {
        ReportStore.Step s = new ReportStore.Step(revision, mark, List.copyOf(opened.values()), List.copyOf(closed));
        opened.clear();
        closed.clear();
        return s;
    }
}
