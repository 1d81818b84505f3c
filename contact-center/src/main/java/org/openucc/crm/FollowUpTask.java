package org.openucc.crm;

import java.time.Instant;
import java.util.Objects;

/** Something someone must do for a customer by a date (call back, send an offer). */
public record FollowUpTask(String id, String customerId, String subject, Instant due, String ownerAgentId,
                           TaskStatus status, long version, Instant createdAt, Instant updatedAt) {
    public FollowUpTask {
        Objects.requireNonNull(id, "task id");
        Objects.requireNonNull(customerId, "customer id");
    }
}
