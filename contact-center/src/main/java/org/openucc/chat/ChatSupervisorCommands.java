package org.openucc.chat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.cti.StreamPeer;
import org.openucc.cti.SupervisorChannelCommands;
import org.openucc.fault.UnavailableException;
import org.openucc.json.JsonFields;

/**
 * The supervisor stream's chat messages (docs/agent-protocol-chat.md, "Supervisors"): chatList,
 * chatMonitor (start, or change the mode: VIEW, WHISPER, JOIN), chatWhisper, chatSend (once joined),
 * chatMonitorStop. The role is checked on every message.
 */
public final class ChatSupervisorCommands implements SupervisorChannelCommands {
    static final Set<String> TYPES = Set.of("chatList", "chatMonitor", "chatWhisper", "chatSend", "chatMonitorStop");

    private final Supplier<ChatService> chats;

    public ChatSupervisorCommands(Supplier<ChatService> chats) {
        this.chats = chats;
    }

    @Override
    public Optional<CompletableFuture<?>> command(Caller caller, StreamPeer console, String type, JsonFields f) {
        if (!TYPES.contains(type)) {
            return Optional.empty();
        }
        caller.require(Role.SUPERVISOR);
        if (type.equals("chatList")) {
            f.end();
            // In a cluster: every node's open chats, each with the node that carries it.
            return Optional.of(running().clusterOpenChatList(caller).thenApply(chats -> Map.of("chats", chats)));
        }
        String id = f.text("interactionId", true, 100);
        ChatSupervision supervision = running().supervision();
        switch (type) {
            case "chatMonitor" -> {
                ChatSupervision.Mode mode = f.enumValue("mode", ChatSupervision.Mode.class, false);
                f.end();
                return Optional.of(supervision.monitor(caller, console, id, mode == null ? ChatSupervision.Mode.VIEW : mode));
            }
            case "chatWhisper", "chatSend" -> {
                String text = f.text("text", true, 100_000);
                f.end();
                return Optional.of(type.equals("chatWhisper") ? supervision.whisper(caller, console, id, text)
                        : supervision.say(caller, console, id, text));
            }
            default -> {
                f.end();
                return Optional.of(supervision.stop(caller, console, id));
            }
        }
    }

    @Override
    public String types() {
        return "chatList, chatMonitor, chatWhisper, chatSend, chatMonitorStop";
    }

    @Override
    public void consoleClosed(Caller caller, StreamPeer console) {
        ChatService service = chats.get();
        if (service != null) {
            service.supervision().consoleClosed(console);
        }
    }

    private ChatService running() {
        ChatService s = chats.get();
        if (s == null) {
            throw UnavailableException.here("web chat is not enabled on this server");
        }
        return s;
    }
}
