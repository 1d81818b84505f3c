package org.openucc.store;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openucc.log.SummaryState;

/**
 * The CDR states as the interaction log's only writer last committed them, so folding an interaction's next events
 * need not read its row back (on the embedded H2, which belongs to one node, the writer thread is the only one that
 * folds the log's live traffic; that read was a third of the writer's CPU in the soak). A transaction's new states
 * are pending until it commits; a failed one forgets what it touched, so the next fold reads the row again. Held by
 * the writer's thread only.
 */
final class CommittedCdrStates {
    /** Interactions kept, the most recently folded: calls, chats and mails going on at once, with room to spare. */
    static final int KEPT = 20_000;

    private final Map<String, SummaryState> committed = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SummaryState> eldest) {
            return size() > KEPT;
        }
    };
    private final Map<String, SummaryState> pending = new HashMap<>();
    /** Written by the writer's thread only; read by others for the stats. */
    private volatile long hits;
    private volatile long misses;
    private volatile long unchanged;

    /** The committed state of the interaction, or null if not known here (then the row is read). */
    SummaryState get(String interactionId) {
        SummaryState s = committed.get(interactionId);
        if (s == null) {
            misses++;
        } else {
            hits++;
        }
        return s;
    }

    /** The state this transaction stores for the interaction. */
    void folded(String interactionId, SummaryState state) {
        pending.put(interactionId, state);
    }

    /** The transaction committed: its states are the stored ones now. */
    void commitDone() {
        committed.putAll(pending);
        pending.clear();
    }

    /** The transaction failed (or its outcome is unknown): what it touched is read from the store next time. */
    void rolledBack() {
        pending.keySet().forEach(committed::remove);
        pending.clear();
    }

    /** A fold left the CDR as it was: its row was not written. */
    void unchanged() {
        unchanged++;
    }

    long unchangedFolds() {
        return unchanged;
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }
}
