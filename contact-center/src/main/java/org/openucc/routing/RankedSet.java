package org.openucc.routing;

import java.util.SplittableRandom;

/**
 * A queue's waiting entries in queue order ({@link RoutingQueue#ORDER}) that answers "how many come
 * before this one" in O(log n): a treap whose nodes count their subtree. Used for queue positions,
 * which must not cost a scan of the queue. The nodes are the entries themselves (links on
 * {@link QueueEntry}), so adding allocates nothing and a step down reads one object, not a node and
 * then its entry. An entry is in at most one set at a time (its queue's).
 */
final class RankedSet {
    private final SplittableRandom random = new SplittableRandom(0x5eed);
    private QueueEntry root;

    int size() {
        return size(root);
    }

    void add(QueueEntry e) {
        e.rankLeft = null;
        e.rankRight = null;
        e.rankSize = 1;
        e.rankPriority = random.nextInt();
        root = insert(root, e);
    }

    boolean remove(QueueEntry e) {
        int before = size(root);
        root = delete(root, e);
        return size(root) != before;
    }

    /** Number of entries strictly before {@code e} (its 0-based position if present). */
    int rank(QueueEntry e) {
        int rank = 0;
        QueueEntry n = root;
        while (n != null) {
            if (RoutingQueue.ORDER.compare(e, n) <= 0) {
                n = n.rankLeft;
            } else {
                rank += size(n.rankLeft) + 1;
                n = n.rankRight;
            }
        }
        return rank;
    }

    QueueEntry first() {
        QueueEntry n = root;
        if (n == null) {
            return null;
        }
        while (n.rankLeft != null) {
            n = n.rankLeft;
        }
        return n;
    }

    private static QueueEntry insert(QueueEntry n, QueueEntry fresh) {
        if (n == null) {
            return fresh;
        }
        if (RoutingQueue.ORDER.compare(fresh, n) < 0) {
            n.rankLeft = insert(n.rankLeft, fresh);
            if (n.rankLeft.rankPriority > n.rankPriority) {
                n = rotateRight(n);
            }
        } else {
            n.rankRight = insert(n.rankRight, fresh);
            if (n.rankRight.rankPriority > n.rankPriority) {
                n = rotateLeft(n);
            }
        }
        n.rankSize = 1 + size(n.rankLeft) + size(n.rankRight);
        return n;
    }

    private static QueueEntry delete(QueueEntry n, QueueEntry e) {
        if (n == null) {
            return null;
        }
        int c = RoutingQueue.ORDER.compare(e, n);
        if (c < 0) {
            n.rankLeft = delete(n.rankLeft, e);
        } else if (c > 0) {
            n.rankRight = delete(n.rankRight, e);
        } else {
            QueueEntry merged = merge(n.rankLeft, n.rankRight);
            n.rankLeft = null;
            n.rankRight = null;
            return merged;
        }
        n.rankSize = 1 + size(n.rankLeft) + size(n.rankRight);
        return n;
    }

    private static QueueEntry merge(QueueEntry a, QueueEntry b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.rankPriority > b.rankPriority) {
            a.rankRight = merge(a.rankRight, b);
            a.rankSize = 1 + size(a.rankLeft) + size(a.rankRight);
            return a;
        }
        b.rankLeft = merge(a, b.rankLeft);
        b.rankSize = 1 + size(b.rankLeft) + size(b.rankRight);
        return b;
    }

    private static QueueEntry rotateRight(QueueEntry n) {
        QueueEntry l = n.rankLeft;
        n.rankLeft = l.rankRight;
        l.rankRight = n;
        n.rankSize = 1 + size(n.rankLeft) + size(n.rankRight);
        l.rankSize = 1 + size(l.rankLeft) + size(l.rankRight);
        return l;
    }

    private static QueueEntry rotateLeft(QueueEntry n) {
        QueueEntry r = n.rankRight;
        n.rankRight = r.rankLeft;
        r.rankLeft = n;
        n.rankSize = 1 + size(n.rankLeft) + size(n.rankRight);
        r.rankSize = 1 + size(r.rankLeft) + size(r.rankRight);
        return r;
    }

    private static int size(QueueEntry n) {
        return n == null ? 0 : n.rankSize;
    }
}
