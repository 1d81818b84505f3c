package org.openucc.chat;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openucc.auth.Caller;

/**
 * The other nodes of a cluster as the web chat sees them (absent on a single node). Each open chat is carried by one
 * node, the one its visitor's WebSocket is on; an agent's console may be on any node, so the agent's chat requests
 * go to the carrying node, and a node whose visitor came back through it asks the old carrier to hand the chat over.
 */
public interface ChatNodes {
    /** What an agent (or the cluster) asks of the node that carries a chat. Plain values: they cross the network. */
    sealed interface Request permits Line, Typing, Read, HandOver, Monitor, SupervisorLine, MonitorStop,
            ConsoleClosed, OpenChats {
        /** The chat asked about; null for a question about all of a node's chats. */
        String interactionId();
    }

    /** An agent's line; answered with the stored {@link org.openucc.message.TranscriptMessage}. */
    record Line(String interactionId, Caller caller, String text) implements Request {
    }

    record Typing(String interactionId, Caller caller, boolean typing) implements Request {
    }

    record Read(String interactionId, Caller caller, String messageId) implements Request {
    }

    /** Another node takes the chat over (its visitor came back through it): stop carrying it. Answered with null. */
    record HandOver(String interactionId, String toNode) implements Request {
    }

    /**
     * A supervisor's console on node {@code node} (its id there: {@code consoleId}) starts monitoring the chat, or
     * changes its session's mode. Answered with the session (interactionId, mode) and the carrier's id in {@code node};
     * the console's messages come to its node as {@link ConsoleMessage}s.
     */
    record Monitor(String interactionId, Caller caller, String node, String consoleId, ChatSupervision.Mode mode)
            implements Request {
    }

    /** A supervisor's whisper ({@code internal}) or line (once joined), from a console on another node. */
    record SupervisorLine(String interactionId, Caller caller, String node, String consoleId, String text,
                          boolean internal) implements Request {
    }

    /** A supervisor's console on another node stops its session on the chat. */
    record MonitorStop(String interactionId, Caller caller, String node, String consoleId) implements Request {
    }

    /**
     * A supervisor's console on another node closed: all its sessions on the node asked end (interactionId: null, or
     * a chat it watched there). Answered with null.
     */
    record ConsoleClosed(String interactionId, String node, String consoleId) implements Request {
    }

    /** The chats the node carries, for a supervisor's list (rows as in ChatSupervision.openChats, with node). */
    record OpenChats(Caller caller) implements Request {
        @Override
        public String interactionId() {
            return null;
        }
    }

    /**
     * A message for a supervisor's console on another node, from the node that carries the chat it monitors;
     * {@code ended}: the session on {@code interactionId} ended with this message; {@code seq}: 1, 2, … for the
     * console messages one node sends to another (see {@link #sentTo}).
     */
    record ConsoleMessage(String fromNode, String consoleId, String interactionId, boolean ended, String text,
                          long seq) {
    }

    /** The node asked does not carry the chat (any more): whoever asked looks its carrier up again. */
    final class NotCarriedException extends RuntimeException {
        public NotCarriedException(String message) {
            super(message);
        }
    }

    /** This node's id. */
    String nodeId();

    /** Whether the node is a live member of the cluster now. */
    boolean isLive(String nodeId);

    /**
     * Sends the request to the node; completes with its answer, or fails with what failed there (the chat's domain
     * exceptions keep their type), with {@link NotCarriedException}, or with an {@code UnavailableException} when the
     * node did not answer in time.
     */
    CompletableFuture<Object> ask(String nodeId, Request request);

    /** The ids of the cluster's live members, this node included. */
    java.util.Set<String> liveNodes();

    /**
     * Sends a message to a console on another node, without an answer; the messages one node sends to one console
     * arrive in the order they were sent (or not at all, if that node is gone).
     */
    void toConsole(String nodeId, ConsoleMessage message);

    /**
     * The {@code seq} of the last console message this node sent to the node (0: none since it joined). An answer to
     * a console's request carries it, so that the console's node hands the console the messages the request caused
     * before the answer, as a console on the carrier gets them.
     */
    long sentTo(String nodeId);

    /** Delivers the messages other nodes send to this node's consoles (set before {@link #serve}). */
    void consoles(Consumer<ConsoleMessage> delivery);

    /** Serves the other nodes' requests to this node (before the node's chats are restored). */
    void serve(Function<Request, CompletableFuture<?>> handler);

    /** Told the id of every node that leaves the cluster (dies or stops), on a thread that may block. */
    void whenNodeLeft(Consumer<String> listener);

    /** Stops serving. */
    void close();
}
