package org.openucc.cti;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.openucc.board.Bulletin;
import org.openucc.config.DispositionCode;
import org.openucc.config.ReasonCode;
import org.openucc.routing.AgentView;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent stream: turns routing events into messages for the agent they concern, starts a screen
 * pop the moment an offer is made, and greets each new console with everything the agent has now
 * (state, ringing offer, work in hand, with their pops), so a reconnect loses nothing. A routing
 * listener: where events are delivered it only posts; pops assemble on the CTI workers. Greetings and
 * channel messages travel as routing events too ({@link RoutingCommand.SnapshotAgent},
 * {@link RoutingCommand.RelayToAgent}), so they keep their place among the others.
 */
public final class AgentStreams implements RoutingEventSink {
    private static final Logger log = LoggerFactory.getLogger(AgentStreams.class);

    private final RoutingPort routing;
    private final ScreenPops pops;
    private final List<ReasonCode> reasonCodes;
    private final List<DispositionCode> dispositions;
    private final Map<String, AgentOutbox> outboxes = new ConcurrentHashMap<>();
    /** When the wrap-up of "agent/interaction" runs out, for the hello of a console that reconnects meanwhile. */
    private final Map<String, Long> wrapUpEnds = new ConcurrentHashMap<>();
    /** Told the agent's id each time one of their consoles has joined (after its hello). */
    private final List<java.util.function.Consumer<String>> joined = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Consoles waiting for the snapshot they asked for, by request id. */
    private final Map<String, StreamPeer> greetings = new ConcurrentHashMap<>();

    AgentStreams(RoutingPort routing, ScreenPops pops, List<ReasonCode> reasonCodes,
                 List<DispositionCode> dispositions) {
        this.routing = routing;
        this.pops = pops;
        this.reasonCodes = List.copyOf(reasonCodes);
        this.dispositions = List.copyOf(dispositions);
    }

    @Override
    public void accept(RoutingEvent event) {
        if (event instanceof RoutingEvent.OfferMade e) {
            CompletableFuture<ScreenPop> pop = pops.offered(e);
            post(e.agentId(), pop.thenApply(AgentMessages::offer));
        } else if (event instanceof RoutingEvent.OfferEnded e) {
            pops.forget(e.agentId(), e.interactionId());
            post(e.agentId(), AgentMessages.offerEnded(e));
        } else if (event instanceof RoutingEvent.InteractionConnected e) {
            post(e.agentId(), AgentMessages.connected(e));
        } else if (event instanceof RoutingEvent.InteractionEnded e) {
            post(e.agentId(), AgentMessages.ended(e));
        } else if (event instanceof RoutingEvent.WrapUpStarted e) {
            wrapUpEnds.put(e.agentId() + "/" + e.interactionId(), e.endsAtMillis());
            post(e.agentId(), AgentMessages.wrapUpStarted(e));
        } else if (event instanceof RoutingEvent.WrapUpEnded e) {
            wrapUpEnds.remove(e.agentId() + "/" + e.interactionId());
            pops.forget(e.agentId(), e.interactionId());
            post(e.agentId(), AgentMessages.wrapUpEnded(e));
        } else if (event instanceof RoutingEvent.InteractionTransferred e && e.byAgentId() != null) {
            post(e.byAgentId(), AgentMessages.transferred(e));
        } else if (event instanceof RoutingEvent.AgentStateChanged e) {
            post(e.agentId(), AgentMessages.state(e));
        } else if (event instanceof RoutingEvent.AgentSnapshotTaken e) {
            greet(e);
        } else if (event instanceof RoutingEvent.AgentMessageRelayed e) {
            if (e.agentId() == null) {
                outboxes.values().forEach(o -> o.post(CompletableFuture.completedFuture(e.message())));
            } else {
                post(e.agentId(), e.message());
            }
        } else if (event instanceof RoutingEvent.AgentPhoneChanged e) {
            post(e.agentId(), AgentMessages.phone(e));
        }
    }

    /**
     * Connects a console of the agent: it asks for the agent's snapshot, which comes back as an event
     * in order with the others; the console joins the agent's outbox right then, with its hello built
     * from the snapshot, so every later event follows the hello and none is missed or repeated.
     * Completes once the console has joined (its hello may still be assembling).
     */
    public CompletableFuture<Void> connect(String agentId, StreamPeer peer) {
        String requestId = UUID.randomUUID().toString();
        greetings.put(requestId, peer);
        return routing.send(new RoutingCommand.SnapshotAgent(agentId, requestId)).toCompletableFuture()
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        joined.forEach(l -> l.accept(agentId));
                    } else {
                        greetings.remove(requestId);
                    }
                    // Taken: the snapshot's event greets the console. In a cluster the answer may arrive before that
                    // event (a node that has not heard the engine's current term yet does not wait for it), so the
                    // greeting stays until its event comes; what a channel sends after this answer follows it anyway.
                });
    }

    /**
     * A channel adapter whose state is not in the ACD's snapshot (e.g. a preview card) is told when an agent's
     * console has joined, and sends it again with {@link #sendToAgent}: it follows the hello.
     */
    public void whenJoined(java.util.function.Consumer<String> listener) {
        joined.add(listener);
    }

    private void greet(RoutingEvent.AgentSnapshotTaken snapshot) {
        StreamPeer peer = greetings.remove(snapshot.requestId());
        if (peer == null) {
            return; // another node's console, or one that gave up
        }
        String agentId = snapshot.agentId();
        AgentOutbox outbox = outboxes.computeIfAbsent(agentId, AgentOutbox::new);
        CompletableFuture<String> hello;
        try {
            hello = hello(snapshot);
        } catch (RuntimeException e) {
            hello = CompletableFuture.failedFuture(e);
        }
        outbox.welcome(peer, hello.exceptionally(failure -> {
            log.error("Greeting a console of agent {} failed", agentId, failure);
            return peer.errorMessage(failure, "the agent's current state could not be read");
        }));
    }

    /** The console went away: it gets no more messages. */
    public void disconnect(String agentId, StreamPeer peer) {
        AgentOutbox outbox = outboxes.get(agentId);
        if (outbox != null) {
            outbox.remove(peer);
        }
    }

    /**
     * Sends a channel adapter's message (e.g. a chat line) to the agent's consoles, in order with the
     * routing events: it is posted from the engine thread like them.
     */
    public CompletableFuture<Void> sendToAgent(String agentId, String message) {
        return routing.send(new RoutingCommand.RelayToAgent(agentId, message)).toCompletableFuture();
    }

    /**
     * Sends a bulletin to every connected agent console. Posted on the engine thread like every other
     * message, so it keeps its place in each stream.
     */
    public CompletableFuture<Void> announce(Bulletin bulletin) {
        String message = AgentMessages.bulletin(bulletin);
        return routing.send(new RoutingCommand.RelayToAgent(null, message)).toCompletableFuture();
    }

    /** How many screen pops are held (offers ringing and work in hand), for health and tests. */
    public int heldScreenPops() {
        return pops.size();
    }

    /** The agent's picture from the snapshot; the pops complete on the workers. */
    private CompletableFuture<String> hello(RoutingEvent.AgentSnapshotTaken snapshot) {
        String agentId = snapshot.agentId();
        AgentView agent = snapshot.agent();
        CompletableFuture<ScreenPop> offer = snapshot.offered() == null ? CompletableFuture.completedFuture(null)
                : pops.current(agentId, snapshot.offered());
        List<CompletableFuture<AgentMessages.InHand>> work = new ArrayList<>();
        for (InteractionView v : snapshot.work()) {
            Long wrapUpEndsAt = wrapUpEnds.get(agentId + "/" + v.id());
            work.add(pops.current(agentId, v).thenApply(pop -> new AgentMessages.InHand(v, pop, wrapUpEndsAt)));
        }
        return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).thenCombine(offer, (ignored, pop) ->
                AgentMessages.hello(agent, pop, work.stream().map(CompletableFuture::join).toList(), reasonCodes,
                        dispositions));
    }

    private void post(String agentId, String message) {
        post(agentId, CompletableFuture.completedFuture(message));
    }

    private void post(String agentId, CompletableFuture<String> message) {
        AgentOutbox outbox = outboxes.get(agentId);
        if (outbox != null) {
            outbox.post(message);
        }
    }
}
