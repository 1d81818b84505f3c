package org.openucc.crm;

import java.time.Instant;
import java.util.Objects;

/**
 * A free-text note on a customer, e.g. what the agent wrote at wrap-up.
 *
 * @param interactionId the interaction the note was written about, may be null
 */
public record Note(String id, String customerId, String author, String text, String interactionId, long version,
                   Instant createdAt, Instant updatedAt) {
    public Note {
        Objects.requireNonNull(id, "note id");
        Objects.requireNonNull(customerId, "customer id");
    }
}
