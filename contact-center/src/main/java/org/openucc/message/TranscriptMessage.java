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
 * @param internal    for staff only: a supervisor's whisper to the agent of a chat. Never shown, sent or
 *                    mailed to the customer ({@link #forCustomer()})
 * @param fromSupervisor written by a supervisor (a whisper, or a line after joining the chat), not the agent
 */
public record TranscriptMessage(String id, String interactionId, String channel, String customerId, Direction direction,
                                String author, String body, String html, MailHeaders mail,
                                List<Attachment> attachments, Instant at, boolean internal, boolean fromSupervisor) {
    public TranscriptMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message the customer may see (not internal), as the channels write them. */
    public TranscriptMessage(String id, String interactionId, String channel, String customerId, Direction direction,
                             String author, String body, String html, MailHeaders mail,
                             List<Attachment> attachments, Instant at) {
        this(id, interactionId, channel, customerId, direction, author, body, html, mail, attachments, at, false, false);
    }

    /** Whether the customer may see it: everything but a supervisor's whisper. */
    public boolean forCustomer() {
        return !internal;
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
