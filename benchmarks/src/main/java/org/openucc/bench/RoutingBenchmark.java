package org.openucc.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.openucc.config.AgentConfig;
import org.openucc.config.OverflowStep;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceLevel;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingEngine;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingStrategies;

/**
 * The ACD engine under a loaded contact center: every agent busy, tens of thousands waiting, a mix
 * of arrivals, agents freeing up (and picking the most urgent eligible work), accepts, not-ready /
 * ready toggles. One thread, virtual time, a fixed seed. Prints decisions per second, per-command
 * latency percentiles, a scaling table and the cost of run-time changes.
 */
public final class RoutingBenchmark {
    /** 190 task skills plus 10 languages = 200 skills. */
    static final int SKILLS = 190;
    static final int LANGUAGES = 10;
    static final int QUEUES = 500;

    /** Virtual time: the benchmark moves it, so offer and wrap-up timers behave as in production. */
    static final class VirtualClock implements InstantSource {
        long millis = 1_700_000_000_000L;

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }

    /** Counts events and remembers the offers made by the last command. */
    static final class Sink implements org.openucc.routing.RoutingEventSink {
        long offers;
        long events;
        long timedOut;
        final List<RoutingEvent.OfferMade> lastOffers = new ArrayList<>();

        @Override
        public void accept(RoutingEvent e) {
            events++;
            if (e instanceof RoutingEvent.OfferEnded o && o.outcome() == org.openucc.routing.OfferOutcome.TIMED_OUT) {
                timedOut++;
            }
            if (e instanceof RoutingEvent.OfferMade o) {
                offers++;
                lastOffers.add(o);
            }
        }
    }

    /** One contact center of a given size, loaded and in steady state. */
    static final class Center {
        final VirtualClock clock = new VirtualClock();
        final Sink sink = new Sink();
        final RoutingEngine engine;
        final SplittableRandom rnd = new SplittableRandom(42);
        final List<QueueConfig> queues = new ArrayList<>();
        final String[] connected;
        int connectedCount;
        long nextId;
        final int agents;
        /** Queues at least one agent can serve, and per queue the languages such an agent speaks. */
        final List<QueueConfig> staffed = new ArrayList<>();
        final Map<String, List<String>> languagesOf = new HashMap<>();
        /** Harness's own count: arrivals minus accepted (every interaction is accepted once). */
        long arrived;
        long accepted;
        final long targetWaiting;
        /** Bytes allocated inside engine commands (the harness's own allocation left out), while measuring. */
        long engineAllocated;
        boolean measureAllocation;
        /** Reused by acceptOffers: the harness allocates no collections per command. */
        private final List<RoutingEvent.OfferMade> offersNow = new ArrayList<>();
        private final java.util.Set<String> taken = new java.util.HashSet<>();
        private static final Tier[] TIERS = Tier.values();

        Center(int agents, int waiting) {
            this.agents = agents;
            this.connected = new String[agents * 3 + 16];
            engine = new RoutingEngine(RoutingConfig.DEFAULTS, clock, sink, RoutingStrategies.builtIn());
            String[] strategies = {"longest-idle", "longest-idle", "longest-idle", "longest-idle", "longest-idle",
                    "longest-idle", "most-skilled", "least-occupied", "round-robin", "ring-all"};
            for (int q = 0; q < QUEUES; q++) {
                Map<String, Integer> skills = new HashMap<>();
                skills.put("s" + (q % SKILLS), 1 + rnd.nextInt(4));
                if (q % 5 == 0) {
                    skills.put("s" + ((q * 7 + 3) % SKILLS), 1 + rnd.nextInt(3));
                }
                List<OverflowStep> overflow = q % 3 == 0
                        ? List.of(new OverflowStep(Duration.ofSeconds(60), 1, null)) : List.of();
                java.util.Set<Channel> channels = q % 4 == 0 ? java.util.Set.of(Channel.VOICE, Channel.CHAT)
                        : java.util.Set.of(Channel.VOICE);
                QueueConfig qc = new QueueConfig("q" + q, null, channels, skills,
                        new ServiceLevel(80, Duration.ofSeconds(q % 2 == 0 ? 20 : 60)), strategies[q % strategies.length],
                        null, null, overflow, null, null, null, 0, Duration.ZERO, Duration.ofSeconds(30), null, null);
                queues.add(qc);
                engine.upsertQueue(qc);
            }
            List<Map<String, Integer>> allSkills = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                Map<String, Integer> skills = agentSkills();
                allSkills.add(skills);
                engine.upsertAgent(new AgentConfig("a" + a, null, skills, Map.of(Channel.VOICE, 1, Channel.CHAT, 3)));
            }
            // A real center staffs its queues: arrivals go only where some agent can take them, so the
            // waiting count stays where it started instead of piling up in queues nobody serves.
            for (QueueConfig q : queues) {
                java.util.TreeSet<String> languages = new java.util.TreeSet<>();
                boolean any = false;
                for (Map<String, Integer> skills : allSkills) {
                    if (q.skills().entrySet().stream().allMatch(r -> skills.getOrDefault(r.getKey(), 0) >= r.getValue())) {
                        any = true;
                        skills.forEach((k, v) -> {
                            if (k.startsWith("lang") && v >= 3) {
                                languages.add(k);
                            }
                        });
                    }
                }
                if (any) {
                    staffed.add(q);
                    languagesOf.put(q.id(), List.copyOf(languages));
                }
            }
            this.targetWaiting = waiting;
            // Everyone waits first, then agents log in and take work: a loaded center.
            for (int i = 0; i < waiting + agents; i++) {
                arrive();
            }
            for (int a = 0; a < agents; a++) {
                sink.lastOffers.clear();
                engine.login("a" + a, true);
                acceptOffers();
            }
        }

        Map<String, Integer> agentSkills() {
            Map<String, Integer> skills = new HashMap<>();
            while (skills.size() < 4) {
                skills.put("s" + rnd.nextInt(SKILLS), 1 + rnd.nextInt(10));
            }
            skills.put("lang" + rnd.nextInt(LANGUAGES), 1 + rnd.nextInt(10));
            return skills;
        }

        NewInteraction nextInteraction() {
            QueueConfig q = staffed.get(rnd.nextInt(staffed.size()));
            Channel ch = q.channels().size() > 1 && rnd.nextInt(3) == 0 ? Channel.CHAT : Channel.VOICE;
            List<String> languages = languagesOf.get(q.id());
            Map<String, Integer> extra = rnd.nextInt(5) == 0 && !languages.isEmpty()
                    ? Map.of(languages.get(rnd.nextInt(languages.size())), 3) : Map.of();
            arrived++;
            Tier tier = TIERS[rnd.nextInt(4)];
            return new NewInteraction("i" + nextId++, ch, q.id(), extra, rnd.nextInt(3), tier, null, null, Map.of());
        }

        void arrive() {
            sink.lastOffers.clear();
            engine.addInteraction(nextInteraction());
            acceptOffers();
        }

        void acceptOffers() {
            acceptOffers(null);
        }

        /** Accepts every offer made so far, including those made while accepting (chat capacity). */
        long acceptOffers(LatencyRecorder latency) {
            long accepted = 0;
            while (!sink.lastOffers.isEmpty()) {
                List<RoutingEvent.OfferMade> offers = offersNow;
                offers.clear();
                offers.addAll(sink.lastOffers);
                sink.lastOffers.clear();
                taken.clear();
                for (RoutingEvent.OfferMade o : offers) {
                    if (taken.add(o.interactionId())) {
                        long a0 = measureAllocation ? allocatedBytes() : 0;
                        long t0 = System.nanoTime();
                        engine.accept(o.interactionId(), o.agentId());
                        long t1 = System.nanoTime();
                        if (measureAllocation) {
                            engineAllocated += allocatedBytes() - a0;
                        }
                        this.accepted++;
                        if (latency != null) {
                            latency.record(t1 - t0);
                        }
                        connected[connectedCount++] = o.interactionId();
                        accepted++;
                    }
                }
            }
            return accepted;
        }
    }

    record Result(int agents, int waiting, long commands, long decisions, double seconds, double cpuSeconds,
                  long gcCount, double gcSeconds, LatencyRecorder all, LatencyRecorder arrivals, LatencyRecorder frees,
                  long allocatedBytes, long engineAllocatedBytes) {
        double decisionsPerSecond() {
            return decisions / seconds;
        }

        /** Per second of this thread's own CPU time: what one core gives when the machine is shared. */
        double decisionsPerCpuSecond() {
            return decisions / cpuSeconds;
        }

        /** Per second spent inside the engine's commands (wall time measured around each call). */
        double decisionsPerEngineSecond() {
            return decisions / (all.meanMicros() * all.count() / 1e6);
        }
    }

    private static long gcCount() {
        long n = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long ms = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /**
     * Steady state: end a random connected interaction (its agent frees up and is offered the most
     * urgent eligible work), accept that offer, and a new interaction arrives; 1% not-ready/ready.
     * A routing decision is each command that searched for a match: every arrival, every freed agent.
     */
    static Result steadyState(Center c, int cycles, boolean record) {
        LatencyRecorder all = new LatencyRecorder(record ? cycles * 3 : 1);
        LatencyRecorder arrivals = new LatencyRecorder(record ? cycles : 1);
        LatencyRecorder frees = new LatencyRecorder(record ? cycles : 1);
        long decisions = 0;
        long commands = 0;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        c.measureAllocation = true;
        long engineAllocatedStart = c.engineAllocated;
        long allocatedStart = allocatedBytes();
        long gcCountStart = gcCount();
        long gcMillisStart = gcMillis();
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            c.clock.millis += 2;
            if (c.connectedCount > 0) {
                int k = c.rnd.nextInt(c.connectedCount);
                String id = c.connected[k];
                c.connected[k] = c.connected[--c.connectedCount];
                c.sink.lastOffers.clear();
                long a0 = allocatedBytes();
                long t0 = System.nanoTime();
                c.engine.end(id, "done");
                long t1 = System.nanoTime();
                c.engineAllocated += allocatedBytes() - a0;
                all.record(t1 - t0);
                frees.record(t1 - t0);
                decisions++;
                commands++;
                commands += c.acceptOffers(all);
            }
            if (c.arrived - c.accepted >= c.targetWaiting) {
                continue; // keep the waiting count steady: no arrival while above the target
            }
            NewInteraction in = c.nextInteraction();
            c.sink.lastOffers.clear();
            long a3 = allocatedBytes();
            long t3 = System.nanoTime();
            c.engine.addInteraction(in);
            long t4 = System.nanoTime();
            c.engineAllocated += allocatedBytes() - a3;
            all.record(t4 - t3);
            arrivals.record(t4 - t3);
            decisions++;
            commands++;
            commands += c.acceptOffers(all);
            if (i % 100 == 0) {
                String agent = "a" + c.rnd.nextInt(c.agents);
                long a5 = allocatedBytes();
                c.engine.notReady(agent, "break");
                c.engine.ready(agent);
                c.engineAllocated += allocatedBytes() - a5;
                commands += 2;
                decisions++;
                commands += c.acceptOffers(all);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        c.measureAllocation = false;
        return new Result(c.agents, c.engine.stats().waiting(), commands, decisions, seconds, cpuSeconds,
                gcCount() - gcCountStart, (gcMillis() - gcMillisStart) / 1000.0, all, arrivals, frees,
                allocatedBytes() - allocatedStart, c.engineAllocated - engineAllocatedStart);
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Bytes this thread allocated so far (HotSpot's thread bean), or 0 where the JVM cannot tell. */
    static long allocatedBytes() {
        return THREADS instanceof com.sun.management.ThreadMXBean t ? t.getCurrentThreadAllocatedBytes() : 0;
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    public static void main(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        boolean headlineOnly = List.of(args).contains("--headline");
        // --cycles N: measured cycles of the headline (profiling the drift of a long run without the scaling table).
        int cyclesAt = List.of(args).indexOf("--cycles");
        int headlineCycles = cyclesAt >= 0 && cyclesAt + 1 < args.length ? Integer.parseInt(args[cyclesAt + 1])
                : quick ? 200_000 : 1_000_000;
        System.out.printf("OpenUCC routing benchmark — %s, %d CPU(s) visible, max heap %d MiB, JVM %s%n",
                quick ? "quick" : "full", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
        System.out.printf("skills %d (%d task skills + %d languages), queues %d (longest-idle 60%%, most-skilled/"
                + "least-occupied/round-robin/ring-all 10%% each), agents with 4 task skills + 1 language,%n"
                + "20%% of interactions also need a language; voice and chat; tiers, priorities, overflow steps%n%n",
                SKILLS + LANGUAGES, SKILLS, LANGUAGES, QUEUES);

        // Headline: 10,000 agents, 50,000 waiting.
        long t0 = System.nanoTime();
        Center c = new Center(10_000, 50_000);
        double setup = (System.nanoTime() - t0) / 1e9;
        System.out.printf("setup of 10,000 agents / 50,000 waiting: %.1f s; %s%n", setup, c.engine.stats());
        steadyState(c, quick ? 100_000 : 400_000, false); // warm-up (JIT)
        Result r = steadyState(c, headlineCycles, true);
        long heap = usedHeapAfterGc();
        System.out.printf("%n== 10,000 agents, %,d waiting, one thread ==%n", r.waiting());
        System.out.printf("routing decisions: %,d in %.2f s = %,.0f decisions/s (%,.0f commands/s incl. accepts)%n",
                r.decisions(), r.seconds(), r.decisionsPerSecond(), r.commands() / r.seconds());
        System.out.printf("  per second of this thread's CPU time: %,.0f decisions/s (CPU %.2f s of %.2f s wall; "
                + "load average %.1f on %d cores)%n", r.decisionsPerCpuSecond(), r.cpuSeconds(), r.seconds(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  per second inside engine commands:    %,.0f decisions/s; GC: %d collections, %.2f s%n",
                r.decisionsPerEngineSecond(), r.gcCount(), r.gcSeconds());
        System.out.printf("  allocated per decision (engine + harness, incl. the accept and the new interaction): %,d bytes%n",
                r.allocatedBytes() / Math.max(1, r.decisions()));
        System.out.printf("  allocated per decision inside engine commands only (end, arrival, accepts, toggles): %,d bytes%n",
                r.engineAllocatedBytes() / Math.max(1, r.decisions()));
        System.out.printf("latency, arrival (find agent or queue):  %s%n", r.arrivals().summary());
        System.out.printf("latency, agent frees (find most urgent): %s%n", r.frees().summary());
        System.out.printf("latency, any command:                    %s%n", r.all().summary());
        System.out.printf("heap in use after GC: %,d MiB (engine + harness); offers timed out: %d (harness check: 0)%n",
                heap >> 20, c.sink.timedOut);

        if (headlineOnly) {
            return;
        }
        changes(c, quick ? 2_000 : 10_000);

        System.out.printf("%n== scaling (waiting = 5 x agents) ==%n");
        System.out.printf("%10s %10s %14s %16s %12s %12s %12s %10s%n", "agents", "waiting", "decisions/s",
                "per CPU-second", "p50 µs", "p99 µs", "p99.9 µs", "heap MiB");
        int[] sizes = quick ? new int[] {100, 1_000, 10_000} : new int[] {100, 1_000, 10_000, 100_000};
        c = null;
        usedHeapAfterGc();
        for (int agents : sizes) {
            Center s = new Center(agents, agents * 5);
            steadyState(s, quick ? 50_000 : 200_000, false);
            Result sr = steadyState(s, quick ? 100_000 : 400_000, true);
            long h = usedHeapAfterGc();
            System.out.printf("%,10d %,10d %,14.0f %,16.0f %12.1f %12.1f %12.1f %,10d%n", agents, sr.waiting(),
                    sr.decisionsPerSecond(), sr.decisionsPerCpuSecond(), sr.all().percentile(50) / 1000.0, sr.all().percentile(99) / 1000.0,
                    sr.all().percentile(99.9) / 1000.0, h >> 20);
            s = null;
        }
        System.out.printf("%npeak heap committed: %,d MiB%n",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20);
    }

    /** The cost of changes applied while the center runs: they must be deltas, not reloads. */
    static void changes(Center c, int n) {
        LatencyRecorder add = new LatencyRecorder(n);
        LatencyRecorder login = new LatencyRecorder(n);
        LatencyRecorder levels = new LatencyRecorder(n);
        LatencyRecorder priority = new LatencyRecorder(n);
        for (int i = 0; i < n; i++) {
            AgentConfig fresh = new AgentConfig("new" + i, null, c.agentSkills(), Map.of(Channel.VOICE, 1));
            long t0 = System.nanoTime();
            c.engine.upsertAgent(fresh);
            add.record(System.nanoTime() - t0);
            c.sink.lastOffers.clear();
            long t1 = System.nanoTime();
            c.engine.login(fresh.id(), true);
            login.record(System.nanoTime() - t1);
            c.acceptOffers();

            String agent = "a" + c.rnd.nextInt(c.agents);
            Map<String, Integer> skills = c.agentSkills();
            long t2 = System.nanoTime();
            c.engine.setAgentSkills(agent, skills);
            levels.record(System.nanoTime() - t2);
            c.acceptOffers();
        }
        List<String> waiting = new ArrayList<>();
        for (long id = c.nextId - 1; id >= 0 && waiting.size() < n; id--) {
            String s = "i" + id;
            if (c.engine.interactionView(s).map(v -> v.state() == org.openucc.interaction.InteractionState.QUEUED).orElse(false)) {
                waiting.add(s);
            }
        }
        for (String id : waiting) {
            int before = c.engine.interactionView(id).orElseThrow().position();
            long t3 = System.nanoTime();
            c.engine.changePriority(id, 50);
            priority.record(System.nanoTime() - t3);
            int after = c.engine.interactionView(id).orElseThrow().position();
            if (after > before) {
                throw new IllegalStateException("raising priority moved " + id + " back: " + before + " -> " + after);
            }
        }
        System.out.printf("%n== run-time changes at %,d agents / %,d waiting (each applied in place) ==%n",
                c.engine.stats().agents(), c.engine.stats().waiting());
        System.out.printf("add an agent with 5 skills:            mean %.1f µs, %s%n", add.meanMicros(), add.summary());
        System.out.printf("  ... and log them in (takes work):    mean %.1f µs, %s%n", login.meanMicros(), login.summary());
        System.out.printf("change one agent's skills and levels:  mean %.1f µs, %s%n", levels.meanMicros(), levels.summary());
        System.out.printf("raise a waiting interaction's priority: mean %.1f µs, %s%n", priority.meanMicros(), priority.summary());
    }
}
