package org.openucc.crm;

import java.time.Instant;
import java.util.Objects;

/**
 * A service request (ticket) of a customer.
 *
 * @param closedAt when it left the open states (RESOLVED or CLOSED), null while open
 */
public record ServiceCase(String id, String customerId, String subject, String description, CaseStatus status,
                          CasePriority priority, String ownerAgentId, Instant openedAt, Instant closedAt, long version,
                          Instant updatedAt) {
    public ServiceCase {
        Objects.requireNonNull(id, "case id");
        Objects.requireNonNull(customerId, "customer id");
    }
}
