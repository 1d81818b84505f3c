package org.openucc.message;

import java.time.Instant;
import java.util.List;

/**
 * One message of an interaction's transcript: a chat line, an email, or a system notice.
 *
 * @param direction   IN from the customer, OUT from an agent (or the server on the company's behalf), SYSTEM
 * @param body        plain text, exactly as sent (escape it when showing it)
 * @param html        an email's HTML, already sanitized; null if it had none
 * @param mail        email headers, null for chat
 * @param attachments files that came with it
 */
public record TranscriptMessage(String id, String interactionId, String channel, String customerId, Direction direction,
                                String author, String body, String html, MailHeaders mail,
                                List<Attachment> attachments, Instant at) {
    public TranscriptMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public enum Direction { IN, OUT, SYSTEM }

    /** RFC 5322 headers that thread an email (§3.6.4) and its addresses. */
    public record MailHeaders(String subject, String messageId, String inReplyTo, List<String> references,
                              String from, List<String> to) {
        public MailHeaders {
            references = references == null ? List.of() : List.copyOf(references);
            to = to == null ? List.of() : List.copyOf(to);
        }
    }

    /** A file kept with a message; {@code path} is relative to the server's data directory. */
    public record Attachment(String name, String type, long size, String path) {
    }
}
