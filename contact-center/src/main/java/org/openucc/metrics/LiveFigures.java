package org.openucc.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.openucc.interaction.Channel;
import org.openucc.routing.AgentState;
import org.openucc.routing.AgentView;
import org.openucc.routing.QueueView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;

/**
 * Gauges over what the engine and the SIP stack show right now: per queue (waiting, offered, longest
 * wait, average speed of answer, service level, staffed agents, arrivals and outcomes since start),
 * agents per state, interactions in agents' hands per channel, calls and SIP figures. Refreshed from
 * the routing port's views and the SIP component's health before each scrape; the gauges read the
 * last refresh.
 */
final class LiveFigures {
    private final MeterRegistry registry;
    private final RoutingPort routing;
    private final Supplier<Map<String, Object>> sipStats;
    private volatile Map<String, QueueView> queues = Map.of();
    private volatile Map<AgentState, Integer> agents = Map.of();
    private volatile Map<Channel, Integer> inHand = Map.of();
    private volatile Map<String, Object> sip = Map.of();
    /** Meters registered per queue id, removed with the queue. */
    private final Map<String, List<Meter>> queueMeters = new HashMap<>();

    LiveFigures(MeterRegistry registry, RoutingPort routing, Supplier<Map<String, Object>> sipStats) {
        this.registry = registry;
        this.routing = routing;
        this.sipStats = sipStats;
        for (AgentState s : AgentState.values()) {
            Gauge.builder("openucc.agents", this, f -> f.agents.getOrDefault(s, 0)).tag("state", s.name())
                    .description("Agents by state").register(registry);
        }
        for (Channel c : Channel.values()) {
            Gauge.builder("openucc.interactions.in.hand", this, f -> f.inHand.getOrDefault(c, 0))
                    .tag("channel", c.name())
                    .description("Interactions agents hold (connected or in wrap-up), by channel").register(registry);
        }
        sipGauge("openucc.calls.active", "voiceCalls", "Calls the built-in telephony handles now");
        sipCounter("openucc.calls.started", "calls", "Calls the built-in telephony took (inbound and callbacks)");
        sipCounter("openucc.calls.connected", "connected", "Calls connected to an agent");
        sipCounter("openucc.calls.abandoned", "abandoned", "Calls whose caller left before an agent answered");
        sipGauge("openucc.sip.dialogs", "activeCalls", "SIP call legs (dialogs) open now");
        sipGauge("openucc.sip.registrations", "registrations", "Agent phones registered");
        sipCounter("openucc.sip.invites.received", "invitesIn", "INVITEs received");
        sipCounter("openucc.sip.invites.rejected", "rejected", "INVITEs refused");
        Gauge.builder("openucc.rtp.sessions", this, f -> number(f.sip.get("media") instanceof Map<?, ?> m
                        ? m.get("callSessions") : null, Double.NaN))
                .description("RTP sessions carrying calls").register(registry);
    }

    private void sipGauge(String name, String key, String description) {
        Gauge.builder(name, this, f -> number(f.sip.get(key), Double.NaN)).description(description)
                .register(registry);
    }

    private void sipCounter(String name, String key, String description) {
        FunctionCounter.builder(name, this, f -> number(f.sip.get(key), 0)).description(description)
                .register(registry);
    }

    private static double number(Object value, double otherwise) {
        return value instanceof Number n ? n.doubleValue() : otherwise;
    }

    /** Reads the engine's queues and agents and the SIP figures; completes when the gauges show them. */
    CompletableFuture<Void> refresh() {
        sip = sipStats.get();
        CompletableFuture<List<QueueView>> q = routing.send(new RoutingCommand.ListQueues()).toCompletableFuture();
        CompletableFuture<List<AgentView>> a = routing.send(new RoutingCommand.ListAgents()).toCompletableFuture();
        return q.thenAcceptBoth(a, (queueViews, agentViews) -> {
            Map<AgentState, Integer> byState = new EnumMap<>(AgentState.class);
            Map<Channel, Integer> load = new EnumMap<>(Channel.class);
            for (AgentView v : agentViews) {
                byState.merge(v.state(), 1, Integer::sum);
                v.load().forEach((channel, n) -> load.merge(channel, n, Integer::sum));
            }
            agents = byState;
            inHand = load;
            Map<String, QueueView> byId = new HashMap<>();
            queueViews.forEach(v -> byId.put(v.id(), v));
            queues = byId;
            synchronized (queueMeters) {
                byId.keySet().forEach(id -> queueMeters.computeIfAbsent(id, this::registerQueue));
                queueMeters.keySet().removeIf(id -> {
                    if (byId.containsKey(id)) {
                        return false;
                    }
                    queueMeters.get(id).forEach(registry::remove);
                    return true;
                });
            }
        });
    }

    private List<Meter> registerQueue(String id) {
        List<Meter> m = new ArrayList<>();
        m.add(queueGauge(id, "openucc.queue.waiting", null, "Interactions waiting in the queue", v -> v.waiting()));
        m.add(queueGauge(id, "openucc.queue.offered", null, "Interactions of the queue ringing for an agent",
                v -> v.offered()));
        m.add(queueGauge(id, "openucc.queue.longest.wait", "seconds", "How long the oldest waiting interaction has"
                + " waited", v -> v.longestWaitMillis() / 1000.0));
        m.add(queueGauge(id, "openucc.queue.average.answer", "seconds", "Average speed of answer since start",
                v -> v.averageSpeedOfAnswerMillis() / 1000.0));
        m.add(queueGauge(id, "openucc.queue.service.level", "ratio", "Answered within the target, of answered and"
                + " abandoned after it, since start", v -> v.serviceLevelPercent() / 100.0));
        m.add(queueGauge(id, "openucc.queue.staffed.agents", null, "Logged-in agents who serve the queue",
                v -> v.staffedAgents()));
        m.add(queueCounter(id, "openucc.queue.arrived", "Interactions that arrived in the queue", v -> v.arrived()));
        m.add(queueCounter(id, "openucc.queue.answered", "Interactions of the queue an agent answered",
                v -> v.answered()));
        m.add(queueCounter(id, "openucc.queue.abandoned", "Interactions whose customer left the queue",
                v -> v.abandoned()));
        m.add(queueCounter(id, "openucc.queue.rejected", "Arrivals the queue refused (full, closed)",
                v -> v.rejected()));
        return m;
    }

    private Meter queueGauge(String id, String name, String unit, String description, ToDoubleFunction<QueueView> f) {
        return Gauge.builder(name, this, figures -> figures.queueFigure(id, f)).tag("queue", id).baseUnit(unit)
                .description(description).register(registry);
    }

    private Meter queueCounter(String id, String name, String description, ToDoubleFunction<QueueView> f) {
        return FunctionCounter.builder(name, this, figures -> figures.queueFigure(id, f)).tag("queue", id)
                .description(description).register(registry);
    }

    private double queueFigure(String id, ToDoubleFunction<QueueView> f) {
        QueueView v = queues.get(id);
        return v == null ? Double.NaN : f.applyAsDouble(v);
    }
}
