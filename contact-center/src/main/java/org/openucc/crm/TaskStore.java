package org.openucc.crm;

import java.util.Optional;

/** Follow-up tasks. Same write rules as {@link CustomerStore}. */
public interface TaskStore {

    FollowUpTask add(String customerId, TaskDraft draft);

    /**
     * A task from an interaction's wrap-up: for its customer, or unassigned (no customer) when the
     * customer was never identified.
     *
     * @param customerId the interaction's customer, or null
     */
    FollowUpTask addFromInteraction(String interactionId, String customerId, TaskDraft draft);

    /** Tasks that belong to no customer yet (from unidentified callers), earliest due first. */
    Page<FollowUpTask> unassigned(boolean openOnly, PageRequest page);

    Optional<FollowUpTask> find(String taskId);

    /** The customer's tasks, earliest due first (no due date last). */
    Page<FollowUpTask> tasks(String customerId, boolean openOnly, PageRequest page);

    /** An agent's tasks across customers, earliest due first: the agent's to-do list. */
    Page<FollowUpTask> tasksOwnedBy(String agentId, boolean openOnly, PageRequest page);

    FollowUpTask update(String taskId, long expectedVersion, TaskDraft draft);

    void delete(String taskId, long expectedVersion);
}
