package org.openucc.routing.strategy;

import java.util.ArrayList;
import java.util.List;
import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.Candidate;
import org.openucc.routing.spi.CandidateIterator;
import org.openucc.routing.spi.RoutingStrategy;
import org.openucc.routing.spi.ScoredCandidate;
import org.openucc.routing.spi.Selection;
import org.openucc.routing.spi.SelectionContext;

/** Offers to every eligible available agent at once (up to the ring-all limit); the first to accept wins. */
public final class RingAllStrategy implements RoutingStrategy {
    public static final String NAME = "ring-all";

    @Override
    public boolean offersWhenAnyoneCan() {
        return true;
    }

    @Override
    public Selection select(SelectionContext ctx) {
        CandidateIterator it = ctx.candidates(AgentOrder.LONGEST_IDLE);
        List<Candidate> all = new ArrayList<>();
        List<ScoredCandidate> considered = new ArrayList<>();
        long now = ctx.nowMillis();
        for (Candidate c = it.next(); c != null && all.size() < ctx.ringAllLimit(); c = it.next()) {
            all.add(c);
            if (considered.size() <= Explained.RUNNERS_UP) {
                long idle = now - c.idleSinceMillis();
                considered.add(ScoredCandidate.lazy(c.agentId(), Explained.seconds(idle),
                        () -> "rings; idle " + idle / 1000 + "s"));
            }
        }
        if (all.isEmpty()) {
            return Selection.none("ring all");
        }
        return new Selection(all, considered, "ring all (" + all.size() + " agents)", "first to accept wins");
    }
}
