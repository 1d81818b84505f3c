package org.openucc.cti;

/**
 * What a wrap-up stored: the disposition (in the interaction log), the agent's note on the customer
 * and the follow-up task.
 *
 * @param customerId the customer the note went to; null if the interaction has none (the notes are
 *                   then only in the disposition event)
 * @param noteId     the note added, or null when there were no notes or no customer
 * @param taskId     the follow-up task created, or null when none was asked for; without a customer
 *                   it is unassigned (it names the interaction)
 */
public record WrapUpResult(String interactionId, String disposition, String customerId, String noteId, String taskId) {
}
