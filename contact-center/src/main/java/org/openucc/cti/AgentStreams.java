package org.openucc.cti;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.openucc.board.Bulletin;
import org.openucc.config.DispositionCode;
import org.openucc.config.ReasonCode;
import org.openucc.http.ApiProblem;
import org.openucc.routing.AgentView;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingEngine;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent stream: turns routing events into messages for the agent they concern, starts a screen
 * pop the moment an offer is made, and greets each new console with everything the agent has now
 * (state, ringing offer, work in hand, with their pops), so a reconnect loses nothing. A routing
 * listener: on the engine thread it only posts; pops assemble on the CTI workers.
 */
public final class AgentStreams implements RoutingEventSink {
    private static final Logger log = LoggerFactory.getLogger(AgentStreams.class);

    private final RoutingService routing;
    private final ScreenPops pops;
    private final List<ReasonCode> reasonCodes;
    private final List<DispositionCode> dispositions;
    private final Map<String, AgentOutbox> outboxes = new ConcurrentHashMap<>();
    /** When the wrap-up of "agent/interaction" runs out, for the hello of a console that reconnects meanwhile. */
    private final Map<String, Long> wrapUpEnds = new ConcurrentHashMap<>();

    AgentStreams(RoutingService routing, ScreenPops pops, List<ReasonCode> reasonCodes,
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
        } else if (event instanceof RoutingEvent.AgentPhoneChanged e) {
            post(e.agentId(), AgentMessages.phone(e));
        }
    }

    /**
     * Connects a console of the agent: in one engine step it joins the agent's outbox and takes the
     * agent's picture, so every later event follows the hello and none is missed or repeated.
     */
    CompletableFuture<Void> connect(String agentId, StreamPeer peer) {
        return routing.run(e -> {
            AgentOutbox outbox = outboxes.computeIfAbsent(agentId, AgentOutbox::new);
            outbox.welcome(peer, hello(e, agentId).exceptionally(failure -> {
                log.error("Greeting a console of agent {} failed", agentId, failure);
                return AgentMessages.error(null, ApiProblem.of(failure), "the agent's current state could not be read");
            }));
        });
    }

    void disconnect(String agentId, StreamPeer peer) {
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
        return routing.run(e -> post(agentId, message));
    }

    /**
     * Sends a bulletin to every connected agent console. Posted on the engine thread like every other
     * message, so it keeps its place in each stream.
     */
    public CompletableFuture<Void> announce(Bulletin bulletin) {
        String message = AgentMessages.bulletin(bulletin);
        return routing.run(e -> outboxes.values().forEach(o -> o.post(CompletableFuture.completedFuture(message))));
    }

    /** How many screen pops are held (offers ringing and work in hand), for health and tests. */
    public int heldScreenPops() {
        return pops.size();
    }

    /** On the engine thread: the agent's picture now; the pops complete on the workers. */
    private CompletableFuture<String> hello(RoutingEngine e, String agentId) {
        AgentView agent = e.agentView(agentId);
        CompletableFuture<ScreenPop> offer = agent.offeredInteraction() == null ? CompletableFuture.completedFuture(null)
                : e.interactionView(agent.offeredInteraction()).map(v -> pops.current(agentId, v))
                        .orElse(CompletableFuture.completedFuture(null));
        List<CompletableFuture<AgentMessages.InHand>> work = new ArrayList<>();
        for (String id : agent.interactions()) {
            Long wrapUpEndsAt = wrapUpEnds.get(agentId + "/" + id);
            e.interactionView(id).ifPresent(v -> work.add(pops.current(agentId, v)
                    .thenApply(pop -> new AgentMessages.InHand(v, pop, wrapUpEndsAt))));
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
