package org.openucc.cti;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingPort;

/**
 * The screen pops of offers and of the work agents have in hand: assembled on the CTI workers the
 * moment an offer is made, and kept until the agent is done with the interaction, so a console that
 * reconnects gets the same pop again without asking the store.
 */
final class ScreenPops {
    private final ScreenPopAssembler assembler;
    private final RoutingPort routing;
    private final Executor workers;
    private final Map<String, CompletableFuture<ScreenPop>> byAgentAndInteraction = new ConcurrentHashMap<>();

    ScreenPops(ScreenPopAssembler assembler, RoutingPort routing, Executor workers) {
        this.assembler = assembler;
        this.routing = routing;
        this.workers = workers;
    }

    /** Called on the engine thread for every offer; never blocks it. */
    CompletableFuture<ScreenPop> offered(RoutingEvent.OfferMade offer) {
        CompletableFuture<ScreenPop> pop = routing.send(new RoutingCommand.GetInteraction(offer.interactionId()))
                .toCompletableFuture().thenApply(found -> found.orElse(null))
                .exceptionally(failure -> null)
                .thenApplyAsync(view -> assembler.assemble(offer, view), workers);
        byAgentAndInteraction.put(key(offer.agentId(), offer.interactionId()), pop);
        return pop;
    }

    /** The pop the agent got for this interaction, or (e.g. after it was evicted) a fresh one. */
    CompletableFuture<ScreenPop> current(String agentId, InteractionView view) {
        CompletableFuture<ScreenPop> known = byAgentAndInteraction.get(key(agentId, view.id()));
        if (known != null) {
            return known;
        }
        RoutingEvent.OfferMade stand = new RoutingEvent.OfferMade(System.currentTimeMillis(), view.id(), agentId,
                view.queueId(), 0, null);
        return CompletableFuture.supplyAsync(() -> assembler.assemble(stand, view), workers);
    }

    void forget(String agentId, String interactionId) {
        byAgentAndInteraction.remove(key(agentId, interactionId));
    }

    int size() {
        return byAgentAndInteraction.size();
    }

    private static String key(String agentId, String interactionId) {
        return agentId + "/" + interactionId;
    }
}
