package org.openucc.store;

/**
 * What the interaction-log writer has done since start, for {@code /health}, metrics and the debug view.
 *
 * @param queuedAppends        appends waiting for the writer
 * @param queuedEvents         events waiting for the writer; growing means the database is not keeping up
 * @param queueCapacity        events that may wait before new requests are refused ({@code store.logQueueCapacity})
 * @param writeFailure         why the database cannot write now (the writer keeps retrying), or null while it can
 * @param retries              tries of a batch the database could not write, since start
 * @param lastCommitMicros     how long the last batch took to insert and commit durably
 * @param meanCommitMicros     the same, averaged over every batch since start
 * @param cdrStatesInMemory    folds that took the interaction's CDR state from the writer's memory instead of reading
 *                             its row (embedded H2, the log's only writer; always 0 on PostgreSQL)
 * @param gatheredCommits      commits that waited for {@code store.logCommitInterval} to gather more appends (the
 *                             writer was busy)
 * @param journalBytes         bytes appended to the journal since start (embedded H2 with {@code store.logJournal};
 *                             else 0): each is an acknowledged commit that did not force H2's file
 * @param journalCheckpoints   times H2's file was brought up to the journal and its closed segments deleted
 * @param cdrRowsUnchanged     folds that left the CDR as it was (events on the timeline only: IVR steps, chat
 *                             messages, monitoring), so its row was not written again (embedded H2; else 0)
 */
public record InteractionLogStats(long storedEvents, long batches, long failedEvents, int queuedAppends,
                                  long queuedEvents, int queueCapacity, String writeFailure, long retries,
                                  long lastCommitMicros, long meanCommitMicros, long cdrStatesInMemory,
                                  long gatheredCommits, long journalBytes, long journalCheckpoints,
                                  long cdrRowsUnchanged) {

    /** Whether the database can write now. */
    public boolean writing() {
        return writeFailure == null;
    }
}
