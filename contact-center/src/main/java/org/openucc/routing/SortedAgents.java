package org.openucc.routing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Agents kept sorted by one comparator, as a list of small sorted chunks (a two-level B-tree): entering
 * and leaving cost two binary searches and a short array shift, with no node allocated or rebalanced.
 * Used for the availability index's least-busy order, where agents come and go on every offer.
 * Elements must be distinct under the comparator, and their keys must not change while inside.
 */
final class SortedAgents implements Iterable<AgentSession> {
    private static final int CHUNK = 64;

    private final Comparator<AgentSession> order;
    private AgentSession[][] chunks = new AgentSession[1][];
    private int[] sizes = new int[1];
    private int chunkCount;
    private int size;

    SortedAgents(Comparator<AgentSession> order) {
        this.order = order;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(AgentSession a) {
        if (chunkCount == 0) {
            insertChunk(0);
        }
        int c = chunkFor(a);
        AgentSession[] chunk = chunks[c];
        int n = sizes[c];
        int at = search(chunk, n, a);
        if (at >= 0) {
            throw new IllegalStateException(a + " is already in this availability bucket");
        }
        at = -at - 1;
        if (n == CHUNK) {
            // Split in halves, then insert into the half it belongs to.
            insertChunk(c + 1);
            AgentSession[] right = chunks[c + 1];
            System.arraycopy(chunk, CHUNK / 2, right, 0, CHUNK / 2);
            Arrays.fill(chunk, CHUNK / 2, CHUNK, null);
            sizes[c] = CHUNK / 2;
            sizes[c + 1] = CHUNK / 2;
            if (at > CHUNK / 2) {
                c++;
                at -= CHUNK / 2;
            }
            chunk = chunks[c];
            n = sizes[c];
        }
        System.arraycopy(chunk, at, chunk, at + 1, n - at);
        chunk[at] = a;
        sizes[c] = n + 1;
        size++;
    }

    /** Removes the agent if present; returns whether it was. */
    boolean remove(AgentSession a) {
        if (chunkCount == 0) {
            return false;
        }
        int c = chunkFor(a);
        AgentSession[] chunk = chunks[c];
        int n = sizes[c];
        int at = search(chunk, n, a);
        if (at < 0 || chunk[at] != a) {
            return false;
        }
        System.arraycopy(chunk, at + 1, chunk, at, n - at - 1);
        chunk[n - 1] = null;
        sizes[c] = n - 1;
        size--;
        if (n == 1) {
            removeChunk(c);
        }
        return true;
    }

    /** The first chunk whose last agent is not before {@code a}; the last chunk if there is none. */
    private int chunkFor(AgentSession a) {
        int lo = 0;
        int hi = chunkCount - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compare(chunks[mid][sizes[mid] - 1], a) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int search(AgentSession[] chunk, int n, AgentSession a) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = order.compare(chunk[mid], a);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private void insertChunk(int at) {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
            sizes = Arrays.copyOf(sizes, chunkCount * 2);
        }
        System.arraycopy(chunks, at, chunks, at + 1, chunkCount - at);
        System.arraycopy(sizes, at, sizes, at + 1, chunkCount - at);
        chunks[at] = new AgentSession[CHUNK];
        sizes[at] = 0;
        chunkCount++;
    }

    private void removeChunk(int at) {
        System.arraycopy(chunks, at + 1, chunks, at, chunkCount - at - 1);
        System.arraycopy(sizes, at + 1, sizes, at, chunkCount - at - 1);
        chunkCount--;
        chunks[chunkCount] = null;
        sizes[chunkCount] = 0;
    }

    /** In order. The set must not change while walked (searches only read the index). */
    @Override
    public Iterator<AgentSession> iterator() {
        return new Iterator<>() {
            private int c;
            private int i;

            @Override
            public boolean hasNext() {
                return c < chunkCount;
            }

            @Override
            public AgentSession next() {
                if (c >= chunkCount) {
                    throw new NoSuchElementException();
                }
                AgentSession a = chunks[c][i++];
                if (i == sizes[c]) {
                    c++;
                    i = 0;
                }
                return a;
            }
        };
    }
}
