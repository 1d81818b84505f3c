package org.openucc.routing;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The interactions present in one queue (waiting or ringing) in {@link RoutingQueue#ARRIVAL} order,
 * as an intrusive doubly linked list through the entries. A new arrival belongs at the tail, so adding
 * is O(1) in practice (a restored interaction with an older time walks back to its place) and leaving
 * is O(1): no tree to rebalance on the routing path.
 */
final class ArrivalList implements Iterable<QueueEntry> {
    private QueueEntry head;
    private QueueEntry tail;
    private int size;

    void add(QueueEntry e) {
        if (e.presentIn != null) {
            throw new IllegalStateException(e + " is already present in a queue");
        }
        QueueEntry after = tail;
        while (after != null && RoutingQueue.ARRIVAL.compare(e, after) < 0) {
            after = after.presentPrev;
        }
        e.presentPrev = after;
        e.presentNext = after == null ? head : after.presentNext;
        if (e.presentNext == null) {
            tail = e;
        } else {
            e.presentNext.presentPrev = e;
        }
        if (after == null) {
            head = e;
        } else {
            after.presentNext = e;
        }
        e.presentIn = this;
        size++;
    }

    /** Removes the entry if it is in this list; returns whether it was. */
    boolean remove(QueueEntry e) {
        if (e.presentIn != this) {
            return false;
        }
        if (e.presentPrev == null) {
            head = e.presentNext;
        } else {
            e.presentPrev.presentNext = e.presentNext;
        }
        if (e.presentNext == null) {
            tail = e.presentPrev;
        } else {
            e.presentNext.presentPrev = e.presentPrev;
        }
        e.presentPrev = null;
        e.presentNext = null;
        e.presentIn = null;
        size--;
        return true;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Oldest first. The entries may change state while walked, but must not leave the list meanwhile. */
    @Override
    public Iterator<QueueEntry> iterator() {
        return new Iterator<>() {
            private QueueEntry next = head;

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
                next = e.presentNext;
                return e;
            }
        };
    }

    Stream<QueueEntry> stream() {
        return StreamSupport.stream(Spliterators.spliterator(iterator(), size, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
