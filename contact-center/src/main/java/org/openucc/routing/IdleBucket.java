package org.openucc.routing;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Free agents of one channel, skill and level in longest-idle order — fewest of the channel in
 * hand, then idle longest, then registration order — as intrusive linked lists, one per load.
 * An agent that becomes free is nearly always the most recently idle, so it goes in at the tail
 * in O(1). This is the index's hot path, where a tree cost most.
 *
 * <p>Leaving is lazy: an agent that leaves the index on this channel only clears its bit in the
 * channel's liveness set ({@link #live}, one bit per agent ordinal, shared by every bucket of the
 * channel); its nodes stay linked, stale, and keep their place in the sort.
 * A walk skips stale nodes and unlinks them as it passes (their neighbours are then in cache); an
 * agent that comes back first unlinks its own stale node. So taking work writes one bit per channel,
 * in a dense array that stays in cache, instead of unlinking every node (the node, its two neighbours
 * and the bucket for every skill held) or writing a flag on each (a cache miss per skill), and most stale
 * nodes are unlinked by a walk that was reading them anyway, since agents leave from near the heads
 * where walks start. A node is live exactly when its agent is in the index on the channel (the test
 * checks it): an agent that enters relinks every node of the orders kept, and nodes of skills it no
 * longer holds are unlinked when its skills change ({@link AgentSession#unlinkIdleNodes}).
 */
final class IdleBucket {
    /** An agent's place in one bucket; each agent owns one per (channel, skill) it is indexed under. */
    static final class Node {
        final AgentSession agent;
        final int ordinal;
        Node prev;
        Node next;
        IdleBucket bucket;
        int load;
        /** The agent's idle-since when it entered (it does not change while the agent is indexed). */
        long idleSince;

        Node(AgentSession agent) {
            this.agent = agent;
            this.ordinal = agent.ordinal;
        }
    }

    private final int channel;
    /**
     * The ordinals of the agents in the index on this channel (owned by the {@link AvailabilityIndex},
     * shared by the channel's buckets): a linked node is live exactly when its ordinal's bit is set.
     * A walk reads this dense set, not the agent, to know.
     */
    private final OrdinalBits live;
    /**
     * The lists' ends, per load: head at {@code 2 * load}, tail at {@code 2 * load + 1}. One array, so
     * that placing an agent (which reads both ends of its load's list) touches one object, not two.
     */
    private Node[] ends = new Node[2];
    private int size;

    IdleBucket(int channel, OrdinalBits live) {
        this.channel = channel;
        this.live = live;
    }

    /** Whether a linked node's agent is still in the index on this channel (false: the node is stale). */
    boolean isLive(Node n) {
        return live.get(n.ordinal);
    }

    /** Linked nodes, live or stale: zero means no agent is available here. */
    int size() {
        return size;
    }

    void add(Node n) {
        AgentSession a = n.agent;
        if (n.bucket != null) {
            if (n.bucket.isLive(n)) {
                throw new IllegalStateException(n.agent + " is already in an availability bucket");
            }
            n.bucket.remove(n); // its stale node from the last time it was free
        }
        int load = a.load[channel];
        if (2 * load >= ends.length) {
            ends = Arrays.copyOf(ends, 2 * load + 2);
        }
        Node after = placeAfter(a, load);
        n.load = load;
        n.idleSince = a.idleSince;
        n.bucket = this;
        n.prev = after;
        n.next = after == null ? ends[2 * load] : after.next;
        if (n.next == null) {
            ends[2 * load + 1] = n;
        } else {
            n.next.prev = n;
        }
        if (after == null) {
            ends[2 * load] = n;
        } else {
            after.next = n;
        }
        size++;
    }

    void remove(Node n) {
        if (n.bucket != this) {
            throw new IllegalStateException(n.agent + " is not in this availability bucket");
        }
        if (n.prev == null) {
            ends[2 * n.load] = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            ends[2 * n.load + 1] = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.bucket = null;
        size--;
    }

    /**
     * The node to insert after (null: at the head). Walks from whichever end is nearer in idle time:
     * a newly free agent belongs at the tail, one whose offer was withdrawn (ring-all, decline) near
     * the head, where longest-idle offers come from.
     */
    private Node placeAfter(AgentSession a, int load) {
        Node head = ends[2 * load];
        Node tail = ends[2 * load + 1];
        if (tail == null || !comesBefore(a, tail)) {
            return tail;
        }
        if (comesBefore(a, head)) {
            return null;
        }
        if (a.idleSince - head.idleSince < tail.idleSince - a.idleSince) {
            Node n = head;
            while (n.next != null && !comesBefore(a, n.next)) {
                n = n.next;
            }
            return n;
        }
        Node n = tail;
        while (comesBefore(a, n)) {
            n = n.prev;
        }
        return n;
    }

    /** Reads the node's copy of the key, not its agent: one object less per step. */
    private static boolean comesBefore(AgentSession a, Node b) {
        return a.idleSince < b.idleSince || (a.idleSince == b.idleSince && a.ordinal < b.ordinal);
    }

    /** The recorded tail of a load's list, or null (for tests: it must be the list's last node). */
    Node tailOf(int load) {
        return 2 * load + 1 < ends.length ? ends[2 * load + 1] : null;
    }

    /** The raw lists per load, stale nodes included (for tests). */
    java.util.List<java.util.List<Node>> linkedNodes() {
        java.util.List<java.util.List<Node>> out = new java.util.ArrayList<>();
        for (int load = 0; 2 * load < ends.length; load++) {
            Node head = ends[2 * load];
            java.util.List<Node> list = new java.util.ArrayList<>();
            for (Node n = head; n != null; n = n.next) {
                list.add(n);
            }
            out.add(list);
        }
        return out;
    }

    /**
     * Walks load 0 first, then load 1, …: the bucket's full order of live nodes, with each agent's key
     * from its node. Stale nodes met on the way are unlinked.
     */
    BucketWalk iterator() {
        return new Walk().start(this);
    }

    /** A walk over one bucket; reusable ({@link AvailabilityIndex} pools them per search). */
    static final class Walk extends BucketWalk {
        private IdleBucket bucket;
        private int load;
        private Node next;

        Walk start(IdleBucket b) {
            bucket = b;
            load = -1;
            next = advance(null);
            return this;
        }

        private Node advance(Node from) {
            Node[] ends = bucket.ends;
            OrdinalBits live = bucket.live;
            Node n = from == null ? null : from.next;
            while (true) {
                while (n == null) {
                    if (2 * ++load >= ends.length) {
                        return null;
                    }
                    n = ends[2 * load];
                }
                if (live.get(n.ordinal)) {
                    return n;
                }
                Node stale = n;
                n = n.next;
                bucket.remove(stale);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public AgentSession next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Node n = next;
            next = advance(n);
            key1 = n.load;
            key2 = n.idleSince;
            key3 = n.ordinal;
            return n.agent;
        }
    }
}
