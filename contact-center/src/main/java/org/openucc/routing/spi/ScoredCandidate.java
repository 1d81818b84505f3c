package org.openucc.routing.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One candidate considered by a routing decision, with the score the rule gave it. The human
 * readable detail may be given as a supplier: it is formatted only if someone reads it, so
 * explaining every decision costs routing almost nothing.
 */
public final class ScoredCandidate {
    private final String id;
    private final double score;
    private Supplier<String> detailSupplier;
    private String detail;

    /**
     * @param id     agent id (when an interaction was placed) or interaction id (when an agent picked work)
     * @param score  the rule's score; what it means is in {@code detail}
     * @param detail human-readable reason, e.g. "idle 42s, 0 in hand"
     */
    public ScoredCandidate(String id, double score, String detail) {
        this.id = id;
        this.score = score;
        this.detail = detail;
    }

    /** A candidate whose detail is formatted on first read; the supplier must capture values, not live state. */
    public static ScoredCandidate lazy(String id, double score, Supplier<String> detail) {
        ScoredCandidate c = new ScoredCandidate(id, score, null);
        c.detailSupplier = detail;
        return c;
    }

    public String id() {
        return id;
    }

    public double score() {
        return score;
    }

    public synchronized String detail() {
        if (detail == null && detailSupplier != null) {
            detail = detailSupplier.get();
            detailSupplier = null;
        }
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoredCandidate c && id.equals(c.id) && score == c.score && Objects.equals(detail(), c.detail());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, score);
    }

    @Override
    public String toString() {
        return "ScoredCandidate[id=" + id + ", score=" + score + ", detail=" + detail() + "]";
    }
}
