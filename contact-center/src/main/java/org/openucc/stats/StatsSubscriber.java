package org.openucc.stats;

/** Receives changed figures on the statistics thread, at most once per interval per queue or agent; must not block. */
public interface StatsSubscriber {
    /** Every queue and agent now: called once, on subscribing, before any change. */
    void snapshot(StatsSnapshot snapshot);

    void queueChanged(QueueFigures queue);

    void agentChanged(AgentRow agent);
}
