package org.openucc.routing.spi;

import java.util.Set;

/**
 * How one queue picks among the agents able to take an interaction now. One instance per queue,
 * so it may keep per-queue state (a round-robin cursor). Called on the engine thread only; must
 * not block and should not scan more candidates than its rule needs.
 */
public interface RoutingStrategy {
    Selection select(SelectionContext context);

    /** The orders this strategy iterates, so the engine indexes available agents in them. */
    default Set<AgentOrder> orders() {
        return Set.of(AgentOrder.LONGEST_IDLE);
    }

    /**
     * Whether {@link #select} always offers when the context has at least one candidate (whoever it
     * picks). The engine then skips a search it can prove empty: an interaction joining work that
     * already found no one, while no agent has become available for it since. Default false: every
     * arrival is searched, as a strategy that may refuse candidates needs.
     */
    default boolean offersWhenAnyoneCan() {
        return false;
    }

    /** Called after an offer this strategy selected was made (e.g. to move a cursor). */
    default void offered(Selection selection) {
    }
}
