package org.openucc.crm;

import java.time.Instant;
import java.util.Objects;

/**
 * Something someone must do by a date (call back, send an offer), for a customer, or, when it came
 * from an interaction whose customer was never identified, for nobody yet: then {@code customerId}
 * is null and {@code interactionId} says where it came from (the caller's number is in its record).
 *
 * @param customerId    the customer it is for; null for an unassigned task
 * @param interactionId the interaction it was created from at wrap-up; null for tasks added directly
 */
public record FollowUpTask(String id, String customerId, String subject, Instant due, String ownerAgentId,
                           TaskStatus status, long version, Instant createdAt, Instant updatedAt, String interactionId) {
    public FollowUpTask {
        Objects.requireNonNull(id, "task id");
        if (customerId == null && interactionId == null) {
            throw new IllegalArgumentException("task " + id + " has neither a customer nor an interaction");
        }
    }
}
