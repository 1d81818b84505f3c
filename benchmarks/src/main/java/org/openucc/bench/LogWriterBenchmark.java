package org.openucc.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.config.ReportsConfig;
import org.openucc.config.StoreConfig;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.reports.ReportSettings;
import org.openucc.store.InteractionLogStats;
import org.openucc.store.StoreServices;

/**
 * The durable path alone, without SIP: calls arrive at {@code --rate} per second for {@code --seconds}, each
 * appending the events a voice call through the IVR to an agent logs (created, IVR, queued, offered, connected,
 * the agent's states, ended, recording, wrap-up), one append at a time after the previous one is durable, spread over
 * about {@code --call-ms} ms. The embedded H2 store as the server runs it, with the report sums following. Prints the
 * bytes allocated and the CPU time per call of the log writer, the report aggregator and the whole process, the
 * commits, and the append latency. {@code --commit-interval-us} sets {@code store.logCommitInterval} (default 1 ms),
 * {@code --journal false} turns {@code store.logJournal} off (every commit forces H2's file, as before the journal).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar log --rate 100 --seconds 60 [--commit-interval-us 0] [--journal false]}
 */
public final class LogWriterBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private LogWriterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = ReportsBenchmark.options(args);
        int rate = Integer.parseInt(o.getOrDefault("rate", "100"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        int callMillis = Integer.parseInt(o.getOrDefault("call-ms", "3000"));
        int agents = Integer.parseInt(o.getOrDefault("agents", "1000"));
        Path dir = Files.createTempDirectory("openucc-log-bench");
        Duration interval = o.containsKey("commit-interval-us")
                ? Duration.ofNanos(Long.parseLong(o.get("commit-interval-us")) * 1000) : null;
        boolean journal = Boolean.parseBoolean(o.getOrDefault("journal", "true"));
        StoreConfig config = new StoreConfig(null, null, null, 4, "DE", false, 0, 10, 2_000, 128, 0, interval, journal);
        ReportSettings settings = new ReportSettings(ZONE, 5_000, ReportsConfig.SlAbandons.AFTER_THRESHOLD,
                Duration.ofDays(7).toMillis(), Map.of("support", 20_000L), 200_000, 400);
        System.out.printf(Locale.ROOT, "log writer benchmark: %d calls/s for %d s, calls of %d ms, commit interval %d µs,"
                + " journal %s, H2 in %s, %d cores, Java %s%n", rate, seconds, callMillis,
                config.logCommitInterval().toNanos() / 1000, journal ? "on" : "off (every commit forces H2's file)", dir, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        try (StoreServices store = StoreServices.start(config, dir, InstantSource.system())) {
            store.startReports(settings);
            ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
            LatencyRecorder latency = new LatencyRecorder(2_000_000);
            // Warm-up: a tenth of the run (at least 5 s) at the same rate, not counted.
            run(store, timers, rate, Math.max(5, seconds / 10), callMillis, agents, new LatencyRecorder(1), "w");
            Map<String, long[]> before = threads();
            long gcBefore = gcMillis();
            InteractionLogStats s0 = store.interactionLogStats();
            long begin = System.nanoTime();
            int calls = run(store, timers, rate, seconds, callMillis, agents, latency, "c");
            double wall = (System.nanoTime() - begin) / 1e9;
            InteractionLogStats s1 = store.interactionLogStats();
            Map<String, long[]> after = threads();
            timers.shutdownNow();
            System.out.printf(Locale.ROOT, "calls: %,d in %.1f s; events %,d; commits %,d (%.1f events each)%n", calls,
                    wall, s1.storedEvents() - s0.storedEvents(), s1.batches() - s0.batches(),
                    (double) (s1.storedEvents() - s0.storedEvents()) / Math.max(1, s1.batches() - s0.batches()));
            synchronized (latency) {
                System.out.println("append -> durable: " + latency.summary());
            }
            System.out.printf(Locale.ROOT, "GC time during the run: %,d ms%n", gcMillis() - gcBefore);
            System.out.printf(Locale.ROOT, "%-28s %14s %14s%n", "thread", "KB/call", "CPU us/call");
            long allBytes = 0;
            long allCpu = 0;
            Map<String, long[]> byName = new HashMap<>();
            for (Map.Entry<String, long[]> e : after.entrySet()) {
                long[] b = before.getOrDefault(e.getKey(), new long[] {0, 0, 0});
                String name = e.getValue()[2] == 0 ? "?" : group(threadName(e.getKey()));
                long bytes = e.getValue()[0] - b[0];
                long cpu = e.getValue()[1] - b[1];
                byName.computeIfAbsent(name, k -> new long[2]);
                byName.get(name)[0] += bytes;
                byName.get(name)[1] += cpu;
                allBytes += bytes;
                allCpu += cpu;
            }
            byName.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0])).limit(8)
                    .forEach(e -> System.out.printf(Locale.ROOT, "%-28s %,14.1f %,14.1f%n", e.getKey(),
                            e.getValue()[0] / 1024.0 / calls, e.getValue()[1] / 1000.0 / calls));
            System.out.printf(Locale.ROOT, "%-28s %,14.1f %,14.1f%n", "all threads", allBytes / 1024.0 / calls,
                    allCpu / 1000.0 / calls);
        } finally {
            deleteTree(dir); // a run leaves gigabytes of H2 file behind otherwise
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Starts {@code rate} calls a second for {@code seconds}; returns how many, once all are durable. */
    private static int run(StoreServices store, ScheduledExecutorService timers, int rate, int seconds, int callMillis,
                           int agents, LatencyRecorder latency, String prefix) throws Exception {
        int total = rate * seconds;
        List<CompletableFuture<Void>> done = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            CompletableFuture<Void> call = new CompletableFuture<>();
            done.add(call);
            String id = prefix + i + "-" + Long.toHexString(System.nanoTime());
            String agent = "agent" + (i % agents);
            new Call(store, timers, id, agent, script(id, agent), callMillis, latency, call).next();
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return total;
    }

    /** What one inbound call through the IVR to an agent logs, in order. */
    private static List<Step> script(String id, String agent) {
        String q = "support";
        return List.of(
                new Step(0, LogEventType.INTERACTION_CREATED, null, null, Map.of("channel", "VOICE", "direction",
                        "INBOUND", "from", "+4930123456", "to", "1000")),
                new Step(0, LogEventType.IVR_ENTERED, null, null, Map.of("flow", "direct")),
                new Step(0, LogEventType.IVR_STEP, null, null, Map.of("flow", "direct", "step", "greeting")),
                new Step(0, LogEventType.IVR_LEFT, null, null, Map.of("flow", "direct", "to", "queue")),
                new Step(0, LogEventType.QUEUED, null, q, Map.of("channel", "VOICE", "priority", 0)),
                new Step(2, LogEventType.OFFERED, agent, q, Map.of("offerId", id + "-o1")),
                new Step(2, LogEventType.AGENT_STATE_CHANGED, agent, null, Map.of("from", "READY", "to", "OFFERED")),
                new Step(3, LogEventType.OFFER_ACCEPTED, agent, q, Map.of("offerId", id + "-o1")),
                new Step(3, LogEventType.CONNECTED, agent, q, Map.of()),
                new Step(3, LogEventType.AGENT_STATE_CHANGED, agent, null, Map.of("from", "OFFERED", "to", "BUSY")),
                new Step(90, LogEventType.ENDED, agent, q, Map.of("by", "caller", "cause", "caller hung up")),
                new Step(90, LogEventType.WRAP_UP_STARTED, agent, q, Map.of()),
                new Step(90, LogEventType.AGENT_STATE_CHANGED, agent, null, Map.of("from", "BUSY", "to", "WRAP_UP")),
                new Step(92, LogEventType.RECORDING_AVAILABLE, agent, q, Map.of("path",
                        "recordings/2026/12/07/" + id + ".wav", "millis", 10_000)),
                new Step(100, LogEventType.WRAP_UP_ENDED, agent, q, Map.of()),
                new Step(100, LogEventType.AGENT_STATE_CHANGED, agent, null, Map.of("from", "WRAP_UP", "to", "READY")));
    }

    /** One event, {@code percent} of the call's length after its start. */
    private record Step(int percent, LogEventType type, String agent, String queue, Map<String, Object> details) {
    }

    private static final class Call {
        private final StoreServices store;
        private final ScheduledExecutorService timers;
        private final String id;
        private final List<Step> steps;
        private final int callMillis;
        private final LatencyRecorder latency;
        private final CompletableFuture<Void> done;
        private final long start = System.nanoTime();
        private int at;

        Call(StoreServices store, ScheduledExecutorService timers, String id, String agent, List<Step> steps,
             int callMillis, LatencyRecorder latency, CompletableFuture<Void> done) {
            this.store = store;
            this.timers = timers;
            this.id = id;
            this.steps = steps;
            this.callMillis = callMillis;
            this.latency = latency;
            this.done = done;
        }

        void next() {
            if (at == steps.size()) {
                done.complete(null);
                return;
            }
            Step s = steps.get(at++);
            long due = start + (long) s.percent() * callMillis * 10_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                timers.schedule(this::append, wait, TimeUnit.NANOSECONDS);
            } else {
                append();
            }
        }

        private void append() {
            Step s = steps.get(at - 1);
            boolean agentEvent = s.type().category() == LogEventType.Category.AGENT;
            NewLogEvent e = new NewLogEvent(Instant.now(), s.type(), agentEvent ? null : id, s.agent(), s.queue(),
                    null, agentEvent ? s.agent() : "system", s.details());
            long begin = System.nanoTime();
            store.interactionLog().append(e).whenComplete((stored, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                    return;
                }
                long took = System.nanoTime() - begin;
                synchronized (latency) {
                    latency.record(took);
                }
                next();
            });
        }
    }

    /** Per live thread id: bytes allocated, CPU nanoseconds, and 1 (known). */
    private static Map<String, long[]> threads() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, long[]> out = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
            if (info == null) {
                continue;
            }
            out.put(id + " " + info.getThreadName(), new long[] {mx.getThreadAllocatedBytes(id),
                    mx.getThreadCpuTime(id), 1});
        }
        return out;
    }

    private static String threadName(String key) {
        return key.substring(key.indexOf(' ') + 1);
    }

    /** Pool threads under one name (pool-3-thread-2 -> pool-thread). */
    private static String group(String name) {
        return name.replaceAll("-?\\d+", "").replaceAll("--+", "-");
    }

    private static long gcMillis() {
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }
}
