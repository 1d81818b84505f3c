package org.openucc.stats;

import java.util.List;

/** Every queue and agent at one moment: what a supervisor gets on connecting. */
public record StatsSnapshot(List<QueueFigures> queues, List<AgentRow> agents) {
    public StatsSnapshot {
        queues = List.copyOf(queues);
        agents = List.copyOf(agents);
    }
}
