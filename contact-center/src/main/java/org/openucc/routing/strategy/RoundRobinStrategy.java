package org.openucc.routing.strategy;

import java.util.Set;
import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.Candidate;
import org.openucc.routing.spi.CandidateIterator;
import org.openucc.routing.spi.RoutingStrategy;
import org.openucc.routing.spi.ScoredCandidate;
import org.openucc.routing.spi.Selection;
import org.openucc.routing.spi.SelectionContext;

/** Agents in turn: the first available after the one this queue offered to last, wrapping around. */
public final class RoundRobinStrategy implements RoutingStrategy {
    public static final String NAME = "round-robin";

    private int lastOrdinal = -1;

    @Override
    public Set<AgentOrder> orders() {
        return Set.of(AgentOrder.AGENT_ORDER);
    }

    @Override
    public boolean offersWhenAnyoneCan() {
        return true;
    }

    @Override
    public Selection select(SelectionContext ctx) {
        CandidateIterator it = ctx.candidatesFrom(lastOrdinal + 1);
        Candidate first = it.next();
        String tie = "next after the last agent offered";
        if (first == null && lastOrdinal >= 0) {
            it = ctx.candidatesFrom(0);
            first = it.next();
            tie = "wrapped around to the first agent";
        }
        if (first == null) {
            return Selection.none("round robin");
        }
        Candidate second = it.next();
        ScoredCandidate chosen = new ScoredCandidate(first.agentId(), first.agentOrdinal(), "next in turn");
        return new Selection(java.util.List.of(first),
                second == null ? java.util.List.of(chosen)
                        : java.util.List.of(chosen, new ScoredCandidate(second.agentId(), second.agentOrdinal(), "after that")),
                "round robin", tie);
    }

    @Override
    public void offered(Selection selection) {
        lastOrdinal = selection.agents().get(0).agentOrdinal();
    }
}
