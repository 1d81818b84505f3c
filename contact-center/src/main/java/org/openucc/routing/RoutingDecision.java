package org.openucc.routing;

import java.util.List;
import java.util.Map;
import org.openucc.routing.spi.ScoredCandidate;

/**
 * Why an offer was made. Cheap to build on every decision: the few best candidates with scores and
 * counts of excluded agents per reason; the per-agent list comes from {@link RoutingEngine#explain}.
 *
 * @param trigger      what made the engine decide now
 * @param rule         the rule applied (strategy rule, sticky, most urgent interaction...)
 * @param strategy     the queue's strategy
 * @param requirement  the skills the interaction needed at this step, e.g. "billing>=3, lang-zh>=5"
 * @param overflowStep overflow steps applied (0: none)
 * @param candidates   winner first, then runners-up: agents (when an interaction was placed) or
 *                     interactions (when an agent freed up)
 * @param tieBreaker   how ties were broken
 * @param excluded     agents not considered, by reason (counted over holders of the rarest required
 *                     skill, plus those walked past)
 */
public record RoutingDecision(
        Trigger trigger,
        String rule,
        String strategy,
        String requirement,
        int overflowStep,
        List<ScoredCandidate> candidates,
        String tieBreaker,
        Map<ExclusionReason, Integer> excluded) {

    public enum Trigger {
        /** An interaction arrived and an agent was free. */
        ARRIVAL,
        /** An agent became free and picked the most urgent interaction it can take. */
        AGENT_AVAILABLE,
        /** An offer was declined, missed or rescinded and the interaction went back. */
        REQUEUE,
        /** An overflow step widened who can take it. */
        OVERFLOW,
        /** A returning customer's last agent. */
        STICKY,
        /** Moved in from another queue. */
        TRANSFER,
        /** A decline exclusion ended, or the queue or agents were reconfigured. */
        RECONSIDERED,
        /** The agent started it (a dial-out): theirs at once, offered to no one else. */
        AGENT_INITIATED
    }
}
