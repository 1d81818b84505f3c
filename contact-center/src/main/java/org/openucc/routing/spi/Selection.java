package org.openucc.routing.spi;

import java.util.List;

/**
 * What a strategy chose, and why.
 *
 * @param agents     the agents to offer to (one, or several for ring-all); empty: none available
 * @param considered the best few candidates with their scores (the chosen first), for the explanation
 * @param rule       the rule applied, e.g. "longest idle"
 * @param tieBreaker how equal scores were broken
 */
public record Selection(List<Candidate> agents, List<ScoredCandidate> considered, String rule, String tieBreaker) {
    public Selection {
        agents = List.copyOf(agents);
        considered = List.copyOf(considered);
    }

    public static Selection none(String rule) {
        return new Selection(List.of(), List.of(), rule, "");
    }

    public boolean isEmpty() {
        return agents.isEmpty();
    }
}
