package org.openucc.routing;

/**
 * Waiting interactions of one queue and channel that any agent would find equally eligible (same
 * required skills, same overflow step), kept in queue order. While non-empty the group sits in the
 * {@link WaitingGroupIndex} under its head, so an agent who frees up finds the most urgent work it
 * can take without looking at every group, let alone every interaction.
 */
final class WaitingGroup {
    final RoutingQueue queue;
    final int channel;
    final Requirement extra;
    final int step;
    /** Any one satisfied makes an agent eligible: the (relaxed) base requirement, then overflow queues. */
    final Requirement[] alternatives;
    private final GroupEntries entries = new GroupEntries();
    /** The first entry, kept at hand: a freed agent reads many group heads and must not walk trees. */
    private QueueEntry head;
    /** Forgotten by the directory (its queue was reconfigured or removed): never filled again. */
    boolean dropped;
    /** Marks used when collecting an agent's groups without duplicates. */
    long mark;
    /** The skill each alternative is filed under, fixed when the group is created. */
    int[] anchors;
    /** Where the group is filed while it has a head: one shelf per distinct anchor (set by the directory). */
    WaitingGroupIndex.Shelf[] shelves = new WaitingGroupIndex.Shelf[0];
    /** Per shelf: the lowest level of its anchor skill that qualifies, and skill bits every alternative there needs. */
    byte[] shelfLevels = new byte[0];
    long[] shelfNeeds = new long[0];
    /** Per shelf: the other skill and level of its only alternative, when that settles eligibility (see the index). */
    int[] shelfOthers = new int[0];
    byte[] shelfOtherMins = new byte[0];
    /** Per shelf: a second other skill and level of that alternative (three skills), or {@link WaitingGroupIndex#NO_OTHER}. */
    int[] shelfSeconds = new int[0];
    byte[] shelfSecondMins = new byte[0];
    /** Human-readable alternatives, built on first use for decisions. */
    String description;

    WaitingGroup(RoutingQueue queue, int channel, Requirement extra, int step, Requirement[] alternatives) {
        this.queue = queue;
        this.channel = channel;
        this.extra = extra;
        this.step = step;
        this.alternatives = alternatives;
    }

    void add(QueueEntry e) {
        e.nobodyAvailable = false; // the engine sets it again when a search proved it
        entries.add(e);
        if (head == null || queue.order.compare(e, head) < 0) {
            unfile();
            head = e;
            file();
        }
    }

    void remove(QueueEntry e) {
        if (entries.remove(e) && e == head) {
            unfile();
            head = entries.isEmpty() ? null : entries.first();
            file();
        }
    }

    /** Shelves are sorted by head: leave them before the head changes, return after. */
    private void unfile() {
        if (head != null) {
            for (WaitingGroupIndex.Shelf s : shelves) {
                s.remove(this);
            }
        }
    }

    private void file() {
        if (head != null) {
            for (int i = 0; i < shelves.length; i++) {
                shelves[i].add(this, shelfLevels[i], shelfNeeds[i], shelfOthers[i], shelfOtherMins[i],
                        shelfSeconds[i], shelfSecondMins[i]);
            }
        }
    }

    /** The first entry in queue order that has not excluded the agent (declined or missed it lately), or null. */
    QueueEntry firstFor(AgentSession agent, long now) {
        if (head == null || !head.hasExclusions() || !head.excludes(agent, now)) {
            return head;
        }
        for (QueueEntry e = entries.after(head); e != null; e = entries.after(e)) {
            if (!e.excludes(agent, now)) {
                return e;
            }
        }
        return null;
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

    @Override
    public String toString() {
        return "waiting group of " + queue + ", channel " + channel + ", step " + step;
    }

    /** What makes a group: queue, channel, extra requirement, overflow step. Mutable so lookups can reuse one probe. */
    static final class Key {
        int queueOrdinal;
        int channel;
        Requirement extra;
        int step;

        Key(int queueOrdinal, int channel, Requirement extra, int step) {
            set(queueOrdinal, channel, extra, step);
        }

        Key set(int queueOrdinal, int channel, Requirement extra, int step) {
            this.queueOrdinal = queueOrdinal;
            this.channel = channel;
            this.extra = extra;
            this.step = step;
            return this;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && queueOrdinal == k.queueOrdinal && channel == k.channel && step == k.step
                    && extra.equals(k.extra);
        }

        @Override
        public int hashCode() {
            return ((queueOrdinal * 31 + channel) * 31 + extra.hashCode()) * 31 + step;
        }
    }
}
