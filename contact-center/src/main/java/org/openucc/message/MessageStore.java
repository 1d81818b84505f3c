package org.openucc.message;

import java.util.List;
import java.util.Optional;

/** Where transcripts live: append, read an interaction's, find by email Message-ID, search text. */
public interface MessageStore {
    /** Stores the message (its id and time are set by the caller); durable when this returns. */
    TranscriptMessage add(TranscriptMessage message);

    /** The interaction's messages, oldest first. */
    List<TranscriptMessage> transcript(String interactionId);

    /** The message that carried this RFC 5322 Message-ID, if one did. */
    Optional<TranscriptMessage> byMailId(String messageId);

    /**
     * Messages whose text or subject contains {@code text} (any case), newest first; customer optional.
     *
     * @param agentId when not null, only messages of interactions the interaction log shows this agent
     *                concerned (offered, handled, transferred): what an agent may read
     */
    List<TranscriptMessage> search(String text, String customerId, String agentId, int limit);

    /** Sets the customer of every message of an interaction that has none (the visitor left details). */
    void assignCustomer(String interactionId, String customerId);
}
