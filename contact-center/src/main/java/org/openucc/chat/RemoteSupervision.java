package org.openucc.chat;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.openucc.auth.Caller;
import org.openucc.cti.StreamPeer;
import org.openucc.json.ApiJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a cluster, on the node of a supervisor's console: its sessions on chats other nodes carry. Each command goes to
 * the carrier (which checks the role, the limits and the chat as it does for its own consoles, and logs the session);
 * what the carrier's session sends comes back as {@link ChatNodes.ConsoleMessage}s and goes to the console. This node
 * remembers which carrier has which session of which console, so that a console that closes ends its sessions there,
 * and a carrier that leaves the cluster ends them for the console ("start again").
 */
final class RemoteSupervision {
    private static final Logger log = LoggerFactory.getLogger(RemoteSupervision.class);

    /** A session of a console here on a chat another node carries; node: its carrier, once known. */
    private static final class Session {
        final String supervisor;
        final StreamPeer console;
        final String consoleId;
        final String interactionId;
        volatile String node;

        Session(String supervisor, StreamPeer console, String consoleId, String interactionId, String node) {
            this.supervisor = supervisor;
            this.console = console;
            this.consoleId = consoleId;
            this.interactionId = interactionId;
            this.node = node;
        }
    }

    private final ChatNodes nodes;
    /** Sends a request to the node carrying its chat (looked up in the store), as ChatService does for agents. */
    private final Function<ChatNodes.Request, CompletableFuture<Object>> carrier;
    /** The consoles that monitor a chat elsewhere, by id (read from event loops) and by peer (guarded by this). */
    private final Map<String, StreamPeer> consoles = new ConcurrentHashMap<>();
    private final Map<StreamPeer, String> ids = new IdentityHashMap<>();
    /** By console id and chat. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /**
     * By console id: the nodes that answered a session request of the console or sent it a message. When the console
     * closes each is told, so that a session this node lost track of (a request that timed out after the carrier had
     * started it) ends too.
     */
    private final Map<String, java.util.Set<String>> carriers = new ConcurrentHashMap<>();
    /** By node: the seq of the last console message delivered from it, and the answers waiting for one; guarded. */
    private final Map<String, Long> delivered = new java.util.HashMap<>();
    private final List<Waiter> waiting = new java.util.ArrayList<>();

    /** An answer handed to its console once the messages its request caused (up to {@code seq}) are. */
    private record Waiter(String node, long seq, CompletableFuture<Void> ready) {
    }

    /** How long an answer waits for the messages before it (lost with a node that went away, say). */
    private static final long ORDER_WAIT_MILLIS = 2_000;

    RemoteSupervision(ChatNodes nodes, Function<ChatNodes.Request, CompletableFuture<Object>> carrier) {
        this.nodes = nodes;
        this.carrier = carrier;
    }

    /** The sessions of this supervisor's consoles here on chats elsewhere (for the per-supervisor limit). */
    long count(String supervisor) {
        return sessions.values().stream().filter(s -> s.supervisor.equals(supervisor)).count();
    }

    /** Whether this console has a session on the chat (started here, carried elsewhere). */
    boolean has(StreamPeer console, String interactionId) {
        String id = idOf(console, false);
        return id != null && sessions.containsKey(key(id, interactionId));
    }

    /**
     * Starts a session on a chat another node carries, or changes its mode. {@code reserve} checks the supervisor's
     * limit and keeps the new session's place (run under the supervision's lock).
     */
    CompletableFuture<Map<String, Object>> monitor(Caller caller, StreamPeer console, String interactionId,
                                                   ChatSupervision.Mode mode, java.util.function.Consumer<Runnable> reserve) {
        String consoleId = idOf(console, true);
        String key = key(consoleId, interactionId);
        Session fresh = new Session(caller.username(), console, consoleId, interactionId, null);
        boolean[] added = new boolean[1];
        try {
            reserve.accept(() -> added[0] = sessions.putIfAbsent(key, fresh) == null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return carrier.apply(new ChatNodes.Monitor(interactionId, caller, nodes.nodeId(), consoleId, mode))
                .handle((answer, failure) -> {
                    if (failure != null) {
                        if (added[0]) {
                            sessions.remove(key, fresh);
                        }
                        throw failure instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(failure);
                    }
                    Map<String, Object> result = result(answer);
                    Object node = result.get("node");
                    Session s = sessions.get(key);
                    if (node != null) {
                        heardFrom(consoleId, node.toString());
                        if (s != null) {
                            s.node = node.toString();
                        }
                        if (!consoles.containsKey(consoleId)) {
                            // The console closed while its request was on the way: that node ends what it started.
                            tellClosed(node.toString(), consoleId);
                        }
                    }
                    return result;
                }).thenCompose(this::inOrder);
    }

    /**
     * The answer once its console has had the messages its request caused ({@code seq}: the carrier's last before
     * the answer), as a console on the carrier hears them before the answer; without waiting longer than
     * {@link #ORDER_WAIT_MILLIS}. The carrier's {@code node} and {@code seq} are taken out.
     */
    private CompletableFuture<Map<String, Object>> inOrder(Map<String, Object> result) {
        Object node = result.remove("node");
        Object seq = result.remove("seq");
        if (node == null || !(seq instanceof Number n)) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Waiter w = new Waiter(node.toString(), n.longValue(), ready);
        synchronized (delivered) {
            if (delivered.getOrDefault(w.node(), 0L) >= w.seq()) {
                return CompletableFuture.completedFuture(result);
            }
            waiting.add(w);
        }
        return ready.completeOnTimeout(null, ORDER_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(x -> {
                    synchronized (delivered) {
                        waiting.remove(w);
                    }
                    return result;
                });
    }

    CompletableFuture<Map<String, Object>> line(Caller caller, StreamPeer console, String interactionId, String text,
                                                boolean internal) {
        String consoleId = idOf(console, true);
        return carrier.apply(new ChatNodes.SupervisorLine(interactionId, caller, nodes.nodeId(), consoleId, text,
                internal)).thenApply(RemoteSupervision::result).thenCompose(this::inOrder);
    }

    CompletableFuture<Map<String, Object>> stop(Caller caller, StreamPeer console, String interactionId) {
        String consoleId = idOf(console, true);
        return carrier.apply(new ChatNodes.MonitorStop(interactionId, caller, nodes.nodeId(), consoleId))
                .thenApply(answer -> {
                    sessions.remove(key(consoleId, interactionId));
                    return result(answer);
                }).thenCompose(this::inOrder);
    }

    /** A console here closed: each node that carried one of its sessions ends them ("console closed"). */
    void consoleClosed(StreamPeer console) {
        String consoleId;
        synchronized (this) {
            consoleId = ids.remove(console);
            if (consoleId != null) {
                consoles.remove(consoleId);
            }
        }
        if (consoleId == null) {
            return;
        }
        sessions.values().removeIf(s -> s.consoleId.equals(consoleId));
        java.util.Set<String> told = carriers.remove(consoleId);
        for (String node : told == null ? java.util.Set.<String>of() : told) {
            if (!nodes.isLive(node)) {
                continue;
            }
            tellClosed(node, consoleId);
        }
    }

    private void tellClosed(String node, String consoleId) {
        nodes.ask(node, new ChatNodes.ConsoleClosed(null, nodes.nodeId(), consoleId)).whenComplete((x, failure) -> {
            if (failure != null) {
                log.warn("Node {} was not told that a supervisor console on this node closed: {}", node,
                        failure.toString());
            }
        });
    }

    /** A message from the carrier of a chat a console here monitors. Runs on an event loop: quick. */
    void deliver(ChatNodes.ConsoleMessage m) {
        StreamPeer console = consoles.get(m.consoleId());
        if (console != null) { // else the console closed meanwhile; its carriers are being told
            heardFrom(m.consoleId(), m.fromNode());
            if (m.ended()) {
                sessions.remove(key(m.consoleId(), m.interactionId()));
            }
            console.send(m.text());
        }
        List<Waiter> ready = new java.util.ArrayList<>();
        synchronized (delivered) {
            long last = delivered.getOrDefault(m.fromNode(), 0L);
            if (last != 0 && m.seq() != last + 1) {
                log.warn("Console message {} from node {} after {}: {} lost or out of order", m.seq(), m.fromNode(),
                        last, m.seq() > last ? "messages were" : "it came");
            }
            delivered.put(m.fromNode(), Math.max(last, m.seq()));
            for (java.util.Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.node().equals(m.fromNode()) && w.seq() <= m.seq()) {
                    ready.add(w);
                    it.remove();
                }
            }
        }
        ready.forEach(w -> w.ready().complete(null));
    }

    /** A node left the cluster: the sessions it carried end for their consoles here; they may start them again. */
    void nodeLeft(String node) {
        carriers.values().forEach(n -> n.remove(node));
        List<Waiter> dropped = new java.util.ArrayList<>();
        synchronized (delivered) {
            delivered.remove(node); // a node that comes back under this id counts from 1
            waiting.removeIf(w -> w.node().equals(node) && dropped.add(w));
        }
        dropped.forEach(w -> w.ready().complete(null));
        for (Session s : List.copyOf(sessions.values())) {
            if (node.equals(s.node) && sessions.remove(key(s.consoleId, s.interactionId), s)) {
                log.info("Supervisor {} stopped monitoring chat {}: node {}, which carried it, left the cluster",
                        s.supervisor, s.interactionId, node);
                s.console.send(ApiJson.message("chatMonitorEnded").put("interactionId", s.interactionId)
                        .put("reason", "node " + node + ", which carried the chat, left the cluster; another node"
                                + " takes the chat over: start monitoring it again").toString());
            }
        }
    }

    private void heardFrom(String consoleId, String node) {
        if (consoles.containsKey(consoleId)) {
            carriers.computeIfAbsent(consoleId, k -> ConcurrentHashMap.newKeySet()).add(node);
        }
    }

    private synchronized String idOf(StreamPeer console, boolean create) {
        String id = ids.get(console);
        if (id == null && create) {
            id = UUID.randomUUID().toString();
            ids.put(console, id);
            consoles.put(id, console);
        }
        return id;
    }

    private static String key(String consoleId, String interactionId) {
        return consoleId + "/" + interactionId;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(Object answer) {
        return answer instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }
}
