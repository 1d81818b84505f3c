package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openucc.config.AgentConfig;
import org.openucc.config.MaxWaitAction;
import org.openucc.config.OverflowStep;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceLevel;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.interaction.Tier;
import org.openucc.routing.RoutingEvent.*;

/**
 * Random sequences of commands against a real engine, checked after every event and every command
 * against an independent model of what the engine was told: capacity, skills, readiness, one offer
 * at a time, no lost interaction, priority and FIFO, and work conservation (no free eligible agent
 * while an interaction waits).
 */
class EngineInvariantProperties {
    private static final List<String> SKILLS = List.of("s0", "s1", "s2", "s3");
    private static final long DECLINE_DELAY = 8_000;

    static final List<QueueConfig> QUEUES = List.of(
            queue("q0", Set.of(Channel.VOICE, Channel.CHAT), Map.of("s0", 3), "longest-idle",
                    List.of(new OverflowStep(Duration.ofSeconds(20), 1, null)), Duration.ofSeconds(150), 0, 5, null),
            queue("q1", Set.of(Channel.VOICE, Channel.EMAIL), Map.of("s1", 2), "most-skilled",
                    List.of(new OverflowStep(Duration.ofSeconds(30), null, List.of("q2"))), null, 0, 0, null),
            queue("q2", Set.of(Channel.VOICE, Channel.CHAT), Map.of("s2", 2), "ring-all", List.of(), null, 4, 3, null),
            queue("q3", Set.of(Channel.CHAT, Channel.EMAIL), Map.of(), "round-robin", List.of(), null, 0, 0,
                    Duration.ofSeconds(15)),
            queue("q4", Set.of(Channel.VOICE, Channel.EMAIL), Map.of("s3", 1, "s0", 1), "least-occupied", List.of(),
                    Duration.ofSeconds(60), 0, 2, Duration.ofSeconds(10)));

    static final List<String> AGENTS = List.of("a0", "a1", "a2", "a3", "a4", "a5");
    static final List<Map<Channel, Integer>> CAPACITY = List.of(
            Map.of(Channel.VOICE, 1, Channel.CHAT, 3, Channel.EMAIL, 5),
            Map.of(Channel.VOICE, 1),
            Map.of(Channel.CHAT, 2, Channel.EMAIL, 2),
            Map.of(Channel.VOICE, 1, Channel.CHAT, 1),
            Map.of(Channel.VOICE, 1, Channel.CHAT, 3, Channel.EMAIL, 5),
            Map.of(Channel.EMAIL, 3, Channel.VOICE, 1));

    private static QueueConfig queue(String id, Set<Channel> channels, Map<String, Integer> skills, String strategy,
                                     List<OverflowStep> overflow, Duration maxWait, int maxWaiting, int wrapUpSeconds,
                                     Duration sticky) {
        return new QueueConfig(id, null, channels, skills, new ServiceLevel(80, Duration.ofSeconds(20)), strategy, null,
                null, overflow, maxWait, MaxWaitAction.DISCONNECT, null, maxWaiting, Duration.ofSeconds(wrapUpSeconds),
                Duration.ofSeconds(10), sticky, null);
    }

    @Provide
    Arbitrary<List<int[]>> ops() {
        Arbitrary<int[]> op = Combinators.combine(Arbitraries.integers().between(0, 14),
                Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, 999)).as((k, a, b, c) -> new int[] {k, a, b, c});
        return op.list().ofMinSize(1).ofMaxSize(160);
    }

    @Property(tries = 500)
    void invariantsHoldForAnySequenceOfCommands(@ForAll("ops") List<int[]> ops) {
        new Run().execute(ops);
    }

    /** One run: the engine, the model, and the checks. */
    static class Run {
        final ManualClock clock = new ManualClock(10_000_000);
        final Model model = new Model();
        final RoutingEngine engine;
        int nextId;

        Run() {
            RoutingConfig cfg = new RoutingConfig(2, "missed", Duration.ofMillis(DECLINE_DELAY), 0, null, 0);
            engine = new RoutingEngine(cfg, clock, this::onEvent, RoutingStrategies.builtIn());
            for (QueueConfig q : List.of(QUEUES.get(2), QUEUES.get(0), QUEUES.get(1), QUEUES.get(3), QUEUES.get(4))) {
                engine.upsertQueue(q);
                model.queues.put(q.id(), q);
            }
            for (int i = 0; i < AGENTS.size(); i++) {
                Map<String, Integer> skills = new HashMap<>();
                skills.put(SKILLS.get(i % 4), 1 + (i * 3) % 10);
                skills.put(SKILLS.get((i + 1) % 4), 2 + (i * 5) % 9);
                engine.upsertAgent(new AgentConfig(AGENTS.get(i), null, skills, CAPACITY.get(i)));
                model.agents.put(AGENTS.get(i), new ModelAgent(skills, CAPACITY.get(i)));
            }
        }

        void execute(List<int[]> ops) {
            for (int[] op : ops) {
                apply(op);
                checkState();
            }
        }

        void apply(int[] op) {
            int a = op[1];
            int b = op[2];
            int c = op[3];
            String agent = AGENTS.get(a % AGENTS.size());
            try {
                switch (op[0]) {
                    case 0, 1, 2 -> addInteraction(a, b, c);
                    case 3 -> {
                        ModelAgent m = model.agents.get(agent);
                        boolean[] before = m.flags();
                        m.loggedIn = true;
                        m.pendingLogout = false;
                        m.ready = b % 3 != 0;
                        int missed = m.missedInARow;
                        m.missedInARow = 0;
                        try {
                            guarded(m, before, () -> engine.login(agent, b % 3 != 0));
                        } catch (RoutingException ex) {
                            m.missedInARow = missed;
                            throw ex;
                        }
                    }
                    case 4 -> {
                        ModelAgent m = model.agents.get(agent);
                        boolean[] before = m.flags();
                        m.ready = false;
                        m.pendingLogout = true;
                        guarded(m, before, () -> engine.logout(agent));
                    }
                    case 5 -> {
                        ModelAgent m = model.agents.get(agent);
                        boolean[] before = m.flags();
                        boolean wasReady = m.ready;
                        m.ready = true;
                        int missed = m.missedInARow;
                        if (!wasReady) {
                            m.missedInARow = 0; // the engine resets the count when an agent goes ready again
                        }
                        try {
                            guarded(m, before, () -> engine.ready(agent));
                        } catch (RoutingException ex) {
                            m.missedInARow = missed;
                            throw ex;
                        }
                    }
                    case 6 -> {
                        ModelAgent m = model.agents.get(agent);
                        boolean[] before = m.flags();
                        m.ready = false;
                        guarded(m, before, () -> engine.notReady(agent, "break"));
                    }
                    case 7, 8 -> pickOffer(a).ifPresent(o -> engine.accept(o.getValue(), o.getKey()));
                    case 9 -> pickOffer(a).ifPresent(o -> engine.decline(o.getValue(), o.getKey()));
                    case 10 -> pickLive(a).ifPresent(id -> engine.end(id, "hangup"));
                    case 11 -> pickWrapUp(a).ifPresent(w -> engine.completeWrapUp(w[0], w[1]));
                    case 12 -> {
                        clock.advanceMillis(1 + (b % 4 == 0 ? b * 40L : b * 7L));
                        engine.advanceTime();
                    }
                    case 13 -> pickLive(a).ifPresent(id -> {
                        engine.changePriority(id, b % 4);
                    });
                    case 14 -> {
                        if (b % 2 == 0) {
                            Map<String, Integer> skills = new HashMap<>();
                            skills.put(SKILLS.get(b % 4), 1 + c % 10);
                            if (c % 3 == 0) {
                                skills.put(SKILLS.get((b + 1) % 4), 1 + (c / 3) % 10);
                            }
                            Map<String, Integer> previous = model.agents.get(agent).skills;
                            model.agents.get(agent).skills = skills;
                            try {
                                engine.setAgentSkills(agent, skills);
                            } catch (RoutingException ex) {
                                model.agents.get(agent).skills = previous;
                                throw ex;
                            }
                        } else {
                            pickLive(a).ifPresent(id -> engine.transfer(id, QUEUES.get(c % QUEUES.size()).id(), null));
                        }
                    }
                    default -> throw new IllegalStateException("op " + op[0]);
                }
            } catch (RoutingException expected) {
                // A command the engine refuses in this state (e.g. ready while logged out): fine, and nothing changed.
            }
        }

        /** The model is told first (the engine may offer during the command) and restored if refused. */
        void guarded(ModelAgent m, boolean[] before, Runnable command) {
            try {
                command.run();
            } catch (RoutingException ex) {
                m.restore(before);
                throw ex;
            }
        }

        void addInteraction(int a, int b, int c) {
            QueueConfig q = QUEUES.get(a % QUEUES.size());
            List<Channel> channels = new ArrayList<>(q.channels());
            channels.sort(Comparator.naturalOrder());
            Channel ch = channels.get(b % channels.size());
            Map<String, Integer> extra = c % 4 == 0 ? Map.of(SKILLS.get(c % 3), 1 + c % 4) : Map.of();
            Tier tier = c % 5 == 4 ? null : Tier.values()[c % 4];
            String customer = b % 3 == 0 ? "cust" + (c % 3) : null;
            String id = "i" + nextId++;
            model.interactions.put(id, new ModelInteraction(id, q.id(), ch, extra));
            engine.addInteraction(new NewInteraction(id, ch, q.id(), extra, b % 3, tier, customer, null, Map.of()));
        }

        Optional<Map.Entry<String, String>> pickOffer(int k) {
            List<Map.Entry<String, String>> offers = new ArrayList<>();
            model.agents.forEach((id, m) -> {
                if (m.pending != null) {
                    offers.add(Map.entry(id, m.pending));
                }
            });
            offers.sort(Map.Entry.comparingByKey());
            return offers.isEmpty() ? Optional.empty() : Optional.of(offers.get(k % offers.size()));
        }

        Optional<String> pickLive(int k) {
            List<String> live = model.interactions.values().stream().filter(i -> !i.ended).map(i -> i.id).sorted().toList();
            return live.isEmpty() ? Optional.empty() : Optional.of(live.get(k % live.size()));
        }

        Optional<String[]> pickWrapUp(int k) {
            List<String[]> w = new ArrayList<>();
            model.agents.forEach((id, m) -> m.wrapping.forEach(i -> w.add(new String[] {i, id})));
            w.sort(Comparator.comparing((String[] x) -> x[0]).thenComparing(x -> x[1]));
            return w.isEmpty() ? Optional.empty() : Optional.of(w.get(k % w.size()));
        }

        // ------------------------------------------------------------ events, checked as they come

        void onEvent(RoutingEvent ev) {
            long now = clock.millis();
            if (ev instanceof InteractionQueued q) {
                ModelInteraction i = model.interactions.get(q.interactionId());
                if (!q.requeued()) {
                    i.queue = q.queueId();
                    i.arrival = now;
                    i.order = model.arrivals++;
                }
            } else if (ev instanceof InteractionRejected r) {
                model.interactions.get(r.interactionId()).ended = true;
            } else if (ev instanceof OfferMade o) {
                checkOffer(o, now);
                model.agents.get(o.agentId()).pending = o.interactionId();
            } else if (ev instanceof OfferEnded e) {
                ModelAgent m = model.agents.get(e.agentId());
                assertThat(m.pending).as("offer ended that was not pending: " + e).isEqualTo(e.interactionId());
                m.pending = null;
                if (e.outcome() != OfferOutcome.RESCINDED) {
                    model.excluded.put(e.interactionId() + "/" + e.agentId(), now + DECLINE_DELAY);
                }
                if (e.outcome() == OfferOutcome.TIMED_OUT && ++m.missedInARow >= 2) {
                    // routing.missedOffersBeforeNotReady = 2: not ready now, even if work in hand hides it
                    m.ready = false;
                    m.missedInARow = 0;
                }
            } else if (ev instanceof InteractionConnected c) {
                ModelAgent m = model.agents.get(c.agentId());
                assertThat(m.pending).as("connected without an offer: " + c).isEqualTo(c.interactionId());
                m.pending = null;
                m.missedInARow = 0;
                ModelInteraction i = model.interactions.get(c.interactionId());
                m.load.merge(i.channel, 1, Integer::sum);
                assertThat(m.load.get(i.channel)).as("over capacity " + c).isLessThanOrEqualTo(m.capacity.getOrDefault(i.channel, 0));
                i.agent = c.agentId();
            } else if (ev instanceof InteractionTransferred t) {
                ModelInteraction i = model.interactions.get(t.interactionId());
                if (i.agent != null) {
                    model.excluded.put(i.id + "/" + i.agent, now + DECLINE_DELAY);
                    model.agents.get(i.agent).wrapping.add(i.id);
                    i.agent = null;
                }
            } else if (ev instanceof InteractionEnded e) {
                if (!e.reason().equals("transferred")) {
                    model.agents.get(e.agentId()).wrapping.add(e.interactionId());
                    model.interactions.get(e.interactionId()).ending = true;
                }
            } else if (ev instanceof WrapUpEnded w) {
                ModelAgent m = model.agents.get(w.agentId());
                assertThat(m.wrapping.remove(w.interactionId())).as("wrap-up ended that did not start " + w).isTrue();
                ModelInteraction i = model.interactions.get(w.interactionId());
                m.load.merge(i.channel, -1, Integer::sum);
                if (i.ending && i.agent != null && i.agent.equals(w.agentId())) {
                    i.ended = true;
                }
            } else if (ev instanceof InteractionAbandoned ab) {
                model.interactions.get(ab.interactionId()).ended = true;
            } else if (ev instanceof MaxWaitReached mw) {
                model.interactions.get(mw.interactionId()).ended = true;
            } else if (ev instanceof AgentStateChanged s) {
                ModelAgent m = model.agents.get(s.agentId());
                if (s.to() == AgentState.NOT_READY && "missed".equals(s.reason())) {
                    m.ready = false;
                }
                if (s.to() == AgentState.LOGGED_OUT) {
                    m.loggedIn = false;
                    m.pendingLogout = false;
                    m.ready = false;
                }
            }
        }

        /** At the moment of an offer: the agent may take it, and nothing more deserving waits for them. */
        void checkOffer(OfferMade o, long now) {
            ModelAgent m = model.agents.get(o.agentId());
            ModelInteraction x = model.interactions.get(o.interactionId());
            assertThat(m.pending).as("second offer to a reserved agent: " + o).isNull();
            assertThat(m.loggedIn && m.ready && !m.pendingLogout).as("offer to an agent not ready: " + o).isTrue();
            assertThat(m.canTake(x.channel)).as("offer beyond capacity or blending: " + o + " load " + m.load).isTrue();
            int step = expectedStep(x, now);
            assertThat(o.decision().overflowStep()).as("overflow step of " + o).isEqualTo(step);
            assertThat(eligible(m, x, step)).as("offered without the skills: " + o + " skills " + m.skills).isTrue();
            assertThat(isExcluded(x.id, o.agentId(), now)).as("offered to an agent who just declined: " + o).isFalse();
            if (o.decision().trigger() == RoutingDecision.Trigger.STICKY) {
                return;
            }
            InteractionView xv = engine.interactionView(x.id).orElseThrow();
            for (ModelInteraction yi : model.interactions.values()) {
                if (yi == x || yi.ended) {
                    continue;
                }
                Optional<InteractionView> yv = engine.interactionView(yi.id);
                if (yv.isEmpty() || yv.get().state() != InteractionState.QUEUED || !m.canTake(yi.channel)
                        || isExcluded(yi.id, o.agentId(), now) || !eligible(m, yi, expectedStep(yi, now))) {
                    continue;
                }
                if (yv.get().stickyAgentId() != null) {
                    assertThat(yv.get().stickyAgentId()).as(yi.id + " waits for " + o.agentId() + " who got " + x.id)
                            .isNotEqualTo(o.agentId());
                    continue;
                }
                assertThat(yv.get().priority()).as("higher priority " + yi.id + " waits while " + x.id + " is offered")
                        .isLessThanOrEqualTo(xv.priority());
                if (yv.get().priority() == xv.priority() && yi.queue.equals(x.queue)) {
                    assertThat(yi.order).as("FIFO: " + yi.id + " arrived before " + x.id).isGreaterThan(x.order);
                }
            }
        }

        // ------------------------------------------------------------ checks after each command

        void checkState() {
            long now = clock.millis();
            for (ModelInteraction i : model.interactions.values()) {
                Optional<InteractionView> v = engine.interactionView(i.id);
                if (i.ended) {
                    assertThat(v).as(i.id + " ended but still held by the engine").isEmpty();
                    continue;
                }
                assertThat(v).as(i.id + " is lost: neither held nor ended with a reason").isPresent();
                InteractionView view = v.get();
                assertThat(view.state()).isIn(InteractionState.QUEUED, InteractionState.OFFERED, InteractionState.CONNECTED,
                        InteractionState.WRAP_UP);
                if (view.state() == InteractionState.QUEUED || view.state() == InteractionState.OFFERED) {
                    assertThat(view.overflowStep()).as("overflow step of " + i.id).isEqualTo(expectedStep(i, now));
                    Duration max = model.queues.get(i.queue).maxWait();
                    if (max != null && view.state() == InteractionState.QUEUED) {
                        assertThat(view.waitedMillis()).as(i.id + " waits past max wait").isLessThan(max.toMillis());
                    }
                }
                if (view.state() == InteractionState.QUEUED) {
                    checkNobodyFreeCouldTake(i, view, now);
                }
            }
            for (QueueConfig q : QUEUES) {
                checkQueueOrder(q.id());
            }
            for (String id : AGENTS) {
                ModelAgent m = model.agents.get(id);
                AgentView v = engine.agentView(id);
                assertThat(v.state() == AgentState.RESERVED).as("reserved iff an offer is pending for " + id)
                        .isEqualTo(m.pending != null);
                for (Channel c : Channel.values()) {
                    assertThat(v.load().getOrDefault(c, 0)).as(id + " load " + c).isEqualTo(m.load.getOrDefault(c, 0))
                            .isLessThanOrEqualTo(m.capacity.getOrDefault(c, 0));
                }
                assertThat(v.state() == AgentState.LOGGED_OUT).isEqualTo(!m.loggedIn);
            }
        }

        /** Work conservation: no agent who could take a waiting interaction is left idle. */
        void checkNobodyFreeCouldTake(ModelInteraction i, InteractionView view, long now) {
            int step = expectedStep(i, now);
            for (String id : AGENTS) {
                ModelAgent m = model.agents.get(id);
                boolean free = m.loggedIn && m.ready && !m.pendingLogout && m.pending == null && m.canTake(i.channel);
                if (!free || !eligible(m, i, step) || isExcluded(i.id, id, now)) {
                    continue;
                }
                if (view.stickyAgentId() != null && !view.stickyAgentId().equals(id)) {
                    continue;
                }
                fail(i.id + " waits in " + i.queue + " (step " + step + ") while " + id + " is free and eligible; "
                        + engine.explain(i.id));
            }
        }

        void checkQueueOrder(String queueId) {
            List<InteractionView> waiting = engine.waitingInteractions(queueId).stream()
                    .filter(v -> v.state() == InteractionState.QUEUED).sorted(Comparator.comparingInt(InteractionView::position)).toList();
            for (int k = 0; k < waiting.size(); k++) {
                assertThat(waiting.get(k).position()).isEqualTo(k + 1);
                if (k > 0) {
                    InteractionView prev = waiting.get(k - 1);
                    InteractionView cur = waiting.get(k);
                    assertThat(prev.priority()).isGreaterThanOrEqualTo(cur.priority());
                    if (prev.priority() == cur.priority()) {
                        assertThat(model.interactions.get(prev.id()).order).isLessThan(model.interactions.get(cur.id()).order);
                    }
                }
            }
        }

        // ------------------------------------------------------------ reference rules, independent of the engine

        int expectedStep(ModelInteraction i, long now) {
            int step = 0;
            for (OverflowStep s : model.queues.get(i.queue).overflow()) {
                if (now - i.arrival >= s.after().toMillis()) {
                    step++;
                }
            }
            return step;
        }

        boolean eligible(ModelAgent m, ModelInteraction i, int step) {
            QueueConfig q = model.queues.get(i.queue);
            Map<String, Integer> base = new HashMap<>(q.skills());
            i.extra.forEach((k, v) -> base.merge(k, v, Math::max));
            List<Map<String, Integer>> alts = new ArrayList<>();
            Map<String, Integer> relaxed = new HashMap<>(base);
            for (int s = 0; s < step; s++) {
                OverflowStep os = q.overflow().get(s);
                if (os.minLevel() != null) {
                    relaxed.replaceAll((k, v) -> Math.min(v, os.minLevel()));
                }
                for (String also : os.alsoQueues()) {
                    Map<String, Integer> r = new HashMap<>(model.queues.get(also).skills());
                    i.extra.forEach((k, v) -> r.merge(k, v, Math::max));
                    alts.add(r);
                }
            }
            alts.add(relaxed);
            return alts.stream().anyMatch(req -> req.entrySet().stream()
                    .allMatch(e -> m.skills.getOrDefault(e.getKey(), 0) >= e.getValue()));
        }

        boolean isExcluded(String interaction, String agent, long now) {
            Long until = model.excluded.get(interaction + "/" + agent);
            return until != null && until > now;
        }
    }

    static final class Model {
        final Map<String, QueueConfig> queues = new HashMap<>();
        final Map<String, ModelAgent> agents = new LinkedHashMap<>();
        final Map<String, ModelInteraction> interactions = new LinkedHashMap<>();
        final Map<String, Long> excluded = new HashMap<>();
        long arrivals;
    }

    static final class ModelAgent {
        Map<String, Integer> skills;
        final Map<Channel, Integer> capacity;
        final Map<Channel, Integer> load = new EnumMap<>(Channel.class);
        final Set<String> wrapping = new HashSet<>();
        boolean loggedIn;
        boolean ready;
        boolean pendingLogout;
        String pending;
        int missedInARow;

        ModelAgent(Map<String, Integer> skills, Map<Channel, Integer> capacity) {
            this.skills = skills;
            this.capacity = capacity;
        }

        boolean[] flags() {
            return new boolean[] {loggedIn, ready, pendingLogout};
        }

        void restore(boolean[] f) {
            loggedIn = f[0];
            ready = f[1];
            pendingLogout = f[2];
        }

        int totalLoad() {
            return load.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Capacity and the default blending: voice excludes all; chat excludes voice. */
        boolean canTake(Channel c) {
            if (load.getOrDefault(c, 0) >= capacity.getOrDefault(c, 0)) {
                return false;
            }
            for (Map.Entry<Channel, Integer> l : load.entrySet()) {
                if (l.getValue() > 0 && RoutingConfig.defaultBlending().get(l.getKey()).contains(c)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class ModelInteraction {
        final String id;
        final Channel channel;
        final Map<String, Integer> extra;
        String queue;
        long arrival;
        long order;
        String agent;
        boolean ending;
        boolean ended;

        ModelInteraction(String id, String queue, Channel channel, Map<String, Integer> extra) {
            this.id = id;
            this.queue = queue;
            this.channel = channel;
            this.extra = extra;
        }
    }
}
