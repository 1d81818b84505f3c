package org.openucc.routing;

import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * A sorted set that answers "how many elements come before this one" in O(log n): a treap whose
 * nodes count their subtree. Used for queue positions, which must not cost a scan of the queue.
 * Elements must be distinct under the comparator.
 */
final class RankedSet<T> {
    private static final class Node<T> {
        final T value;
        final int priority;
        Node<T> left;
        Node<T> right;
        int size = 1;

        Node(T value, int priority) {
            this.value = value;
            this.priority = priority;
        }
    }

    private final Comparator<? super T> order;
    private final SplittableRandom random = new SplittableRandom(0x5eed);
    private Node<T> root;

    RankedSet(Comparator<? super T> order) {
        this.order = order;
    }

    int size() {
        return size(root);
    }

    void add(T value) {
        root = insert(root, new Node<>(value, random.nextInt()));
    }

    boolean remove(T value) {
        int before = size(root);
        root = delete(root, value);
        return size(root) != before;
    }

    /** Number of elements strictly before {@code value} (its 0-based position if present). */
    int rank(T value) {
        int rank = 0;
        Node<T> n = root;
        while (n != null) {
            int c = order.compare(value, n.value);
            if (c <= 0) {
                n = n.left;
            } else {
                rank += size(n.left) + 1;
                n = n.right;
            }
        }
        return rank;
    }

    T first() {
        Node<T> n = root;
        if (n == null) {
            return null;
        }
        while (n.left != null) {
            n = n.left;
        }
        return n.value;
    }

    private Node<T> insert(Node<T> n, Node<T> fresh) {
        if (n == null) {
            return fresh;
        }
        if (order.compare(fresh.value, n.value) < 0) {
            n.left = insert(n.left, fresh);
            if (n.left.priority > n.priority) {
                n = rotateRight(n);
            }
        } else {
            n.right = insert(n.right, fresh);
            if (n.right.priority > n.priority) {
                n = rotateLeft(n);
            }
        }
        n.size = 1 + size(n.left) + size(n.right);
        return n;
    }

    private Node<T> delete(Node<T> n, T value) {
        if (n == null) {
            return null;
        }
        int c = order.compare(value, n.value);
        if (c < 0) {
            n.left = delete(n.left, value);
        } else if (c > 0) {
            n.right = delete(n.right, value);
        } else {
            return merge(n.left, n.right);
        }
        n.size = 1 + size(n.left) + size(n.right);
        return n;
    }

    private Node<T> merge(Node<T> a, Node<T> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            a.size = 1 + size(a.left) + size(a.right);
            return a;
        }
        b.left = merge(a, b.left);
        b.size = 1 + size(b.left) + size(b.right);
        return b;
    }

    private Node<T> rotateRight(Node<T> n) {
        Node<T> l = n.left;
        n.left = l.right;
        l.right = n;
        n.size = 1 + size(n.left) + size(n.right);
        l.size = 1 + size(l.left) + size(l.right);
        return l;
    }

    private Node<T> rotateLeft(Node<T> n) {
        Node<T> r = n.right;
        n.right = r.left;
        r.left = n;
        n.size = 1 + size(n.left) + size(n.right);
        r.size = 1 + size(r.left) + size(r.right);
        return r;
    }

    private static int size(Node<?> n) {
        return n == null ? 0 : n.size;
    }
}
