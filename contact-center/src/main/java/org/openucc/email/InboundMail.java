package org.openucc.email;

import java.util.List;

/**
 * A mail as the email channel needs it, read from MIME at the edge (no Jakarta Mail type inside).
 *
 * @param messageId  RFC 5322 §3.6.4 Message-ID (with its angle brackets); made up if the mail had none
 * @param inReplyTo  the Message-ID it answers, may be null
 * @param references the thread's Message-IDs, oldest first
 * @param html       the HTML body after sanitizing, null if none
 * @param automatic  sent by a machine (RFC 3834 Auto-Submitted, or a bulk/list Precedence): never acknowledged
 */
public record InboundMail(String messageId, String inReplyTo, List<String> references, String fromAddress,
                          String fromName, List<String> to, String subject, String text, String html,
                          List<Part> attachments, boolean automatic) {
    public InboundMail {
        references = references == null ? List.of() : List.copyOf(references);
        to = to == null ? List.of() : List.copyOf(to);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        subject = subject == null ? "" : subject;
        text = text == null ? "" : text;
    }

    /** An attachment's bytes; {@code tooLarge} ones carry none. */
    public record Part(String name, String type, long size, byte[] bytes, boolean tooLarge) {
    }
}
