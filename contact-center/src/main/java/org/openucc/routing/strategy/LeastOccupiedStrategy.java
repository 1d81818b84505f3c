package org.openucc.routing.strategy;

import java.util.Set;
import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.RoutingStrategy;
import org.openucc.routing.spi.ScoredCandidate;
import org.openucc.routing.spi.Selection;
import org.openucc.routing.spi.SelectionContext;

/**
 * The agent with the least handle time (talk + wrap-up) since login, so work spreads evenly over a
 * shift; ties broken by longest idle.
 */
public final class LeastOccupiedStrategy implements RoutingStrategy {
    public static final String NAME = "least-occupied";

    @Override
    public Set<AgentOrder> orders() {
        return Set.of(AgentOrder.LEAST_BUSY_TIME);
    }

    @Override
    public boolean offersWhenAnyoneCan() {
        return true;
    }

    @Override
    public Selection select(SelectionContext ctx) {
        return Explained.first(ctx.candidates(AgentOrder.LEAST_BUSY_TIME), "least occupied",
                "then longest idle, then agent order",
                c -> {
                    long busy = c.busyMillis();
                    int handled = c.handledCount();
                    return ScoredCandidate.lazy(c.agentId(), Explained.seconds(busy),
                            () -> "busy " + busy / 1000 + "s since login, " + handled + " handled");
                });
    }
}
