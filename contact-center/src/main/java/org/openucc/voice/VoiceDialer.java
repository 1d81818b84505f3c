package org.openucc.voice;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Agent-first dialling for the channels that call customers (web callbacks, agents' dial-outs; campaigns next):
 * the agent's phone rings, then the customer's number, and the two are bridged as one voice call of
 * the contact center (recorded, held, transferred and hung up from the console like an inbound call).
 */
@FunctionalInterface
public interface VoiceDialer {
    /**
     * @param interactionId the interaction, already connected to {@code agentId} in the ACD
     * @param customerUri   where the customer is dialled (a SIP URI)
     * @param callerId      the number the customer (and the agent) see
     */
    CompletionStage<DialOutcome> dialAgentFirst(String interactionId, String agentId, String customerUri,
                                                String callerId, Duration ringTimeout);
}
