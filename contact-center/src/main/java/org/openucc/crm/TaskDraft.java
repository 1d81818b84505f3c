package org.openucc.crm;

import java.time.Instant;

/** A follow-up task to create or replace; status null means OPEN. */
public record TaskDraft(String subject, Instant due, String ownerAgentId, TaskStatus status) {
    public TaskDraft {
        status = status == null ? TaskStatus.OPEN : status;
    }
}
