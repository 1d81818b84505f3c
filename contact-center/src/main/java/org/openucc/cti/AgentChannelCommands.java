package org.openucc.cti;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.openucc.auth.Caller;
import org.openucc.json.JsonFields;

/**
 * Agent-stream message types a channel adapter adds (chat: chatSend, chatTyping, chatRead): the
 * agent connection offers each type it does not know itself to these, in order.
 */
public interface AgentChannelCommands {
    /**
     * Runs the command if {@code type} is one of this adapter's; empty if it is not. The fields are
     * the message's other fields; call {@link JsonFields#end()} once read. The result goes into the ack.
     */
    Optional<CompletableFuture<?>> command(Caller caller, String type, JsonFields fields);

    /** The types this adapter understands, for the error that lists the known ones. */
    String types();
}
