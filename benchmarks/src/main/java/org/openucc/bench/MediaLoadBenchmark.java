package org.openucc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openucc.config.AgentConfig;
import org.openucc.config.IvrConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceNumber;
import org.openucc.config.SipConfig;
import org.openucc.interaction.Channel;
import org.openucc.ivr.IvrService;
import org.openucc.ivr.adapter.RoutingIvrRouting;
import org.openucc.ivr.adapter.ScheduledIvrTimers;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.runtime.IvrJournal;
import org.openucc.ivr.runtime.IvrPorts;
import org.openucc.ivr.runtime.RuntimeSettings;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.openucc.telephony.sip.SipCredentials;
import org.openucc.telephony.sip.SipTelephony;
import org.openucc.voice.QueueFlowSettings;
import org.openucc.voice.VoicePorts;
import org.openucc.voice.VoiceQueueFlow;

/**
 * Bridged-media load benchmark (not a test): the built-in SIP B2BUA, routing engine and voice queue
 * flow in this JVM, with recording on, and a lighter load generator than sipp in a second JVM
 * ({@link RtpLoadGenerator}: raw-UDP SIP callers and agents' phones, Netty RTP, 8 sockets a side). Callers
 * dial at a fixed rate and talk for {@code hold} seconds after the answer, the agents talk back, so
 * about {@code rate x hold} calls are bridged with two-way audio at once; new calls keep being set up
 * through that media load.
 *
 * <p>Prints per run: calls answered, set-up delay (caller INVITE sent to the agent's INVITE received,
 * in the generator; and the server's own arrival-to-dial), relayed frames' delay through the server
 * measured at the receiving phone (send time carried in the frame), packets late by more than 5 ms,
 * packets lost, the server's relay-lateness counter, CPU of both JVMs, the machine and its load average.
 *
 * <pre>
 * mvn -B -o -q -pl contact-center,benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.openucc.bench.MediaLoadBenchmark \
 *      [--bridged 500,1000,2000] [--rate 50] [--seconds 30] [--record true] [--agent-codec first|PCMU|PCMA]
 * </pre>
 */
public final class MediaLoadBenchmark {
    private static final String NUMBER = "2000";
    private static final String REALM = "bench";
    private static final String PASSWORD = "bench-secret";

    record Options(List<Integer> bridged, int rate, int seconds, boolean record, String agentCodec) {
    }

    /** Exits 1 on a failure (see {@link SipLoadBenchmark#exitOnFailure}). */
    public static void main(String[] args) {
        SipLoadBenchmark.exitOnFailure(() -> runAll(args));
    }

    private static void runAll(String[] args) throws Exception {
        Options o = parse(args);
        Path repo = repoRoot();
        System.out.printf("Media load: %s bridged, %d calls/s, %d s of calls after the ramp, recording %s, agent "
                + "codec %s; %d cores, load average %s%n", o.bridged(), o.rate(), o.seconds(),
                o.record() ? "on" : "off", o.agentCodec(), Runtime.getRuntime().availableProcessors(), SipLoadBenchmark.loadAverage());
        List<String> rows = new ArrayList<>();
        for (int n : o.bridged()) {
            Path work = Files.createTempDirectory("openucc-mediabench");
            try {
                rows.add(run(o, n, work, repo));
            } finally {
                deleteTree(work); // recordings: ~32 kB/s per call
            }
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.println();
        System.out.println("| bridged (target / peak) | calls/s | answered / placed | INVITE→agent INVITE p50 / p99 (all) | "
                + "p50 / p99 at target | server arrival→dial p50 / p99 | relayed frames received | lost | > 5 ms late "
                + "(all / at target) | delay p50 / p99 / max | server relay > 5 ms | server CPU (all its work) | generator CPU | "
                + "machine | load avg | recorded |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(Options o, int target, Path work, Path repo) throws Exception {
        int hold = Math.max(5, target / o.rate());
        int agentsCount = target + Math.max(100, target / 5) + o.rate() * 2;
        RoutingService routing = new RoutingService(new RoutingConfig(0, null, Duration.ofMillis(1), 0, null, 0),
                InstantSource.system(), RoutingStrategies.builtIn());
        QueueConfig queue = new QueueConfig("bench", null, Set.of(Channel.VOICE), Map.of(), null, null, null, null, null,
                null, null, null, 0, Duration.ZERO, Duration.ofSeconds(30), null, null);
        List<AgentConfig> agents = new ArrayList<>();
        List<org.openucc.config.SipAccount> accounts = new ArrayList<>();
        for (int i = 0; i < agentsCount; i++) {
            String id = BenchRegistrar.agentId(i);
            agents.add(new AgentConfig(id, id, Map.of(), null));
            accounts.add(SipCredentials.account(id, id, REALM, PASSWORD));
        }
        routing.load(List.of(queue), agents).join();
        Path prompts = repo.resolve("ivr-scripts/prompts/en");
        SipConfig config = new SipConfig("127.0.0.1", 0, Set.of("udp"), REALM, 20_000, 31_999,
                List.of(new ServiceNumber(NUMBER, "bench", null)), accounts, prompts.toString(), null,
                Duration.ofSeconds(10), work.resolve("recordings").toString(), null, null, o.record())
                .withLimits(new org.openucc.config.SipLimits(List.of("127.0.0.1"), 0, 0, null, 1_000_000, null, 0, 0,
                        null, null));
        SipTelephony telephony = new SipTelephony(config, SipCredentials.of(accounts),
                new org.openucc.telephony.media.PromptFiles(prompts.getParent(), "en"),
                new org.openucc.telephony.media.RecordingFiles(work.resolve("recordings"), work.resolve("voicemail")));
        DirectIvr ivr = DirectIvr.start(routing, prompts.getParent(), work);
        VoiceQueueFlow flow = new VoiceQueueFlow(telephony, routing, new VoicePorts(null, ivr.service()::run, null),
                QueueFlowSettings.from(config, work.toString()));
        flow.start();
        telephony.start();
        Process gen = null;
        try {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    RtpLoadGenerator.class.getName(), String.valueOf(telephony.port()), NUMBER,
                    String.valueOf(o.rate()), String.valueOf(hold), String.valueOf(o.seconds() + hold),
                    String.valueOf(target), "200", o.agentCodec());
            gen = new ProcessBuilder(cmd).redirectError(work.resolve("generator.err").toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(gen.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("agent-sip-port ")) {
                throw new IllegalStateException("generator did not start: " + first + " (see " + work + "/generator.err)");
            }
            int agentPort = Integer.parseInt(first.substring("agent-sip-port ".length()).trim());
            int registered = BenchRegistrar.registerAll(telephony.port(), REALM, agentsCount, agentPort, PASSWORD);
            if (registered != agentsCount) {
                throw new IllegalStateException("only " + registered + " of " + agentsCount + " agents registered");
            }
            CompletableFuture.allOf(agents.stream().map(a -> routing.send(new RoutingCommand.Login(a.id(), true)))
                    .toArray(CompletableFuture[]::new)).join();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            @SuppressWarnings("unchecked")
            Map<String, Long> media0 = (Map<String, Long>) telephony.stats().get("media");
            OutputStream toGen = gen.getOutputStream();
            toGen.write("go\n".getBytes(StandardCharsets.UTF_8));
            toGen.flush();
            // The warm-up runs first (200 short calls); the server's counters below include it.
            long media0Cpu = mediaThreadsCpu();
            long[] loops0 = rtpLoopsCpu();
            long cpu0 = os.getProcessCpuTime();
            long[] machine0 = SipLoadBenchmark.machineCpu();
            long wall0 = System.nanoTime();
            List<String> results = new ArrayList<>();
            String line;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.seconds() + 3L * hold + 120);
            while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
                if (line.startsWith("result ")) {
                    results.add(line.substring(7));
                }
            }
            gen.waitFor(10, TimeUnit.SECONDS);
            long cpu = os.getProcessCpuTime() - cpu0;
            long mediaCpu = mediaThreadsCpu() - media0Cpu;
            long[] loops1 = rtpLoopsCpu();
            long[] machine1 = SipLoadBenchmark.machineCpu();
            double wall = (System.nanoTime() - wall0) / 1e9;
            @SuppressWarnings("unchecked")
            Map<String, Long> media = (Map<String, Long>) telephony.stats().get("media");
            long relayed = media.get("relayed") - media0.get("relayed");
            long late = media.get("relayedLate5ms") - media0.get("relayedLate5ms");
            results.forEach(r -> System.out.println("  generator: " + r));
            System.out.println("  flow: " + flow.stats());
            System.out.println("  sip:  " + telephony.stats());
            System.out.printf("  RTP sessions a call waited for (no spare bound ahead): %d%n",
                    media.getOrDefault("spareMisses", 0L) - media0.getOrDefault("spareMisses", 0L));
            System.out.printf(Locale.ROOT, "  media threads (RTP loops, recording writers, binder): %.1f s CPU, "
                    + "%.1f µs per relayed frame%n", mediaCpu / 1e9, relayed == 0 ? 0.0 : mediaCpu / 1e3 / relayed);
            long loopsCpu = loops1[0] - loops0[0];
            long loopsUser = loops1[1] - loops0[1];
            System.out.printf(Locale.ROOT, "  RTP loops alone: %.1f s CPU (user %.1f s, kernel %.1f s), %.2f µs per relayed "
                    + "frame (user %.2f µs, kernel %.2f µs)%n", loopsCpu / 1e9, loopsUser / 1e9, (loopsCpu - loopsUser) / 1e9,
                    relayed == 0 ? 0.0 : loopsCpu / 1e3 / relayed, relayed == 0 ? 0.0 : loopsUser / 1e3 / relayed,
                    relayed == 0 ? 0.0 : (loopsCpu - loopsUser) / 1e3 / relayed);
            long recorded = sizeOf(work.resolve("recordings"));
            long files = countOf(work.resolve("recordings"));
            Map<String, String> summary = parseResults(results);
            @SuppressWarnings("unchecked")
            Map<String, Object> dial = flow.stats().get("arrivalToDialMicros") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of();
            return String.format(Locale.ROOT,
                    "| %d / %s | %d | %s / %s | %s | %s | %s / %s ms | %s | %s | %s / %s | %s | %.3f%% of %d | %.0f%% of 2 cores (%.1f s), %.1f µs a relayed frame | %s s CPU | %.0f%% busy | %s | %d files, %d MB |",
                    target, summary.getOrDefault("peakBridged", "?"), o.rate(), summary.getOrDefault("answered", "?"),
                    summary.getOrDefault("calls", "?"), summary.getOrDefault("setupAll.p50/p99", "?"),
                    summary.getOrDefault("setupLoaded.p50/p99", "?"), ms(dial.get("p50")), ms(dial.get("p99")),
                    summary.getOrDefault("received", "?"), summary.getOrDefault("lost", "?"),
                    summary.getOrDefault("late", "?"), summary.getOrDefault("lateAtTarget", "?"),
                    summary.getOrDefault("delay", "?"), relayed == 0 ? 0.0 : 100.0 * late / relayed, relayed,
                    100.0 * cpu / 1e9 / wall / Runtime.getRuntime().availableProcessors(), cpu / 1e9,
                    relayed == 0 ? 0.0 : cpu / 1e3 / relayed, summary.getOrDefault("generatorCpu", "?"),
                    100.0 * (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]), SipLoadBenchmark.loadAverage(),
                    files, recorded >> 20);
        } finally {
            if (gen != null && gen.isAlive()) {
                gen.destroy();
                gen.waitFor(5, TimeUnit.SECONDS);
            }
            flow.stop();
            telephony.stop();
            ivr.close();
            routing.close();
        }
    }

    /**
     * CPU time of the media threads (RTP loops, recording writers, spare binder) so far: what relaying and
     * recording cost, apart from signalling and the IVR, and less moved by the machine's load than delays.
     */
    private static long mediaThreadsCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (n.startsWith("rtp-") || n.startsWith("media-writer") || n.startsWith("media-bind")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    /** CPU and user-mode time of the RTP loops ({@code rtp-*}) so far: the relay and recorder placement. */
    private static long[] rtpLoopsCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = 0;
        long user = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("rtp-")) {
                cpu += Math.max(0, threads.getThreadCpuTime(t.getId()));
                user += Math.max(0, threads.getThreadUserTime(t.getId()));
            }
        }
        return new long[] {cpu, user};
    }

    /** Picks the figures the table shows out of the generator's result lines. */
    private static Map<String, String> parseResults(List<String> results) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String r : results) {
            if (r.startsWith("calls=")) {
                for (String kv : r.split(" ")) {
                    String[] p = kv.split("=", 2);
                    if (p.length == 2) {
                        m.put(p[0], p[1]);
                    }
                }
            } else if (r.startsWith("setupAll ") || r.startsWith("setupLoaded ")) {
                String key = r.substring(0, r.indexOf(' '));
                m.put(key + ".p50/p99", pick(r, "p50") + " / " + pick(r, "p99") + " ms (n=" + pick(r, "n") + ")");
            } else if (r.startsWith("rtp ")) {
                m.put("received", pick(r, "received"));
                m.put("lost", pick(r, "lost"));
                m.put("late", pick(r, "late5ms") + " " + between(r, "late5ms=", "delayMs").replaceAll("^\\d+ ", "").trim());
                String atTarget = r.substring(r.indexOf("atTarget"));
                m.put("lateAtTarget", pick(atTarget, "late5ms") + " " + between(atTarget, "late5ms=", "p99")
                        .replaceAll("^\\d+ ", "").trim() + " of " + pick(atTarget, "received"));
                m.put("delay", pick(r, "p50") + " / " + pick(r, "p99") + " / " + pick(r, "max") + " ms");
            }
        }
        return m;
    }

    private static String pick(String s, String key) {
        var m = java.util.regex.Pattern.compile("(?:^|[ |])" + key + "=([^ |]+)").matcher(s);
        return m.find() ? m.group(1) : "?";
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        int b = s.indexOf(to, a + 1);
        return a < 0 || b < 0 ? "" : s.substring(a + from.length(), b);
    }

    private static String ms(Object micros) {
        return micros instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.longValue() / 1000.0) : "?";
    }

    /**
     * The IVR as the server builds it, with the shipped direct flow that callers of the benchmark's
     * number go through, without position announcements (as {@link SipLoadBenchmark} runs it).
     */
    private record DirectIvr(IvrService service, RoutingIvrRouting queues, RoutingService routing,
                             ExecutorService pool, ScheduledIvrTimers timers) implements AutoCloseable {
        static DirectIvr start(RoutingService routing, Path promptsRoot, Path work) throws Exception {
            Path flows = Files.createDirectories(work.resolve("flows"));
            String direct = Files.readString(promptsRoot.getParent().resolve("flows")
                    .resolve(VoiceQueueFlow.DIRECT_FLOW + ".yaml"));
            Files.writeString(flows.resolve(VoiceQueueFlow.DIRECT_FLOW + ".yaml"),
                    direct.replaceAll("(?m)^\\s*announce:.*\\R", ""));
            RoutingIvrRouting queues = new RoutingIvrRouting(routing);
            routing.addListener(queues);
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
            ScheduledIvrTimers timers = new ScheduledIvrTimers(Executors.newSingleThreadScheduledExecutor());
            IvrConfig config = new IvrConfig(flows.toString(), promptsRoot.toString(), List.of("en", "zh"), "en", null,
                    ZoneId.of("UTC"), work.resolve("voicemail").toString(), false);
            FlowEnvironment environment = new FlowEnvironment(promptsRoot, config.languages(), "en", config.holdMusic(),
                    Map.of("bench", Set.of(Channel.VOICE)), Set.of(), Set.of());
            IvrPorts ports = new IvrPorts(VoicePorts.NO_CUSTOMERS, queues, IvrJournal.NONE, null, timers,
                    InstantSource.system(), pool);
            IvrService service = new IvrService(config, environment, ports, new RuntimeSettings(promptsRoot,
                    ZoneId.of("UTC"), Map.of(), 200));
            service.start();
            return new DirectIvr(service, queues, routing, pool, timers);
        }

        @Override
        public void close() {
            service.stop();
            timers.close();
            pool.shutdownNow();
            routing.removeListener(queues);
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long countOf(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("ivr-scripts/prompts/en"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from the repository: ivr-scripts/prompts/en not found");
        }
        return dir;
    }

    private static Options parse(String[] args) {
        List<Integer> bridged = List.of(500, 1000, 2000);
        int rate = 50;
        int seconds = 30;
        boolean record = true;
        String agentCodec = "first";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--bridged" -> bridged = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                case "--rate" -> rate = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--record" -> record = Boolean.parseBoolean(v);
                case "--agent-codec" -> agentCodec = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--bridged, --rate, --seconds, --record, --agent-codec)");
            }
        }
        if (!Set.of("first", "PCMU", "PCMA").contains(agentCodec)) {
            throw new IllegalArgumentException("--agent-codec is first, PCMU or PCMA, not " + agentCodec);
        }
        return new Options(bridged, rate, seconds, record, agentCodec);
    }
}
