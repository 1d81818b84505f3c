package org.openucc.store;

/**
 * What the interaction-log writer has done since start, for {@code /health} and the debug view.
 *
 * @param queuedAppends appends waiting for the writer; growing means the database is not keeping up
 */
public record InteractionLogStats(long storedEvents, long batches, long failedEvents, int queuedAppends) {
}
