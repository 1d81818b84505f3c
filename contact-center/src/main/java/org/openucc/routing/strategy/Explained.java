package org.openucc.routing.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.openucc.routing.spi.Candidate;
import org.openucc.routing.spi.CandidateIterator;
import org.openucc.routing.spi.ScoredCandidate;
import org.openucc.routing.spi.Selection;

/** The shape shared by the built-in "take the first in an indexed order" strategies. */
final class Explained {
    /** How many runners-up a decision shows besides the winner. */
    static final int RUNNERS_UP = 2;

    private Explained() {
    }

    /** Offers to the first candidate; records it and a couple of runners-up with their scores. */
    static Selection first(CandidateIterator it, String rule, String tieBreaker,
                           Function<Candidate, ScoredCandidate> score) {
        Candidate first = it.next();
        if (first == null) {
            return Selection.none(rule);
        }
        List<ScoredCandidate> considered = new ArrayList<>(RUNNERS_UP + 1);
        considered.add(score.apply(first));
        for (int i = 0; i < RUNNERS_UP; i++) {
            Candidate next = it.next();
            if (next == null) {
                break;
            }
            considered.add(score.apply(next));
        }
        return new Selection(List.of(first), considered, rule, tieBreaker);
    }

    static double seconds(long millis) {
        return millis / 1000.0;
    }
}
