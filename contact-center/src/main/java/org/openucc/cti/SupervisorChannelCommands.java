package org.openucc.cti;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.openucc.auth.Caller;
import org.openucc.json.JsonFields;

/**
 * Supervisor-stream message types a channel adapter adds (chat: monitoring, whisper, join): the
 * supervisor connection offers each type it does not know itself to these, in order, with the console
 * itself so the adapter can push to it (e.g. a monitored chat's lines) until the console closes.
 */
public interface SupervisorChannelCommands {
    /**
     * Runs the command if {@code type} is one of this adapter's; empty if it is not. The fields are
     * the message's other fields; call {@link JsonFields#end()} once read. The result goes into the ack.
     * The adapter checks the caller's role itself, on every message.
     */
    Optional<CompletableFuture<?>> command(Caller caller, StreamPeer console, String type, JsonFields fields);

    /** The types this adapter understands, for the error that lists the known ones. */
    String types();

    /** The console closed: whatever it had open (monitoring sessions) ends. */
    void consoleClosed(Caller caller, StreamPeer console);
}
