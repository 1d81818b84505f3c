package org.openucc.cti;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's consoles and the messages on their way to them, kept in event order even though an
 * offer's screen pop takes a moment to assemble: a message waits for the ones before it. Messages are
 * posted only where routing events are delivered (events, greetings, relayed messages), one at a time,
 * so the chain needs no lock.
 */
final class AgentOutbox {
    private static final Logger log = LoggerFactory.getLogger(AgentOutbox.class);

    private final String agentId;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** A console; it gets the stream's messages once its hello went out. */
    private static final class Peer {
        final StreamPeer peer;
        volatile boolean greeted;

        Peer(StreamPeer peer) {
            this.peer = peer;
        }
    }

    AgentOutbox(String agentId) {
        this.agentId = agentId;
    }

    boolean isEmpty() {
        return peers.isEmpty();
    }

    /** Sends the message to every console once the messages posted before it went out. */
    void post(CompletableFuture<String> message) {
        if (peers.isEmpty()) {
            return;
        }
        chain(message, text -> peers.forEach(p -> {
            if (p.greeted) {
                p.peer.send(text);
            }
        }));
    }

    /** A new console: its hello goes out in turn, and from then on it gets every message. */
    void welcome(StreamPeer peer, CompletableFuture<String> hello) {
        Peer p = new Peer(peer);
        peers.add(p);
        chain(hello, text -> {
            peer.send(text);
            p.greeted = true;
        });
    }

    void remove(StreamPeer peer) {
        peers.removeIf(p -> p.peer == peer);
    }

    private void chain(CompletableFuture<String> message, java.util.function.Consumer<String> send) {
        tail = tail.thenCombine(message, (previous, text) -> text).thenAccept(send).exceptionally(failure -> {
            log.error("A message for agent {} could not be sent", agentId, failure);
            return null;
        });
    }
}
