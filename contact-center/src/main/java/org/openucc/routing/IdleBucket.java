package org.openucc.routing;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Free agents of one channel, skill and level in longest-idle order — fewest of the channel in
 * hand, then idle longest, then registration order — as intrusive linked lists, one per load.
 * An agent that becomes free is nearly always the most recently idle, so it goes in at the tail
 * in O(1); leaving is O(1) from its node. This is the index's hot path, where a tree cost most.
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
    private Node[] heads = new Node[1];
    private Node[] tails = new Node[1];
    private int size;

    IdleBucket(int channel) {
        this.channel = channel;
    }

    int size() {
        return size;
    }

    void add(Node n) {
        if (n.bucket != null) {
            throw new IllegalStateException(n.agent + " is already in an availability bucket");
        }
        AgentSession a = n.agent;
        int load = a.load[channel];
        if (load >= heads.length) {
            heads = Arrays.copyOf(heads, load + 1);
            tails = Arrays.copyOf(tails, load + 1);
        }
        Node after = placeAfter(a, load);
        n.load = load;
        n.idleSince = a.idleSince;
        n.bucket = this;
        n.prev = after;
        n.next = after == null ? heads[load] : after.next;
        if (n.next == null) {
            tails[load] = n;
        } else {
            n.next.prev = n;
        }
        if (after == null) {
            heads[load] = n;
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
            heads[n.load] = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tails[n.load] = n.prev;
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
        Node head = heads[load];
        Node tail = tails[load];
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

    /** Walks load 0 first, then load 1, …: the bucket's full order, with each agent's key from its node. */
    BucketWalk iterator() {
        return new BucketWalk() {
            private int load = -1;
            private Node next = advance(null);

            private Node advance(Node from) {
                if (from != null && from.next != null) {
                    return from.next;
                }
                while (++load < heads.length) {
                    if (heads[load] != null) {
                        return heads[load];
                    }
                }
                return null;
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
        };
    }
}
