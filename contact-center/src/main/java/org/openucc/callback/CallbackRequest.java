package org.openucc.callback;

import java.time.Instant;

/**
 * A web visitor's request to be called back, and where it stands.
 *
 * @param phone         E.164
 * @param interactionId the CALLBACK interaction of the current attempt (null while scheduled)
 * @param state         SCHEDULED (waits for its time), QUEUED (waits for an agent), DONE, FAILED
 */
public record CallbackRequest(String id, String name, String phone, String queueId, String customerId, String note,
                              Instant dueAt, int attempts, State state, String interactionId, String outcome,
                              Instant createdAt) {
    public enum State { SCHEDULED, QUEUED, DONE, FAILED }

    public CallbackRequest with(State newState, int newAttempts, Instant newDueAt, String newInteraction,
                                String newOutcome) {
        return new CallbackRequest(id, name, phone, queueId, customerId, note, newDueAt, newAttempts, newState,
                newInteraction, newOutcome, createdAt);
    }
}
