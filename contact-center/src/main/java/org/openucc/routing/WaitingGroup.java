package org.openucc.routing;

import java.util.TreeSet;

/**
 * Waiting interactions of one queue and channel that any agent would find equally eligible (same
 * required skills, same overflow step), kept in queue order. An agent who frees up looks only at the
 * heads of the groups it is eligible for: the number of groups, never the number of interactions.
 */
final class WaitingGroup {
    final RoutingQueue queue;
    final int channel;
    final Requirement extra;
    final int step;
    /** Any one satisfied makes an agent eligible: the (relaxed) base requirement, then overflow queues. */
    final Requirement[] alternatives;
    private final TreeSet<QueueEntry> entries;
    /** The first entry, kept at hand: a freed agent reads many group heads and must not walk trees. */
    private QueueEntry head;
    /** Marks used when collecting an agent's groups without duplicates. */
    long mark;
    /** The skill each alternative is filed under, fixed when the group is created. */
    int[] anchors;
    /** Human-readable alternatives, built on first use for decisions. */
    String description;

    WaitingGroup(RoutingQueue queue, int channel, Requirement extra, int step, Requirement[] alternatives) {
        this.queue = queue;
        this.channel = channel;
        this.extra = extra;
        this.step = step;
        this.alternatives = alternatives;
        this.entries = new TreeSet<>(queue.order);
    }

    void add(QueueEntry e) {
        entries.add(e);
        if (head == null || queue.order.compare(e, head) < 0) {
            head = e;
        }
    }

    void remove(QueueEntry e) {
        if (entries.remove(e) && e == head) {
            head = entries.isEmpty() ? null : entries.first();
        }
    }

    QueueEntry head() {
        return head;
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return entries.size();
    }

    Iterable<QueueEntry> inOrder() {
        return entries;
    }

    boolean eligible(AgentSession agent) {
        for (Requirement r : alternatives) {
            if (r.satisfiedBy(agent)) {
                return true;
            }
        }
        return false;
    }

    record Key(int queueOrdinal, int channel, Requirement extra, int step) {
    }
}
