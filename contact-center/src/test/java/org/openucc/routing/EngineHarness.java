package org.openucc.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.routing.RoutingEvent.OfferMade;

/** A real engine on a manual clock with every event recorded: the engine's test bench. */
public final class EngineHarness {
    public final ManualClock clock = new ManualClock(1_000_000);
    public final List<RoutingEvent> events = new ArrayList<>();
    public final RoutingEngine engine;

    public EngineHarness() {
        this(RoutingConfig.DEFAULTS);
    }

    public EngineHarness(RoutingConfig config) {
        this(config, RoutingStrategies.builtIn());
    }

    public EngineHarness(RoutingConfig config, RoutingStrategies strategies) {
        engine = new RoutingEngine(config, clock, events::add, strategies);
    }

    public EngineHarness queue(QueueConfig q) {
        engine.upsertQueue(q);
        return this;
    }

    public EngineHarness queue(String id, String strategy, Map<String, Integer> skills) {
        return queue(new QueueConfig(id, null, Set.of(Channel.VOICE, Channel.CHAT, Channel.EMAIL), skills, null,
                strategy, null, null, null, null, null, null, 0, Duration.ZERO, Duration.ofSeconds(20), null, null));
    }

    public EngineHarness agent(String id, Map<String, Integer> skills) {
        engine.upsertAgent(new AgentConfig(id, null, skills, null));
        return this;
    }

    public EngineHarness agent(String id, Map<String, Integer> skills, Map<Channel, Integer> capacity) {
        engine.upsertAgent(new AgentConfig(id, null, skills, capacity));
        return this;
    }

    public EngineHarness readyAgent(String id, Map<String, Integer> skills) {
        agent(id, skills);
        engine.login(id, true);
        return this;
    }

    public void call(String id, String queue) {
        engine.addInteraction(NewInteraction.of(id, Channel.VOICE, queue));
    }

    public void call(String id, String queue, int priority) {
        engine.addInteraction(new NewInteraction(id, Channel.VOICE, queue, Map.of(), priority, null, null, null, Map.of()));
    }

    public void call(String id, String queue, Tier tier, String customer) {
        engine.addInteraction(new NewInteraction(id, Channel.VOICE, queue, Map.of(), 0, tier, customer, null, Map.of()));
    }

    public void advance(Duration d) {
        clock.advance(d);
        engine.advanceTime();
    }

    public void advanceSeconds(long s) {
        advance(Duration.ofSeconds(s));
    }

    /** Offers made since the last {@link #clear()}, in order. */
    public List<OfferMade> offers() {
        return of(OfferMade.class);
    }

    public OfferMade lastOffer() {
        List<OfferMade> o = offers();
        if (o.isEmpty()) {
            throw new AssertionError("no offer was made; events: " + events);
        }
        return o.get(o.size() - 1);
    }

    /** The agent the interaction was last offered to. */
    public String offeredTo(String interactionId) {
        List<OfferMade> o = offers().stream().filter(x -> x.interactionId().equals(interactionId)).toList();
        if (o.isEmpty()) {
            throw new AssertionError(interactionId + " was not offered; events: " + events);
        }
        return o.get(o.size() - 1).agentId();
    }

    public <T extends RoutingEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void clear() {
        events.clear();
    }

    /** Accept and end at once, leaving the agent in wrap-up (or free with zero wrap-up). */
    public void handle(String interactionId) {
        String agent = offeredTo(interactionId);
        engine.accept(interactionId, agent);
        engine.end(interactionId, "done");
    }
}
