package org.openucc.cti;

/**
 * What a wrap-up stored: the disposition (in the interaction log) and the agent's note on the customer.
 *
 * @param customerId the customer the note went to; null if the interaction has none (the notes are
 *                   then only in the disposition event)
 * @param noteId     the note added, or null when there were no notes or no customer
 */
public record WrapUpResult(String interactionId, String disposition, String customerId, String noteId) {
}
