package org.openucc.voice;

import java.util.Map;

/**
 * Where the voice flow writes down what only it knows about a call (the interaction log in the
 * server); the ACD's own events (queued, offered, connected, ended) are logged from the engine.
 * Must not block and must not throw.
 */
public interface VoiceJournal {
    VoiceJournal NONE = new VoiceJournal() {
    };

    /**
     * A call came in: its interaction exists from now on, with the customer its number belongs to
     * (null: unknown) and the context every channel passes (caller number, dialed number, phone).
     *
     * @param queueId the service number's queue, null when an IVR flow chooses it
     */
    default void created(String interactionId, String queueId, String customerId, Map<String, String> context) {
    }

    /** The agent's phone answered and the ACD gave the call to them (OFFER_ACCEPTED, as the console logs chats). */
    default void accepted(String interactionId, String agentId) {
    }

    /** The agent put the caller on hold (hold music) or took them back. */
    default void held(String interactionId, String agentId) {
    }

    default void resumed(String interactionId, String agentId) {
    }

    /** The agent handed the caller to an outside number; the call leaves the contact center. */
    default void transferredOut(String interactionId, String agentId, String destination) {
    }

    /** The call ended before it reached the ACD or the IVR (e.g. the caller hung up at once). */
    default void ended(String interactionId, String cause, String detail) {
    }

    /** The call could not be handled (the IVR failed without a queue to fall back on, the ACD refused it). */
    default void failed(String interactionId, String reason) {
    }
}
