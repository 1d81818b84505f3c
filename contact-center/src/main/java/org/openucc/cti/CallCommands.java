package org.openucc.cti;

import java.util.concurrent.CompletionStage;

/**
 * What an agent's console may do to a voice interaction's call: the port the voice adapter (built-in
 * SIP stack or Asterisk) implements. Ownership is checked before a command gets here; a stage fails
 * with a message for the agent when the call cannot do it.
 */
public interface CallCommands {
    CompletionStage<Void> hold(String interactionId, String agentId);

    CompletionStage<Void> resume(String interactionId, String agentId);

    /** Blind transfer of the customer to an outside number or SIP URI. */
    CompletionStage<Void> transfer(String interactionId, String agentId, String destination);

    CompletionStage<Void> hangup(String interactionId, String agentId);

    /** Sends DTMF to the customer's side (another company's IVR), as RFC 4733 events; digits 0-9 * # A-D. */
    CompletionStage<Void> sendDtmf(String interactionId, String agentId, String digits);
}
