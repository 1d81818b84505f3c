package org.openucc.chat;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openucc.crm.Ids;
import org.openucc.fault.StateConflictException;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a chat leaves behind: its lines in the transcript store and as MESSAGE_RECEIVED/SENT in the
 * interaction log (a supervisor's whisper marked internal), the rating, the supervisors' monitoring
 * sessions, and the transcript mailed to the visitor on request (without the whispers).
 */
final class ChatRecord {
    private static final Logger log = LoggerFactory.getLogger(ChatRecord.class);

    private final MessageStore messages;
    private final InteractionLog interactionLog;
    private final TranscriptMailer mailer;
    private final InstantSource clock;
    private final Ids ids;

    ChatRecord(MessageStore messages, InteractionLog interactionLog, TranscriptMailer mailer, InstantSource clock) {
        this.messages = messages;
        this.interactionLog = interactionLog;
        this.mailer = mailer;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    String newId() {
        return ids.next("msg");
    }

    boolean canMail() {
        return mailer != null;
    }

    /** A new line of the chat, added to the session's transcript (not stored yet). */
    TranscriptMessage line(ChatSession s, TranscriptMessage.Direction direction, String author, String text) {
        return line(s, direction, author, text, false, false);
    }

    /**
     * A new line, possibly a supervisor's: {@code internal} for a whisper only staff may see (never the
     * visitor), {@code fromSupervisor} for any supervisor's line. Added to the transcript, not stored yet.
     */
    TranscriptMessage line(ChatSession s, TranscriptMessage.Direction direction, String author, String text,
                           boolean internal, boolean fromSupervisor) {
        return add(s, new TranscriptMessage(newId(), s.interactionId, Channel.CHAT.name(), s.customerId, direction,
                author, text, null, null, List.of(), clock.instant(), internal, fromSupervisor));
    }

    /** A file the visitor sent, as a line of the chat (not stored yet). */
    TranscriptMessage file(ChatSession s, String id, TranscriptMessage.Attachment file) {
        return add(s, new TranscriptMessage(id, s.interactionId, Channel.CHAT.name(), s.customerId,
                TranscriptMessage.Direction.IN, s.form.name(), "[file] " + file.name(), null, null, List.of(file),
                clock.instant()));
    }

    private static TranscriptMessage add(ChatSession s, TranscriptMessage m) {
        synchronized (s) {
            s.messages.add(m);
        }
        return m;
    }

    /** Refuses a new line (503 with a retry hint) while the interaction log is too far behind or cannot write. */
    void admit() {
        interactionLog.admit();
    }

    /** Stores the line and logs it; durable when this returns (blocking). */
    void store(ChatSession s, TranscriptMessage m, LogEventType type) {
        messages.add(m);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("messageId", m.id());
        d.put("chars", m.body().length());
        if (m.internal()) {
            d.put("internal", true);
        }
        if (m.fromSupervisor()) {
            d.put("supervisor", m.author());
        }
        interactionLog.append(new NewLogEvent(m.at(), type, s.interactionId, m.direction()
                == TranscriptMessage.Direction.OUT ? s.agentId : null, null, s.customerId, m.author(), d)).join();
    }

    /**
     * A monitoring session's step (MONITOR_STARTED, MONITOR_MODE_CHANGED, MONITOR_ENDED) with who
     * monitors ({@code supervisor}), how ({@code mode}: VIEW, WHISPER, JOIN) and whom ({@code agent});
     * durable when this returns (blocking).
     */
    void monitorEvent(ChatSession s, LogEventType type, String supervisor, String mode, String previousMode,
                      String agentId, String reason) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("supervisor", supervisor);
        d.put("mode", mode);
        d.put("agent", agentId);
        if (previousMode != null) {
            d.put("previousMode", previousMode);
        }
        if (reason != null) {
            d.put("reason", reason);
        }
        d.put("channel", Channel.CHAT.name());
        interactionLog.append(new NewLogEvent(null, type, s.interactionId, agentId, s.queueId, s.customerId, supervisor,
                d)).join();
    }

    /** The satisfaction rating (1..5), once per chat. */
    CompletableFuture<Void> rate(ChatSession s, int score, String comment) {
        synchronized (s) {
            if (s.rated) {
                return CompletableFuture.failedFuture(new StateConflictException("this chat is already rated"));
            }
            if (!s.agentTookPart) {
                return CompletableFuture.failedFuture(new StateConflictException(
                        "no agent took part in this chat, so there is nothing to rate"));
            }
            s.rated = true;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("score", score);
        d.put("comment", comment);
        return interactionLog.append(new NewLogEvent(null, LogEventType.SATISFACTION_RATED, s.interactionId, null, null,
                s.customerId, "visitor", d)).thenApply(ev -> null);
    }

    /** Mails the transcript to the address the visitor asked for, once; the visitor hears how it went. */
    void mail(ChatSession s) {
        String to;
        synchronized (s) {
            if (s.transcriptSent || s.transcriptTo == null || mailer == null) {
                return;
            }
            s.transcriptSent = true;
            to = s.transcriptTo;
        }
        s.serial.execute(() -> {
            StringBuilder text = new StringBuilder("Your chat with us (reference " + s.interactionId + ")\n\n");
            for (TranscriptMessage m : s.customerTranscript()) {
                text.append('[').append(m.at()).append("] ").append(m.author() == null ? "" : m.author()).append(": ")
                        .append(m.body()).append('\n');
            }
            try {
                mailer.sendTranscript(to, "Your chat transcript (" + s.interactionId + ")", text.toString());
                s.toVisitor(ChatMessages.done("transcriptSent"));
            } catch (RuntimeException e) {
                log.warn("Transcript of chat {} could not be mailed: {}", s.interactionId, e.toString());
                s.toVisitor(ChatMessages.error(null, 502, "Bad Gateway", "the transcript could not be sent: "
                        + e.getMessage()));
            }
        });
    }
}
