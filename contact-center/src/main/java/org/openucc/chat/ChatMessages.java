package org.openucc.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openucc.json.ApiJson;
import org.openucc.message.TranscriptMessage;

/** The JSON messages of the visitor WebSocket and the chat types of the agent stream (docs/agent-protocol-chat.md). */
public final class ChatMessages {
    private ChatMessages() {
    }

    static ObjectNode line(TranscriptMessage m) {
        ObjectNode o = ApiJson.mapper().createObjectNode().put("messageId", m.id())
                .put("from", m.fromSupervisor() ? "supervisor" : switch (m.direction()) {
                    case IN -> "visitor";
                    case OUT -> "agent";
                    case SYSTEM -> "system";
                }).put("text", m.body()).put("at", m.at().toString());
        if (m.internal()) {
            o.put("internal", true);
        }
        if (m.author() != null) {
            o.put("name", m.author());
        }
        if (!m.attachments().isEmpty()) {
            ArrayNode files = o.putArray("attachments");
            for (int i = 0; i < m.attachments().size(); i++) {
                TranscriptMessage.Attachment a = m.attachments().get(i);
                files.addObject().put("index", i).put("name", a.name()).put("type", a.type()).put("size", a.size());
            }
        }
        return o;
    }

    static ArrayNode lines(List<TranscriptMessage> messages) {
        ArrayNode a = ApiJson.mapper().createArrayNode();
        messages.forEach(m -> a.add(line(m)));
        return a;
    }

    // ---- visitor side

    static String started(ChatSession s) {
        return ApiJson.message("started").put("chatId", s.interactionId).put("resumeToken", s.resumeToken)
                .put("position", s.position).put("estimatedWaitSeconds", s.estimatedWaitMillis / 1000).toString();
    }

    static String resumed(ChatSession s, String agentName) {
        ObjectNode m = ApiJson.message("resumed").put("chatId", s.interactionId).put("state", s.state.name())
                .put("position", s.position).put("estimatedWaitSeconds", s.estimatedWaitMillis / 1000);
        if (agentName != null) {
            m.put("agentName", agentName);
        }
        m.put("agentTookPart", s.agentTookPart);
        m.set("messages", lines(s.customerTranscript())); // never the whispers
        return m.toString();
    }

    static String queue(int position, long estimatedWaitMillis) {
        return ApiJson.message("queue").put("position", position).put("estimatedWaitSeconds", estimatedWaitMillis / 1000)
                .toString();
    }

    static String agentJoined(String agentName) {
        return ApiJson.message("agentJoined").put("agentName", agentName).toString();
    }

    static String transferred() {
        return ApiJson.message("transferred").put("text", "You are being transferred to another agent.").toString();
    }

    static String visitorLine(TranscriptMessage m) {
        if (m.internal()) {
            throw new IllegalArgumentException("message " + m.id() + " is internal (a whisper): never for the visitor");
        }
        ObjectNode o = ApiJson.message("message");
        o.setAll(line(m));
        return o.toString();
    }

    static String receipt(String clientId, String messageId, String status) {
        ObjectNode m = ApiJson.message("receipt").put("messageId", messageId).put("status", status);
        if (clientId != null) {
            m.put("clientId", clientId);
        }
        return m.toString();
    }

    static String typing(boolean typing) {
        return ApiJson.message("typing").put("typing", typing).toString();
    }

    /** @param agentTookPart whether an agent ever had the chat (the widget asks for a rating only then) */
    static String ended(String by, String reason, boolean agentTookPart) {
        return ApiJson.message("ended").put("by", by).put("reason", reason).put("agentTookPart", agentTookPart)
                .toString();
    }

    public static String done(String type) {
        return ApiJson.message(type).toString();
    }

    public static String error(String id, int status, String error, String message) {
        ObjectNode m = ApiJson.message("error").put("status", status).put("error", error).put("message", message);
        if (id != null) {
            m.put("id", id);
        }
        return m.toString();
    }

    // ---- agent side

    static String agentLine(String interactionId, TranscriptMessage m) {
        ObjectNode o = ApiJson.message("chatMessage").put("interactionId", interactionId);
        o.setAll(line(m));
        return o.toString();
    }

    static String agentTranscript(String interactionId, PreChat form, List<TranscriptMessage> messages) {
        ObjectNode o = ApiJson.message("chatTranscript").put("interactionId", interactionId)
                .put("visitorName", form.name());
        o.set("messages", lines(messages));
        return o.toString();
    }

    static String agentTyping(String interactionId, boolean typing) {
        return ApiJson.message("chatTyping").put("interactionId", interactionId).put("typing", typing).toString();
    }

    static String agentReceipt(String interactionId, String messageId, String status) {
        return ApiJson.message("chatReceipt").put("interactionId", interactionId).put("messageId", messageId)
                .put("status", status).toString();
    }

    static String visitorLeft(String interactionId, String reason) {
        return ApiJson.message("chatVisitorLeft").put("interactionId", interactionId).put("reason", reason).toString();
    }

    static String visitorBack(String interactionId) {
        return ApiJson.message("chatVisitorBack").put("interactionId", interactionId).toString();
    }
}
