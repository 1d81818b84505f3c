package org.openucc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceNumber;
import org.openucc.config.SipConfig;
import org.openucc.interaction.Channel;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.openucc.telephony.sip.SipCredentials;
import org.openucc.telephony.sip.SipTelephony;
import org.openucc.config.IvrConfig;
import org.openucc.ivr.IvrService;
import org.openucc.ivr.adapter.RoutingIvrRouting;
import org.openucc.ivr.adapter.ScheduledIvrTimers;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.runtime.IvrJournal;
import org.openucc.ivr.runtime.IvrPorts;
import org.openucc.ivr.runtime.RuntimeSettings;
import org.openucc.voice.QueueFlowSettings;
import org.openucc.voice.VoicePorts;
import org.openucc.voice.VoiceQueueFlow;

/**
 * SIP load benchmark (not a test): the built-in telephony, the routing engine and the voice queue
 * flow in this JVM; sipp on loopback as the callers (a fixed call rate for a fixed time, audio from
 * a pcap after the ACK, a hold, then BYE) and as the agents' phones (one sipp UAS answering for every
 * agent, echoing RTP). Prints, per rate: calls ok/failed on both legs, retransmissions, server CPU,
 * peak memory, caller-INVITE to agent-INVITE delay on the wire (p50/p95/p99), and RTP relay lateness.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.openucc.bench.SipLoadBenchmark \
 *      [--rates 50,100,150] [--seconds 40] [--hold 10] [--audio 1] [--agents 2000] [--record true]
 * </pre>
 * Needs sipp (Debian sip-tester) and, for the wire delay, dumpcap/tshark (Debian tshark), run as root
 * or a user allowed to capture on lo.
 */
public final class SipLoadBenchmark {
    static final String NUMBER = "2000";
    private static final String REALM = "bench";
    private static final String PASSWORD = "bench-secret";

    record Options(List<Integer> rates, int seconds, int hold, int audio, int agents, boolean record) {
    }

    public static void main(String[] args) {
        exitOnFailure(() -> runAll(args));
    }

    /** A benchmark's body, which may fail with anything. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs a benchmark; on any failure (e.g. registration stalled on a starved machine) prints it and exits
     * with status 1 instead of leaving the JVM alive on the server's and generators' non-daemon threads.
     */
    static void exitOnFailure(Body body) {
        try {
            body.run();
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void runAll(String[] args) throws Exception {
        Options o = parse(args);
        Path work = Files.createTempDirectory("openucc-sipbench");
        Path scenarios = findScenarios();
        Path pcap = PcapAudio.write(work.resolve("audio-" + o.audio() + "s-pcma.pcap"), o.audio());
        System.out.printf("SIP load: %d s of calls per rate, %d s audio after ACK, %d s hold, %d agents, recording %s%n",
                o.seconds(), o.audio(), o.hold(), o.agents(), o.record() ? "on" : "off");
        System.out.printf("work dir %s, %d cores%n%n", work, Runtime.getRuntime().availableProcessors());
        List<String> rows = new ArrayList<>();
        for (int rate : o.rates()) {
            int up = rate * (o.audio() + o.hold());
            if (up > o.agents()) {
                System.out.printf("note: %d calls/s keep about %d calls up but there are %d agents: calls wait for an "
                        + "agent and the INVITE -> agent INVITE delay includes that wait (--agents %d)%n", rate, up,
                        o.agents(), (up * 5 / 4 + 999) / 1000 * 1000);
            }
            rows.add(runRate(o, rate, work.resolve("rate-" + rate), scenarios, pcap));
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.println();
        System.out.println("| calls/s | callers ok/failed | agent legs ok/failed | retrans (caller/agent) | server CPU | peak RSS | peak heap | INVITE->agent INVITE p50/p95/p99 (ms) | RTP relayed | relayed >5 ms late | allocated per call |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String runRate(Options o, int rate, Path work, Path scenarios, Path pcap) throws Exception {
        Files.createDirectories(work);
        RoutingService routing = new RoutingService(new RoutingConfig(0, null, Duration.ofMillis(1), 0, null, 0),
                InstantSource.system(), RoutingStrategies.builtIn());
        QueueConfig queue = new QueueConfig("bench", null, Set.of(Channel.VOICE), Map.of(), null, null, null, null, null,
                null, null, null, 0, Duration.ZERO, Duration.ofSeconds(30), null, null);
        List<AgentConfig> agents = new ArrayList<>();
        List<org.openucc.config.SipAccount> accounts = new ArrayList<>();
        for (int i = 0; i < o.agents(); i++) {
            String id = BenchRegistrar.agentId(i);
            agents.add(new AgentConfig(id, id, Map.of(), null));
            accounts.add(SipCredentials.account(id, id, REALM, PASSWORD));
        }
        routing.load(List.of(queue), agents).join();
        Path prompts = scenarios.getParent().getParent().getParent().getParent().getParent()
                .resolve("ivr-scripts/prompts/en");
        SipConfig config = new SipConfig("127.0.0.1", 0, Set.of("udp"), REALM, 20_000, 39_999,
                List.of(new ServiceNumber(NUMBER, "bench", null)), accounts, prompts.toString(), null,
                Duration.ofSeconds(10), work.resolve("recordings").toString(), null, null, o.record())
                // sipp's load comes from one address, as a trunk's would: trusted, and no cap on waiting calls.
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
        int sipPort = telephony.port();
        int uasPort = freeUdpPort();
        try (SippRun uas = SippRun.agentPhones(work, scenarios, uasPort)) {
            int registered = BenchRegistrar.registerAll(sipPort, REALM, o.agents(), uasPort, PASSWORD);
            if (registered != o.agents()) {
                throw new IllegalStateException("only " + registered + " of " + o.agents() + " agents registered");
            }
            CompletableFuture.allOf(agents.stream().map(a -> routing.send(new RoutingCommand.Login(a.id(), true)))
                    .toArray(CompletableFuture[]::new)).join();

            warmUp(work, scenarios, pcap, sipPort);
            long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (telephony.stats().get("activeCalls") instanceof Integer n && n > 0 && System.nanoTime() < drained) {
                Thread.sleep(100); // warm-up calls still hanging up
            }
            Thread.sleep(1200); // the UAS writes its counters once a second
            @SuppressWarnings("unchecked")
            Map<String, Long> media0 = (Map<String, Long>) telephony.stats().get("media");
            Map<String, Long> uas0 = uas.counters();

            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            AtomicLong peakHeap = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max), 0, 200, TimeUnit.MILLISECONDS);
            SipCapture capture = SipCapture.available() ? new SipCapture(work.resolve("sip.pcapng"), sipPort) : null;
            String load0 = loadAverage();
            JvmMeter jvm = new JvmMeter();
            long cpu0 = os.getProcessCpuTime();
            long[] machine0 = machineCpu();
            long wall0 = System.nanoTime();
            int calls = rate * o.seconds();
            try (SippRun caller = SippRun.callers(work, "callers", scenarios, sipPort, NUMBER, pcap, rate, calls,
                    o.hold() * 1000L + o.audio() * 1000L, o.seconds() + o.hold() + 90)) {
                if (!caller.await(o.seconds() + o.hold() + o.audio() + 120)) {
                    System.out.println("callers did not finish in time; stopping them");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (telephony.stats().get("activeCalls") instanceof Integer n && n > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200); // a harness waiting for the server to drain, not a test
                }
                long cpu = os.getProcessCpuTime() - cpu0;
                String jvmSummary = jvm.summary(calls);
                long perCall = jvm.allocated() / Math.max(1, calls);
                jvm.close();
                String load1 = loadAverage();
                long[] machine1 = machineCpu();
                double machineBusy = 100.0 * (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
                double wall = (System.nanoTime() - wall0) / 1e9;
                Thread.sleep(1500); // let sipp write its last per-second statistics row
                sampler.shutdownNow();
                Map<String, Long> delay = Map.of();
                if (capture != null) {
                    capture.stop();
                    delay = capture.inviteToAgentInvite(sipPort, uasPort);
                }
                Map<String, Long> c = caller.counters();
                Map<String, Long> a = minus(uas.counters(), uas0);
                @SuppressWarnings("unchecked")
                Map<String, Long> media = (Map<String, Long>) telephony.stats().get("media");
                long relayed = media.get("relayed") - media0.get("relayed");
                long late = media.get("relayedLate5ms") - media0.get("relayedLate5ms");
                System.out.println("  flow: " + flow.stats());
                System.out.println("  sip:  " + telephony.stats());
                System.out.println("  jvm:  " + jvmSummary);
                System.out.println("  load average: before " + load0 + ", after " + load1);
                return String.format("| %d | %d / %d | %d / %d | %d / %d | %.0f%% of %d cores (%.1f s CPU in %.0f s); machine %.0f%% busy; load %s | %d MB | %d MB | %s | %d | %.3f%% | %,d KB |",
                        rate, c.getOrDefault("SuccessfulCall", -1L), c.getOrDefault("FailedCall", -1L),
                        a.getOrDefault("SuccessfulCall", -1L), a.getOrDefault("FailedCall", -1L),
                        c.getOrDefault("Retransmissions", -1L), a.getOrDefault("Retransmissions", -1L),
                        100.0 * cpu / 1e9 / wall / Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors(), cpu / 1e9, wall, machineBusy, load1, peakRssMb(), peakHeap.get() >> 20,
                        delay.containsKey("p50") ? String.format("%.2f / %.2f / %.2f (n=%d)", delay.get("p50") / 1000.0,
                                delay.get("p95") / 1000.0, delay.get("p99") / 1000.0, delay.get("count")) : "n/a",
                        relayed, relayed == 0 ? 0.0 : 100.0 * late / relayed, perCall >> 10);
            } finally {
                if (capture != null) {
                    capture.close();
                }
            }
        } finally {
            flow.stop();
            telephony.stop();
            ivr.close();
            routing.close();
        }
    }

    /**
     * The IVR as the server builds it (IvrComponent), with the shipped direct flow that callers of the
     * benchmark's number go through: the greeting and hold music, without position announcements (as
     * the benchmark has always measured).
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

    /** JIT and class loading: 10 s of calls at 20/s through the same server, not measured. */
    static void warmUp(Path work, Path scenarios, Path pcap, int sipPort) throws Exception {
        try (SippRun warm = SippRun.callers(work, "warm-up", scenarios, sipPort, NUMBER, pcap, 20, 200, 1000, 60)) {
            warm.await(90);
        }
    }

    static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> m = new java.util.HashMap<>(now);
        before.forEach((k, v) -> m.computeIfPresent(k, (kk, x) -> x - v));
        return m;
    }

    /** {busy, total} jiffies of the whole machine (sipp and dumpcap share it with the server). */
    static long[] machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 1};
        }
    }

    /** The machine's 1/5/15-minute load average: latency figures mean little without it on a shared machine. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Path findScenarios() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("contact-center/src/test/resources/sipp"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from the repository: contact-center/src/test/resources/sipp not found");
        }
        return dir.resolve("contact-center/src/test/resources/sipp");
    }

    private static Options parse(String[] args) {
        List<Integer> rates = List.of(50, 100, 150);
        int seconds = 40;
        int hold = 10;
        int audio = 1;
        int agents = 2000;
        boolean record = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--rates" -> rates = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--hold" -> hold = Integer.parseInt(v);
                case "--audio" -> audio = Integer.parseInt(v);
                case "--agents" -> agents = Integer.parseInt(v);
                case "--record" -> record = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--rates, --seconds, --hold, --audio, --agents, --record)");
            }
        }
        return new Options(rates, seconds, hold, audio, agents, record);
    }
}
