package org.openucc.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A check every interaction-log commit runs first, in the same transaction: while set, nothing is stored unless it
 * passes. A cluster's engine owner fences its log with its lease ({@code cluster_engine_lease}): once another node
 * took the engine over, the old owner's commits fail instead of racing the new owner's.
 */
@FunctionalInterface
public interface LogFence {
    /** Throws (an unchecked exception, rolled back; the appends fail) when this node may no longer write. */
    void check(Connection connection) throws SQLException;
}
