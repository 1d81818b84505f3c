package org.openucc.voice;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the voice flow writes down what only it knows about a call (the interaction log in the
 * server); the ACD's own events (queued, offered, connected, ended) are logged from the engine.
 * Must not block and must not throw. What an agent asked for (hold, resume, transfer) returns a stage
 * that completes once it is durable: the agent's command is answered only then.
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

    /**
     * Throws (a {@code fault.UnavailableException}) when an agent's request must be refused before it
     * changes anything, because the journal is too far behind or cannot write.
     */
    default void admit() {
    }

    /** The agent put the caller on hold (hold music) or took them back; completes once durable. */
    default CompletionStage<Void> held(String interactionId, String agentId) {
        return CompletableFuture.completedFuture(null);
    }

    default CompletionStage<Void> resumed(String interactionId, String agentId) {
        return CompletableFuture.completedFuture(null);
    }

    /** The agent handed the caller to an outside number; the call leaves the contact center. Completes once durable. */
    default CompletionStage<Void> transferredOut(String interactionId, String agentId, String destination) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A supervisor joined the call (MONITOR_STARTED), switched mode (MONITOR_MODE_CHANGED, {@code from} the
     * mode before) or left it (MONITOR_ENDED, with the reason and how long); each completes once durable.
     */
    default CompletionStage<Void> monitor(String interactionId, String agentId, MonitorEvent event) {
        return CompletableFuture.completedFuture(null);
    }

    /** What happened to a supervisor's monitoring session, for the log. */
    record MonitorEvent(org.openucc.log.LogEventType type, String supervisor, org.openucc.telephony.MonitorMode mode,
                        org.openucc.telephony.MonitorMode from, String reason, Long seconds) {
    }

    /** The call ended before it reached the ACD or the IVR (e.g. the caller hung up at once). */
    default void ended(String interactionId, String cause, String detail) {
    }

    /** The call could not be handled (the IVR failed without a queue to fall back on, the ACD refused it). */
    default void failed(String interactionId, String reason) {
    }
}
