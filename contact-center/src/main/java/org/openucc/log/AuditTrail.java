package org.openucc.log;

import java.util.concurrent.CompletableFuture;

/**
 * Writes who changed what into the interaction log ({@link LogEventType#ADMIN_CHANGE}): administrators'
 * changes of agents and imports, supervisors steering agents, customer deletions. The future completes
 * once the entry is durable, so a change is acknowledged only with its audit entry stored.
 */
public final class AuditTrail {
    private final InteractionLog log;

    public AuditTrail(InteractionLog log) {
        this.log = log;
    }

    /**
     * @param actor  the user name
     * @param entity what kind of thing changed (agent, customer, customers…)
     * @param action create, update, delete, import, state…
     * @param change a short description a person can read
     */
    public CompletableFuture<LogEvent> record(String actor, String entity, String entityId, String action,
                                              String change) {
        return log.append(NewLogEvent.adminChange(null, actor, entity, entityId, action, change));
    }
}
