package org.openucc.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where transcripts live: append, read an interaction's, find by email Message-ID, search text; and the files that
 * came with messages (a visitor's upload, a mail's attachments), kept in the same store so that every node of a
 * cluster can serve them and a node's death loses none.
 */
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

    /**
     * Keeps a file that came with a message under its {@link TranscriptMessage.Attachment#path() path}; durable when
     * this returns. Keeping the same path again replaces it.
     */
    void keepFile(String path, String interactionId, byte[] content, Instant at);

    /** A kept file's content, if it is (still) kept. */
    Optional<byte[]> file(String path);

    /** Forgets a kept file (its message could not be stored after all). */
    void discardFile(String path);

    /** Deletes the files kept before {@code cutoff}; returns how many went (the transcripts keep their names). */
    int deleteFilesBefore(Instant cutoff);
}
