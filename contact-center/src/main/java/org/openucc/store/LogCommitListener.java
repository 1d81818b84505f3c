package org.openucc.store;

import java.util.List;
import org.openucc.log.LogEvent;

/**
 * Told by the interaction-log writer after each durable commit: what was stored and how long the
 * transaction took. Read-only: for metrics (commit latency, interactions by channel). Runs on the
 * writer's thread, so it must be quick and must not block or throw.
 */
@FunctionalInterface
public interface LogCommitListener {
    /**
     * @param events      the events the commit stored, in log order
     * @param commitNanos how long the batch's insert-and-commit took
     */
    void committed(List<LogEvent> events, long commitNanos);
}
