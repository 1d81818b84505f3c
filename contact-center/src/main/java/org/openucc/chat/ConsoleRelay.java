package org.openucc.chat;

import java.util.Objects;
import org.openucc.cti.StreamPeer;

/**
 * On the node that carries a chat: a supervisor's console on another node, as a monitoring session sees it. What
 * the session sends goes over the cluster to that node, which hands it to the real console. Two relays for the same
 * console are equal (each request from that node makes one), so the session is found again by its console.
 */
final class ConsoleRelay implements StreamPeer {
    private final ChatNodes nodes;
    /** The node the console is on, and its id there. */
    final String node;
    final String consoleId;

    ConsoleRelay(ChatNodes nodes, String node, String consoleId) {
        this.nodes = Objects.requireNonNull(nodes);
        this.node = Objects.requireNonNull(node);
        this.consoleId = Objects.requireNonNull(consoleId);
    }

    @Override
    public void send(String message) {
        nodes.toConsole(node, new ChatNodes.ConsoleMessage(nodes.nodeId(), consoleId, null, false, message, 0));
    }

    /** The node that carries the chat (this one). */
    String carrier() {
        return nodes.nodeId();
    }

    /** The session on the chat ended with this message: the console's node forgets it. */
    void ended(String interactionId, String message) {
        nodes.toConsole(node, new ChatNodes.ConsoleMessage(nodes.nodeId(), consoleId, interactionId, true, message, 0));
    }

    /** A supervisor's console is never closed by the chat it watches. */
    @Override
    public void close(short code, String reason) {
    }

    /** Not used by a monitoring session; the console's own node writes its errors. */
    @Override
    public String errorMessage(Throwable failure, String message) {
        return org.openucc.json.ApiJson.message("error").put("message", message).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsoleRelay r && r.node.equals(node) && r.consoleId.equals(consoleId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, consoleId);
    }

    @Override
    public String toString() {
        return "console " + consoleId + " on node " + node;
    }
}
