package org.openucc.routing;

import java.util.Iterator;

/**
 * A walk over one sorted bucket of the {@link AvailabilityIndex} that also gives the sort key of the
 * agent it returned last, as primitives: the {@link AgentCursor.Merge} of several buckets compares
 * these instead of calling the order's comparator, which reads the agent (and its load array) on
 * every comparison. The key is (key1, key2, key3) compared in that order, and agrees exactly with
 * {@link AvailabilityIndex#comparator}: longest idle (load, idle since, ordinal); agent order
 * (0, 0, ordinal); least busy time (busy millis, idle since, ordinal).
 */
abstract class BucketWalk implements Iterator<AgentSession> {
    long key1;
    long key2;
    int key3;

    /** Whether the last returned agent's key comes before {@code other}'s last returned key. */
    final boolean before(BucketWalk other) {
        if (key1 != other.key1) {
            return key1 < other.key1;
        }
        if (key2 != other.key2) {
            return key2 < other.key2;
        }
        return key3 < other.key3;
    }

    /** Least busy time: the key is read from the agent (its fields do not change while it is indexed). */
    static BucketWalk leastBusy(Iterator<AgentSession> sorted) {
        return new BucketWalk() {
            @Override
            public boolean hasNext() {
                return sorted.hasNext();
            }

            @Override
            public AgentSession next() {
                AgentSession a = sorted.next();
                key1 = a.busyMillis;
                key2 = a.idleSince;
                key3 = a.ordinal;
                return a;
            }
        };
    }
}
