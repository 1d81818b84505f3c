package org.openucc.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceLevel;
import org.openucc.interaction.Channel;
import org.openucc.intake.InteractionIntake;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.openucc.store.StoreServices;

/**
 * A day of mixed traffic through the real intake, routing engine and interaction log, on a clock the test
 * moves: calls, chats, emails and callbacks arrive (customers identified, some coming back), agents accept
 * or decline offers, hold, transfer, end, pick dispositions, finish wrap-up early or let it run out, take
 * breaks; callers hang up while waiting (some at once). What the channel adapters write themselves (hold,
 * disposition, callback attempts, identification) is appended as they append it. A discrete-event
 * simulation: one action at a time, in time order, each waiting for the engine's answer.
 */
final class TrafficDay {
    static final List<QueueConfig> QUEUES = List.of(
            queue("support", Set.of(Channel.VOICE, Channel.CALLBACK), Map.of(), 20, Duration.ofSeconds(30)),
            queue("sales", Set.of(Channel.VOICE), Map.of("sales", 1), 30, Duration.ofSeconds(20)),
            queue("chat", Set.of(Channel.CHAT), Map.of(), 60, Duration.ofSeconds(10)),
            queue("email", Set.of(Channel.EMAIL), Map.of(), 3600, Duration.ZERO));
    static final List<AgentConfig> AGENTS = List.of(
            new AgentConfig("ann", "Ann", Map.of("sales", 5, "billing", 5, "tech", 5), null),
            new AgentConfig("ben", "Ben", Map.of("sales", 3, "billing", 5, "tech", 5), null),
            new AgentConfig("cai", "Cai", Map.of("billing", 5, "tech", 5), null),
            new AgentConfig("dee", "Dee", Map.of("sales", 7, "billing", 5, "tech", 5), null));

    /** A clock the simulation sets; read by the engine's and the log's threads. */
    static final class SimClock implements InstantSource {
        final AtomicLong millis;

        SimClock(Instant start) {
            millis = new AtomicLong(start.toEpochMilli());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        void set(long at) {
            millis.accumulateAndGet(at, Math::max);
        }
    }

    private record Action(long at, long seq, Runnable run) {
    }

    private final SimClock clock;
    private RoutingService routing;
    private InteractionLog log;
    private InteractionIntake intake;
    private final Random random;
    private final PriorityQueue<Action> actions = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long seq;
    private final Map<String, Channel> channels = new HashMap<>();
    /** Interactions connected now, by id: the agent. */
    private final Map<String, String> connected = new HashMap<>();
    private final Set<String> answeredOnce = new HashSet<>();
    private final Set<String> transferredOnce = new HashSet<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<RoutingEvent> heard =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    TrafficDay(SimClock clock, StoreServices store, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
        startEngine(store);
    }

    /** A new engine (a server's start) on {@code store}: the traffic goes on through it. */
    private void startEngine(StoreServices store) {
        this.log = store.interactionLog();
        this.routing = new RoutingService(RoutingConfig.DEFAULTS, clock, RoutingStrategies.builtIn());
        routing.setJournal(store.routingRecorder());
        routing.load(QUEUES, AGENTS).join();
        this.intake = new InteractionIntake(routing, store.customers(), log, clock);
        routing.addListener(heard::add); // handled on the simulation's thread, in order, after each action
    }

    /** The engine the traffic goes through now (to listen to it). */
    RoutingService routing() {
        return routing;
    }

    /**
     * A restart in the middle of the day, at the clock's time: the engine stopped (call {@link #close}
     * first and close the old store), a new one on {@code store} (the same database), {@code listen}
     * attached to it, then the start-up recovery from the log as the server runs it. Actions planned
     * before go on; those the restart made moot are refused like any late command.
     */
    org.openucc.recovery.RecoveryReport restart(StoreServices store,
                                                 java.util.function.Consumer<RoutingService> listen) {
        startEngine(store);
        listen.accept(routing);
        List<String> agents = AGENTS.stream().map(AgentConfig::id).toList();
        var plan = new org.openucc.recovery.RecoveryReader(log).read(agents, clock.instant().plusMillis(1));
        var report = new org.openucc.recovery.Recovery(routing, log).apply(plan);
        RoutingEvent e;
        while ((e = heard.poll()) != null) {
            onRoutingEvent(e);
        }
        return report;
    }

    static QueueConfig queue(String id, Set<Channel> channels, Map<String, Integer> skills, int slSeconds, Duration wrapUp) {
        return new QueueConfig(id, null, channels, skills, new ServiceLevel(80, Duration.ofSeconds(slSeconds)), null, null,
                null, null, null, null, null, 0, wrapUp, Duration.ofMinutes(30), null, null);
    }

    /** What was simulated, by kind (for the test's own sanity checks). */
    Map<String, Integer> counts() {
        return counts;
    }

    /** Runs the day: agents log in at {@code open}, traffic until {@code close}, then everything ends and agents log out. */
    void run(Instant open, Instant close, int interactions) {
        plan(open, close, interactions);
        drain();
        closeOfBusiness(close);
    }

    /** Plans the day's logins, breaks and arrivals (run them with {@link #step} or {@link #runUntil}). */
    void plan(Instant open, Instant close, int interactions) {
        for (AgentConfig a : AGENTS) {
            at(open.toEpochMilli() + random.nextInt(600_000), () -> send(new RoutingCommand.Login(a.id(), true)));
            // two breaks and a lunch
            for (int b = 0; b < 3; b++) {
                long start = open.toEpochMilli() + 3_600_000L * (2 + 4 * b) + random.nextInt(1_800_000);
                String reason = b == 1 ? "lunch" : "break";
                at(start, () -> send(new RoutingCommand.NotReady(a.id(), reason)));
                at(start + 300_000 + random.nextInt(1_500_000), () -> send(new RoutingCommand.Ready(a.id())));
            }
        }
        long span = close.toEpochMilli() - open.toEpochMilli() - 3_600_000;
        for (int i = 0; i < interactions; i++) {
            long arrival = open.toEpochMilli() + 900_000 + (long) (random.nextDouble() * span);
            at(arrival, this::arrive);
        }
    }

    /** Runs what is planned to the end, then closes: whatever is still on ends, wrap-ups finish, agents log out. */
    void closeOfBusiness(Instant close) {
        drain();
        long end = close.toEpochMilli() + 3_600_000;
        at(end, () -> {
            for (String id : List.copyOf(connected.keySet())) {
                quietly(new RoutingCommand.End(id, "closing"));
            }
        });
        at(end + 60_000, () -> {
            for (AgentConfig a : AGENTS) {
                quietly(new RoutingCommand.Logout(a.id()));
            }
        });
        drain();
    }

    private void drain() {
        while (step()) {
            // one action at a time
        }
    }

    /** Runs the actions planned before {@code until} (and those they plan before it). */
    void runUntil(Instant until) {
        while (!actions.isEmpty() && actions.peek().at < until.toEpochMilli()) {
            step();
        }
    }

    /**
     * Lets the engine fire the timers due by the clock's time now (wrap-ups running out, offers timing out)
     * and plans what follows, so that nothing more happens until the clock moves: a moment to look at.
     */
    void settle() {
        send(new RoutingCommand.CustomerLeft("settle-" + clock.millis(), "nobody: fires the timers due"));
        RoutingEvent e;
        while ((e = heard.poll()) != null) {
            onRoutingEvent(e);
        }
    }

    /** Runs the next action (moving the clock to it) and plans what people do next; false if none is left. */
    boolean step() {
        Action a = actions.poll();
        if (a == null) {
            return false;
        }
        clock.set(a.at);
        a.run.run();
        RoutingEvent e;
        while ((e = heard.poll()) != null) {
            onRoutingEvent(e);
        }
        return true;
    }

    private void at(long millis, Runnable run) {
        actions.add(new Action(Math.max(millis, clock.millis()), seq++, run));
    }

    private void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    private void arrive() {
        double r = random.nextDouble();
        Channel channel = r < 0.45 ? Channel.VOICE : r < 0.65 ? Channel.CHAT : r < 0.85 ? Channel.EMAIL : Channel.CALLBACK;
        String queue = switch (channel) {
            case VOICE -> random.nextDouble() < 0.7 ? "support" : "sales";
            case CHAT -> "chat";
            case EMAIL -> "email";
            default -> "support";
        };
        Map<String, Integer> skills = new LinkedHashMap<>();
        if (!queue.equals("sales") && random.nextDouble() < 0.5) {
            skills.put(random.nextBoolean() ? "billing" : "tech", 1 + random.nextInt(3));
        }
        InteractionIntake.Created c = intake.create(new InteractionIntake.Request(channel, queue, "INBOUND", null, null,
                null, null, null, skills, 0, null, Map.of()));
        String id = c.id();
        channels.put(id, channel);
        count("arrived " + channel);
        if (random.nextDouble() < 0.75) {
            // Identified (IVR account number, chat form, mail address): 25 customers, so many come back.
            String customer = "cus-" + random.nextInt(25);
            log.append(NewLogEvent.customerIdentified(clock.instant(), id, customer, "test")).join();
        }
        // Patience: some hang up at once, some after a while, most would wait long.
        double p = random.nextDouble();
        long patience = p < 0.08 ? 1_000 + random.nextInt(3_000) : p < 0.25 ? 20_000 + random.nextInt(120_000)
                : 3_600_000;
        if (channel != Channel.EMAIL) {
            at(clock.millis() + patience, () -> {
                if (!answeredOnce.contains(id)) {
                    var left = send(new RoutingCommand.CustomerLeft(id, "caller hung up"));
                    if (left == org.openucc.routing.CustomerLeftResult.ABANDONED) {
                        count("abandoned");
                    }
                }
            });
        }
    }

    /** Plans what people do next (on the simulation's thread). */
    private void onRoutingEvent(RoutingEvent e) {
        if (e instanceof RoutingEvent.OfferMade o) {
            long ring = 2_000 + random.nextInt(14_000);
            boolean decline = random.nextDouble() < 0.1;
            at(o.atMillis() + ring, () -> {
                if (decline) {
                    if (quietly(new RoutingCommand.Decline(o.interactionId(), o.agentId()))) {
                        count("declined");
                    }
                } else if (quietly(new RoutingCommand.Accept(o.interactionId(), o.agentId()))) {
                    answeredOnce.add(o.interactionId());
                }
            });
        } else if (e instanceof RoutingEvent.InteractionConnected c) {
            connected.put(c.interactionId(), c.agentId());
            planConversation(c.interactionId(), c.agentId(), c.atMillis());
        } else if (e instanceof RoutingEvent.InteractionEnded x) {
            connected.remove(x.interactionId());
        } else if (e instanceof RoutingEvent.WrapUpStarted w) {
            String id = w.interactionId();
            String agent = w.agentId();
            long now = w.atMillis();
            if (random.nextDouble() < 0.85) {
                String code = random.nextDouble() < 0.7 ? "resolved" : "follow-up";
                at(now + 1_000 + random.nextInt(4_000), () -> log.append(NewLogEvent.disposition(clock.instant(), id, agent,
                        code, "notes")).join());
            }
            if (random.nextBoolean()) { // the rest let the wrap-up time run out
                at(now + 6_000 + random.nextInt(10_000), () -> quietly(new RoutingCommand.CompleteWrapUp(id, agent)));
            }
        }
    }

    private void planConversation(String id, String agent, long connectedAt) {
        Channel channel = channels.get(id);
        long talk = switch (channel) {
            case EMAIL -> 60_000 + random.nextInt(600_000);
            case CHAT -> 120_000 + random.nextInt(600_000);
            default -> 30_000 + random.nextInt(480_000);
        };
        if (channel == Channel.CALLBACK) {
            String result = random.nextDouble() < 0.7 ? "ANSWERED" : "NO_ANSWER";
            at(connectedAt + 500, () -> {
                java.util.Map<String, Object> d = new LinkedHashMap<>();
                d.put("callbackId", "cbk-" + id);
                d.put("attempt", 1);
                d.put("result", result);
                log.append(new NewLogEvent(clock.instant(), LogEventType.CALLBACK_ATTEMPT, id, agent, "support", null, agent,
                        d)).join();
            });
        }
        if ((channel == Channel.VOICE || channel == Channel.CALLBACK) && random.nextDouble() < 0.3) {
            long holdAt = connectedAt + talk / 3;
            long holdFor = 5_000 + random.nextInt(60_000);
            at(holdAt, () -> {
                if (agent.equals(connected.get(id))) {
                    log.append(NewLogEvent.held(clock.instant(), id, agent)).join();
                    at(clock.millis() + holdFor, () -> {
                        if (agent.equals(connected.get(id))) {
                            log.append(NewLogEvent.resumed(clock.instant(), id, agent)).join();
                        }
                    });
                }
            });
            talk += holdFor + 1_000;
        }
        boolean transfer = channel == Channel.VOICE && !transferredOnce.contains(id) && random.nextDouble() < 0.15;
        at(connectedAt + talk, () -> {
            if (!agent.equals(connected.get(id))) {
                return;
            }
            if (transfer) {
                transferredOnce.add(id);
                answeredOnce.remove(id); // waiting again: the caller may hang up again
                String to = random.nextBoolean() ? "sales" : "support";
                if (quietly(new RoutingCommand.Transfer(id, to, agent))) {
                    count("transferred");
                }
            } else {
                quietly(new RoutingCommand.End(id, "done", agent));
            }
        });
    }

    private <T> T send(RoutingCommand<T> command) {
        return routing.send(command).toCompletableFuture().join();
    }

    /** A command that may fairly be refused by now (the caller left while the phone rang): false if it was. */
    private boolean quietly(RoutingCommand<?> command) {
        try {
            send(command);
            return true;
        } catch (CompletionException e) {
            count("refused " + command.getClass().getSimpleName());
            return false;
        }
    }

    void close() {
        routing.close();
    }

}
