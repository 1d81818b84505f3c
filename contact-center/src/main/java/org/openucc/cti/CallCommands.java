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

    // A supervisor's monitoring of a connected call (the supervisor's role is checked before it gets here).

    /**
     * Rings {@code phone} (the supervisor's own SIP account) and, once it answers, joins it to the call in
     * {@code mode}; completes then. Fails with a CONFLICT when the interaction has no connected call here,
     * is monitored already, the phone is not registered or does not answer.
     */
    default CompletionStage<MonitorSession> monitor(String interactionId, String supervisor, String phone,
                                                    org.openucc.telephony.MonitorMode mode) {
        return notMonitored(interactionId);
    }

    /** Changes the mode of the session {@code supervisor} runs (any session's when {@code anyone}, an admin's right). */
    default CompletionStage<MonitorSession> changeMonitor(String interactionId, String supervisor, boolean anyone,
                                                          org.openucc.telephony.MonitorMode mode) {
        return notMonitored(interactionId);
    }

    /** Ends the session {@code supervisor} runs (any session when {@code anyone}); the supervisor's phone is hung up. */
    default CompletionStage<Void> stopMonitor(String interactionId, String supervisor, boolean anyone) {
        return notMonitored(interactionId);
    }

    private static <T> CompletionStage<T> notMonitored(String interactionId) {
        return java.util.concurrent.CompletableFuture.failedFuture(new org.openucc.routing.RoutingException(
                org.openucc.routing.RoutingException.Kind.CONFLICT, "interaction " + interactionId
                + " cannot be monitored: its telephony does not offer listen, whisper or barge"));
    }
}
