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
    public Selection select(SelectionContext ctx) {
        long now = ctx.nowMillis();
        return Explained.first(ctx.candidates(AgentOrder.LONGEST_IDLE), "longest idle",
                "fewest in hand, then longest idle, then agent order",
                c -> new ScoredCandidate(c.agentId(), Explained.seconds(now - c.idleSinceMillis()),
                        "idle " + (now - c.idleSinceMillis()) / 1000 + "s, " + c.load(ctx.channel()) + " in hand"));
    }
}
