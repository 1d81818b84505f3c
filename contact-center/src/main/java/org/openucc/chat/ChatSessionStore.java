package org.openucc.chat;

import java.time.Instant;
import java.util.List;

/**
 * Where open chats are kept so a visitor resumes the same chat after a restart: what the pre-chat form
 * said, the queue, and the SHA-256 of the resume token (never the token). Blocking.
 */
public interface ChatSessionStore {
    /**
     * One open chat.
     *
     * @param tokenHash hex SHA-256 of the visitor's resume token
     */
    record StoredChat(String interactionId, String tokenHash, PreChat form, String queueId, String clientAddress,
                      String customerId, Instant startedAt) {
    }

    /** Durable when this returns. */
    void save(StoredChat chat);

    /** The chat ended: it is no longer brought back at a restart. */
    void ended(String interactionId, Instant at);

    /** Chats not ended, oldest first. */
    List<StoredChat> open();

    // ------------------------------------------------------------------ cluster: which node carries a chat

    /** An open chat with the node that carries it (its visitor's socket; null: saved by a single node). */
    record Carried(StoredChat chat, String nodeId) {
    }

    /** Open chats with their node, oldest first. */
    List<Carried> openCarried();

    /** The open chat of a resume token's hash, with its node; null if none is open. */
    Carried byTokenHash(String tokenHash);

    /** The node carrying the open chat; null if the chat is not open (ended, or never stored). */
    String carrier(String interactionId);

    /**
     * Moves an open chat from node {@code from} (null: no node) to node {@code to} if it is still on {@code from}:
     * of several nodes taking the same chat over, exactly one gets true. Durable when this returns.
     */
    boolean move(String interactionId, String from, String to);
}
