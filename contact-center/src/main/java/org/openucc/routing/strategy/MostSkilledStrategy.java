package org.openucc.routing.strategy;

import java.util.Comparator;
import java.util.Map;
import org.openucc.config.QueueConfig;
import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.RoutingStrategy;
import org.openucc.routing.spi.ScoredCandidate;
import org.openucc.routing.spi.Selection;
import org.openucc.routing.spi.SelectionContext;

/**
 * The agent with the highest level in the queue's ranking skill (option {@code skill}; default the
 * queue skill with the highest minimum level), ties broken by longest idle.
 */
public final class MostSkilledStrategy implements RoutingStrategy {
    public static final String NAME = "most-skilled";

    private final String rankingSkill;
    private int handle = -1;

    public MostSkilledStrategy(QueueConfig queue) {
        String option = queue.strategyOptions().get("skill");
        this.rankingSkill = option != null ? option : queue.skills().entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** Offers to any candidate once the ranking skill is known (before, a search may come back empty). */
    @Override
    public boolean offersWhenAnyoneCan() {
        return rankingSkill == null || handle >= 0;
    }

    @Override
    public Selection select(SelectionContext ctx) {
        if (rankingSkill == null) {
            return new LongestIdleStrategy().select(ctx);
        }
        if (handle < 0) {
            handle = ctx.skillHandle(rankingSkill);
        }
        if (handle < 0) {
            return Selection.none("most skilled in " + rankingSkill);
        }
        long now = ctx.nowMillis();
        return Explained.first(ctx.candidatesByLevel(handle, AgentOrder.LONGEST_IDLE),
                "most skilled in " + rankingSkill, "then longest idle, then agent order",
                c -> {
                    int level = c.level(handle);
                    long idle = now - c.idleSinceMillis();
                    return ScoredCandidate.lazy(c.agentId(), level,
                            () -> rankingSkill + " level " + level + ", idle " + idle / 1000 + "s");
                });
    }
}
