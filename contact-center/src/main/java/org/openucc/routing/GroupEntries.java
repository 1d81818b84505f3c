package org.openucc.routing;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The entries of one {@link WaitingGroup} in queue order ({@link RoutingQueue#ORDER}): a treap whose
 * nodes are the entries themselves (links on {@link QueueEntry}), so joining a group allocates nothing
 * and a step down reads one object. An entry is in at most one group at a time. Priorities come from
 * mixing the entry's sequence, so the shape does not depend on the order of arrivals.
 */
final class GroupEntries implements Iterable<QueueEntry> {
    private QueueEntry root;
    private int size;
    /** Set by {@link #delete} when it found the entry, by {@link #insert} when an equal one was there. */
    private boolean removed;
    private boolean duplicate;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return root == null;
    }

    /** Adds {@code e}; false (and nothing changes) if an entry equal in queue order is present. */
    boolean add(QueueEntry e) {
        if (e.groupIn == this) {
            return false;
        }
        if (e.groupIn != null) { // its links belong to that group's tree: adding it here would corrupt both
            throw new IllegalStateException(e.id + " is still in another waiting group");
        }
        e.groupLeft = null;
        e.groupRight = null;
        e.groupPriority = mix(e.seq, e.arrivalMillis);
        duplicate = false;
        root = insert(root, e);
        if (duplicate) {
            return false;
        }
        e.groupIn = this;
        size++;
        return true;
    }

    /** Removes the entry equal to {@code e} in queue order; false if there is none. */
    boolean remove(QueueEntry e) {
        removed = false;
        root = delete(root, e);
        if (removed) {
            size--;
        }
        return removed;
    }

    QueueEntry first() {
        QueueEntry n = root;
        if (n == null) {
            return null;
        }
        while (n.groupLeft != null) {
            n = n.groupLeft;
        }
        return n;
    }

    /** The first entry after {@code e} in queue order, or null. */
    QueueEntry after(QueueEntry e) {
        QueueEntry n = root;
        QueueEntry best = null;
        while (n != null) {
            if (RoutingQueue.ORDER.compare(n, e) > 0) {
                best = n;
                n = n.groupLeft;
            } else {
                n = n.groupRight;
            }
        }
        return best;
    }

    @Override
    public Iterator<QueueEntry> iterator() {
        return new Iterator<>() {
            private QueueEntry next = first();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public QueueEntry next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                QueueEntry e = next;
                next = after(e);
                return e;
            }
        };
    }

    private QueueEntry insert(QueueEntry n, QueueEntry fresh) {
        if (n == null) {
            return fresh;
        }
        int c = RoutingQueue.ORDER.compare(fresh, n);
        if (c == 0) {
            duplicate = true;
            return n;
        }
        if (c < 0) {
            n.groupLeft = insert(n.groupLeft, fresh);
            if (n.groupLeft.groupPriority > n.groupPriority) {
                QueueEntry l = n.groupLeft;
                n.groupLeft = l.groupRight;
                l.groupRight = n;
                return l;
            }
        } else {
            n.groupRight = insert(n.groupRight, fresh);
            if (n.groupRight.groupPriority > n.groupPriority) {
                QueueEntry r = n.groupRight;
                n.groupRight = r.groupLeft;
                r.groupLeft = n;
                return r;
            }
        }
        return n;
    }

    private QueueEntry delete(QueueEntry n, QueueEntry e) {
        if (n == null) {
            return null;
        }
        int c = RoutingQueue.ORDER.compare(e, n);
        if (c < 0) {
            n.groupLeft = delete(n.groupLeft, e);
        } else if (c > 0) {
            n.groupRight = delete(n.groupRight, e);
        } else {
            removed = true;
            QueueEntry merged = merge(n.groupLeft, n.groupRight);
            n.groupLeft = null;
            n.groupRight = null;
            n.groupIn = null;
            return merged;
        }
        return n;
    }

    private static QueueEntry merge(QueueEntry a, QueueEntry b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.groupPriority > b.groupPriority) {
            a.groupRight = merge(a.groupRight, b);
            return a;
        }
        b.groupLeft = merge(a, b.groupLeft);
        return b;
    }

    /** A well-spread priority from the entry's sequence and arrival (SplitMix64's finalizer). */
    private static int mix(long seq, long arrival) {
        long z = seq * 0x9E3779B97F4A7C15L + arrival;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31));
    }
}
