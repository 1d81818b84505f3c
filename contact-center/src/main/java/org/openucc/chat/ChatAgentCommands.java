package org.openucc.chat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.cti.AgentChannelCommands;
import org.openucc.fault.UnavailableException;
import org.openucc.json.JsonFields;

/** The agent stream's chat messages (docs/agent-protocol-chat.md): chatSend, chatTyping, chatRead. */
public final class ChatAgentCommands implements AgentChannelCommands {
    private final Supplier<ChatService> chats;

    public ChatAgentCommands(Supplier<ChatService> chats) {
        this.chats = chats;
    }

    @Override
    public Optional<CompletableFuture<?>> command(Caller caller, String type, JsonFields f) {
        if (!type.equals("chatSend") && ChatSupervisorCommands.TYPES.contains(type)) {
            // An agent (or anyone on the agent stream) asking to monitor a chat: say why not, not "unknown type".
            caller.require(Role.SUPERVISOR);
            throw new AccessDeniedException("'" + type + "' is a supervisor's message: send it on /ws/supervisor");
        }
        if (!type.equals("chatSend") && !type.equals("chatTyping") && !type.equals("chatRead")) {
            return Optional.empty();
        }
        String id = f.text("interactionId", true, 100);
        ChatService service = chats.get();
        switch (type) {
            case "chatSend" -> {
                String text = f.text("text", true, 100_000);
                f.end();
                return Optional.of(running(service).agentLine(caller, id, text)
                        .thenApply(m -> Map.of("messageId", m.id(), "at", m.at().toString())));
            }
            case "chatTyping" -> {
                Boolean typing = f.bool("typing", true);
                f.end();
                return Optional.of(running(service).agentTyping(caller, id, typing));
            }
            default -> {
                String messageId = f.text("messageId", true, 64);
                f.end();
                return Optional.of(running(service).agentRead(caller, id, messageId));
            }
        }
    }

    @Override
    public String types() {
        return "chatSend, chatTyping, chatRead";
    }

    private static ChatService running(ChatService s) {
        if (s == null) {
            throw UnavailableException.here("web chat is not enabled on this server");
        }
        return s;
    }
}
