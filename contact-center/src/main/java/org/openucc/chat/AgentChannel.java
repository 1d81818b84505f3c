package org.openucc.chat;

import java.util.concurrent.CompletableFuture;

/** The way to an agent's consoles (the CTI agent stream): delivers one JSON message, in order. */
public interface AgentChannel {
    CompletableFuture<Void> send(String agentId, String message);
}
