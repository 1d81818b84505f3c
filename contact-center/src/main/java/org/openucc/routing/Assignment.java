package org.openucc.routing;

/**
 * One interaction in an agent's hands, from acceptance to the end of wrap-up. It occupies a slot of
 * the agent's capacity on its channel the whole time, so wrap-up is honoured across every queue.
 * Separate from the {@link QueueEntry} because a transferred interaction waits again while the
 * agent who had it still wraps up.
 */
final class Assignment {
    final QueueEntry entry;
    final AgentSession agent;
    final RoutingQueue queue;
    final int channel;
    final long connectedAtMillis;
    boolean wrappingUp;
    boolean done;
    long wrapUpEndsMillis;

    Assignment(QueueEntry entry, AgentSession agent, RoutingQueue queue, long connectedAtMillis) {
        this.entry = entry;
        this.agent = agent;
        this.queue = queue;
        this.channel = entry.channelIndex;
        this.connectedAtMillis = connectedAtMillis;
    }
}
