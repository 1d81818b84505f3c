package org.openucc.cti;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openucc.routing.RoutingDecision;

/**
 * Why the ACD offered this interaction to this agent, as the console and the API show it.
 *
 * @param excluded agents not considered, counted per reason (LOGGED_OUT, NOT_READY, BUSY…)
 */
public record DecisionView(String trigger, String rule, String strategy, String requirement, int overflowStep,
                           List<Candidate> candidates, String tieBreaker, Map<String, Integer> excluded) {

    /** An agent (or interaction) that was weighed, winner first. */
    public record Candidate(String id, double score, String detail) {
    }

    public static DecisionView of(RoutingDecision d) {
        if (d == null) {
            return null;
        }
        Map<String, Integer> excluded = new LinkedHashMap<>();
        d.excluded().forEach((reason, count) -> excluded.put(reason.name(), count));
        return new DecisionView(d.trigger().name(), d.rule(), d.strategy(), d.requirement(), d.overflowStep(),
                d.candidates().stream().map(c -> new Candidate(c.id(), c.score(), c.detail())).toList(),
                d.tieBreaker(), excluded);
    }
}
