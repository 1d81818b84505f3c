package org.openucc.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import org.openucc.message.TranscriptMessage;

/**
 * One web chat: its interaction, the visitor's connections (several tabs, or none for a moment after
 * a reload), the agent who has it, and the transcript so far. Fields are guarded by the session's
 * monitor; blocking work (the store) runs on {@link #serial} so messages keep their order.
 */
public final class ChatSession {
    enum State { WAITING, CONNECTED, ENDED }

    final String interactionId;
    /** The visitor's resume token as handed out at start; null for a chat brought back after a restart. */
    final String resumeToken;
    /** Hex SHA-256 of the resume token: how the chat is found (and all that is stored). */
    final String tokenHash;
    final PreChat form;
    final String queueId;
    final String clientAddress;
    final Executor serial;
    final Set<VisitorPeer> peers = new CopyOnWriteArraySet<>();
    final List<TranscriptMessage> messages = new ArrayList<>();
    String customerId;
    // Written under the monitor, read without it by the routing listener and the sockets: volatile.
    volatile State state = State.WAITING;
    volatile String agentId;
    int position;
    long estimatedWaitMillis;
    boolean rated;
    /** Whether an agent ever had the chat: only then is the visitor asked for (and may give) a rating. */
    volatile boolean agentTookPart;
    /** In a cluster: another node took the chat over (its visitor came back there); this one no longer acts on it. */
    volatile boolean handedOver;
    /** In a cluster: done once a chat this node took over knows from the engine where it stands (resumes wait for it). */
    volatile java.util.concurrent.CompletableFuture<Void> settled = java.util.concurrent.CompletableFuture.completedFuture(null);
    String transcriptTo;
    boolean transcriptSent;
    ScheduledFuture<?> leaveTimer;

    ChatSession(String interactionId, String resumeToken, String tokenHash, PreChat form, String queueId,
                String clientAddress, String customerId, Executor serial) {
        this.interactionId = interactionId;
        this.resumeToken = resumeToken;
        this.tokenHash = tokenHash;
        this.form = form;
        this.queueId = queueId;
        this.clientAddress = clientAddress;
        this.customerId = customerId;
        this.serial = serial;
    }

    synchronized List<TranscriptMessage> transcript() {
        return List.copyOf(messages);
    }

    /** What the visitor may see of the transcript: every line but the supervisors' whispers to the agent. */
    synchronized List<TranscriptMessage> customerTranscript() {
        return messages.stream().filter(TranscriptMessage::forCustomer).toList();
    }

    synchronized TranscriptMessage find(String messageId) {
        return messages.stream().filter(m -> m.id().equals(messageId)).findFirst().orElse(null);
    }

    void toVisitor(String message) {
        peers.forEach(p -> p.send(message));
    }
}
