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
}
