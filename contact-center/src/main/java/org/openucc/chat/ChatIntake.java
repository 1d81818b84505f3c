package org.openucc.chat;

import org.openucc.config.ChatTopic;

/**
 * Turns a started chat into a CHAT interaction routed by the ACD (blocking): identifies the visitor in
 * the CRM, makes an unknown visitor who left details a new contact, logs and queues the interaction.
 */
public interface ChatIntake {
    /**
     * What was created: the interaction, the customer (null if anonymous), where it waits; state
     * REJECTED with the reason when the ACD refused it (queue full, or "closed: ..." outside business hours).
     */
    record Started(String interactionId, String customerId, String state, int position, long estimatedWaitMillis,
                   String reason) {
    }

    Started start(PreChat form, ChatTopic topic, String clientAddress);
}
