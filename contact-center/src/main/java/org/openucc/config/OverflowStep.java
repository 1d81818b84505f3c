package org.openucc.config;

import java.time.Duration;
import java.util.List;

/**
 * Skill expansion applied once an interaction has waited {@code after}: steps accumulate.
 *
 * @param after      waiting time at which the step applies
 * @param minLevel   if set, every required skill accepts agents at this level or higher
 *                   (never raises a requirement)
 * @param alsoQueues agents eligible for these queues may also take the interaction
 */
public record OverflowStep(Duration after, Integer minLevel, List<String> alsoQueues) {
    public OverflowStep {
        alsoQueues = alsoQueues == null ? List.of() : List.copyOf(alsoQueues);
    }
}
