package org.openucc.routing.strategy;

import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.RoutingStrategy;
import org.openucc.routing.spi.ScoredCandidate;
import org.openucc.routing.spi.Selection;
import org.openucc.routing.spi.SelectionContext;

/** The agent with the fewest interactions of the channel in hand, then the one idle longest (the default). */
public final class LongestIdleStrategy implements RoutingStrategy {
    public static final String NAME = "longest-idle";

    @Override
    public boolean offersWhenAnyoneCan() {
        return true;
    }

    @Override
    public Selection select(SelectionContext ctx) {
        long now = ctx.nowMillis();
        return Explained.first(ctx.candidates(AgentOrder.LONGEST_IDLE), "longest idle",
                "fewest in hand, then longest idle, then agent order",
                c -> {
                    long idle = now - c.idleSinceMillis();
                    int inHand = c.load(ctx.channel());
                    return ScoredCandidate.lazy(c.agentId(), Explained.seconds(idle),
                            () -> "idle " + idle / 1000 + "s, " + inHand + " in hand");
                });
    }
}
