package org.openucc.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openucc.ContactCenter;
import org.openucc.telephony.asterisk.AsteriskConfig;
import org.openucc.telephony.asterisk.AsteriskPbx;
import org.openucc.telephony.sip.Sipp;
import org.slf4j.LoggerFactory;

/**
 * Asterisk benchmark (not a test): the same sipp caller scenario against (a) Asterisk with app_queue
 * alone and (b) the same Asterisk handing its callers to OpenUCC over FastAGI, OpenUCC ringing the
 * agents with AMI Originate and bridging with AMI Bridge, at rising call rates. Per step a fresh
 * Asterisk (the test harness {@link AsteriskPbx}, chan_sip, loopback) with enough agent peers for the
 * rate, all registered (by {@link AsteriskRegistrar}) with a Contact at one sipp UAS that answers
 * every agent call and echoes its audio; for (b) a fresh OpenUCC server in this JVM (the demo
 * configuration plus a benchmark queue, agents and the {@code asterisk:} section).
 * <p>
 * Prints per step: calls ok/failed on both legs, whether the step was clean (every call answered by
 * an agent, none failed), caller INVITE to agent INVITE on the wire (dumpcap on lo), CPU seconds of
 * the Asterisk process and of this JVM (OpenUCC; in (a) it only waits), machine CPU, AMI events/s
 * OpenUCC received, and OpenUCC's own arrival-to-Originate delay (the routing share).
 *
 * <pre>
 * OPENUCC_ASTERISK_BINARY=/path/to/sbin/asterisk \
 * java -cp benchmarks/target/benchmarks.jar org.openucc.bench.AsteriskBenchmark \
 *      [--rates 5,10,20,40,80] [--seconds 15] [--audio 1] [--hold 3] [--record false] [--variants app_queue,openucc]
 * </pre>
 * Run from the repository root (configs, dialplan and sipp scenarios are read from it); needs sipp and,
 * for the wire delay, dumpcap/tshark with the right to capture on lo.
 */
public final class AsteriskBenchmark {
    static final String NUMBER = "2000";
    static final String SECRET_ENV = "OPENUCC_AMI_SECRET";

    enum Variant {
        APP_QUEUE("app_queue"), OPENUCC("openucc");

        final String key;

        Variant(String key) {
            this.key = key;
        }

        String label() {
            return this == APP_QUEUE ? "Asterisk app_queue" : "Asterisk + OpenUCC (AGI/AMI)";
        }
    }

    record Options(List<Integer> rates, int seconds, int audio, int hold, boolean record, List<Variant> variants,
                   AsteriskConfig.QueueStrategy strategy) {
    }

    record Result(Variant variant, int rate, int calls, int agents, long callerOk, long callerFailed, long agentOk,
                  long agentCancelled, long agentFailed, long retransmissions, Map<String, Long> wire, double asteriskCpu, double jvmCpu,
                  double wall, double machineBusy, double amiPerSecond, Map<String, Long> routing, String note) {
        boolean clean() {
            return callerFailed == 0 && callerOk == calls && agentFailed == 0 && agentOk == calls
                    && (wire.isEmpty() || wire.getOrDefault("count", 0L) == calls);
        }

        String row() {
            return String.format(Locale.ROOT,
                    "| %s | %d | %d | %d / %d | %d / %d / %d | %s | %s | %.1f ms (%.0f %%) | %s | %.0f %% | %s | %s |",
                    variant.label(), rate, agents, callerOk, callerFailed, agentOk, agentCancelled, agentFailed,
                    clean() ? "yes" : "**no**", ms(wire), 1000 * asteriskCpu / calls, 100 * asteriskCpu / wall,
                    variant == Variant.OPENUCC ? String.format(Locale.ROOT, "%.1f ms (%.0f %%)", 1000 * jvmCpu / calls,
                            100 * jvmCpu / wall) : "-", machineBusy, variant == Variant.OPENUCC ? String.format(Locale.ROOT, "%.0f", amiPerSecond)
                            : "-", variant == Variant.OPENUCC ? ms(routing) : "-");
        }

        static String ms(Map<String, Long> m) {
            if (m == null || !m.containsKey("p50")) {
                return "n/a";
            }
            return String.format(Locale.ROOT, "%.2f / %.2f%s (n=%d)", m.get("p50") / 1000.0, m.get("p99") / 1000.0,
                    m.containsKey("max") ? String.format(Locale.ROOT, " / %.1f", m.get("max") / 1000.0) : "",
                    m.get("count"));
        }
    }

    static final String HEADER = "| variant | calls/s | agents | callers ok / failed | agent legs answered / cancelled / failed "
            + "| clean "
            + "| caller INVITE → agent INVITE p50 / p99 / max ms (wire) | Asterisk CPU per call (% of a core) "
            + "| OpenUCC CPU per call (% of a core) | machine busy "
            + "| AMI events/s | OpenUCC arrival → Originate p50 / p99 ms |\n|---|---|---|---|---|---|---|---|---|---|---|---|";

    private AsteriskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        // sipp and dumpcap must not outlive an interrupted run (Asterisk has its own hook)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroy), "astbench-children"));
        AsteriskPbx.binary(); // fails at once, with how to get one, when no Asterisk is configured
        Path repo = repositoryRoot();
        Path work = Files.createTempDirectory("openucc-astbench");
        logTo(work.resolve("openucc.log"));
        Path pcap = PcapAudio.write(work.resolve("audio-" + o.audio() + "s-pcma.pcap"), o.audio());
        Path callerXml = callerScenario(repo, work);
        System.out.printf("Asterisk benchmark: %d s of calls per step, %d s audio + %d s more on the call, recording %s, "
                + "app_queue strategy %s, %d cores; work dir %s (Asterisk full logs, OpenUCC log, captures)%n", o.seconds(),
                o.audio(), o.hold(), o.record() ? "on" : "off", o.strategy().name().toLowerCase(Locale.ROOT),
                Runtime.getRuntime().availableProcessors(), work);
        if (!SipCapture.available()) {
            System.out.println("dumpcap not found: no wire delays (apt-get install tshark)");
        }
        Step warm = new Step(o, repo, work.resolve("warm-up"), pcap, callerXml);
        System.out.println("warm-up (OpenUCC, 10 calls/s for 5 s, not counted) ...");
        warm.run(Variant.OPENUCC, 10, 5);

        List<Result> results = new ArrayList<>();
        List<Variant> running = new ArrayList<>(o.variants());
        for (int rate : o.rates()) {
            for (Variant v : List.copyOf(running)) {
                Result r = new Step(o, repo, work.resolve(v.key + "-" + rate), pcap, callerXml).run(v, rate, o.seconds());
                results.add(r);
                System.out.println(r.row() + (r.note().isEmpty() ? "" : "  " + r.note()));
                if (!r.clean()) {
                    running.remove(v); // the highest clean rate of this variant is known
                }
            }
            if (running.isEmpty()) {
                break;
            }
        }
        StringBuilder table = new StringBuilder(HEADER).append('\n');
        results.forEach(r -> table.append(r.row()).append('\n'));
        for (Variant v : o.variants()) {
            int best = results.stream().filter(r -> r.variant() == v && r.clean()).mapToInt(Result::rate).max().orElse(0);
            table.append('\n').append(v.label()).append(": highest clean rate ").append(best).append(" calls/s");
        }
        System.out.println();
        System.out.println(table);
        Files.writeString(work.resolve("results.md"), table + "\n");
        System.exit(0);
    }

    /** One rate of one variant, on a fresh Asterisk (and a fresh OpenUCC). */
    private record Step(Options o, Path repo, Path dir, Path pcap, Path callerXml) {
        Result run(Variant v, int rate, int seconds) throws Exception {
            Files.createDirectories(dir);
            int callSeconds = o.audio() + o.hold();
            // Enough agents that no caller waits for a free one: what is measured is routing, not a queue.
            int agents = Math.max(20, (int) Math.ceil(rate * (callSeconds + 1) * 1.25) + 10);
            // Two channels per call, RTP + RTCP each, and room: Asterisk fails a call it cannot find ports for.
            int rtpPorts = Math.max(400, (rate * (callSeconds + 1) * 2 * 2 * 3 + 1) & ~1);
            List<AsteriskConfig.AgentPeer> peers = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                String ext = String.valueOf(30000 + i);
                peers.add(new AsteriskConfig.AgentPeer(ext, "bench-" + ext));
            }
            int agi = AsteriskPbx.freeTcpPort();
            AsteriskPbx.Builder b = AsteriskPbx.builder().agiPort(agi).agents(peers)
                    .rtpPorts(AsteriskPbx.freeUdpRange(rtpPorts), rtpPorts).runDir(dir.resolve("asterisk"));
            if (v == Variant.APP_QUEUE) {
                b.appQueue(NUMBER, o.strategy());
            } else {
                b.service(NUMBER);
            }
            ContactCenter server = null;
            int uasPort = Sipp.freeUdpPort();
            AsteriskPbx built = b.build();
            if (v == Variant.APP_QUEUE) {
                autofill(built);
            }
            try (AsteriskPbx pbx = built.start();
                    // The tests' answering phone: rings 10 ms, answers, echoes; a CANCEL while ringing is accepted.
                    SippRun uas = new SippRun(dir, "agent-phones", List.of("-sf",
                            repo.resolve("contact-center/src/test/resources/sipp/asterisk/agent-answer.xml").toString(),
                            "-i", "127.0.0.1", "-p", String.valueOf(uasPort), "-mp", String.valueOf(Sipp.freeMediaPort()),
                            "-rtp_echo", "-trace_logs", "-log_file", dir.resolve("agent-phones.log").toString()))) {
                int registered = AsteriskRegistrar.registerAll(pbx.sipPort(), peers.stream()
                        .map(p -> new AsteriskRegistrar.Peer(p.extension(), p.password())).toList(), uasPort);
                if (registered != agents) {
                    throw new IllegalStateException("only " + registered + " of " + agents + " agents registered");
                }
                if (v == Variant.OPENUCC) {
                    server = BenchOpenUcc.start(dir, repo, o.record(), pbx, agi, peers);
                }
                String note = "";
                SipCapture capture = SipCapture.available() ? new SipCapture(dir.resolve("sip.pcapng"), pbx.sipPort()) : null;
                try {
                    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                    Map<String, Long> uas0 = uas.counters();
                    long ast0 = processCpuTicks(pbx.pid());
                    long jvm0 = os.getProcessCpuTime();
                    long[] machine0 = machineCpu();
                    long ami0 = server == null ? 0 : BenchOpenUcc.amiEvents(server);
                    long wall0 = System.nanoTime();
                    long callersDone;
                    int calls = rate * seconds;
                    int limit = seconds + callSeconds + 150;
                    Map<String, Long> c;
                    try (SippRun callers = new SippRun(dir, "callers", List.of(pbx.sipAddress(), "-sf",
                            callerXml.toString(), "-s", NUMBER, "-key", "from", "7", "-key", "media", pcap.toString(),
                            "-recv_timeout", String.valueOf(callSeconds * 1000), "-i", "127.0.0.1", "-p",
                            String.valueOf(Sipp.freeUdpPort()), "-mp", String.valueOf(Sipp.freeMediaPort()), "-m",
                            String.valueOf(calls), "-r", String.valueOf(rate), "-l", "5000", "-timeout", limit + "s"))) {
                        if (!callers.await(limit + 30)) {
                            note = "callers did not finish in time";
                        }
                        callersDone = System.nanoTime();
                        String left = drain(pbx);
                        if (!left.isEmpty()) {
                            note = (note + " still up 30 s after the last call: " + left).trim();
                        }
                        Thread.sleep(1500); // sipp writes its statistics once a second
                        c = callers.counters();
                    }
                    // rates over the time the callers ran; CPU seconds up to the end of the last hang-up
                    double wall = (callersDone - wall0) / 1e9;
                    double asteriskCpu = (processCpuTicks(pbx.pid()) - ast0) / 100.0; // USER_HZ
                    double jvmCpu = (os.getProcessCpuTime() - jvm0) / 1e9;
                    long[] machine1 = machineCpu();
                    double busy = 100.0 * (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
                    double amiPerSecond = server == null ? 0 : (BenchOpenUcc.amiEvents(server) - ami0) / wall;
                    Map<String, Long> a = uas.counters();
                    Map<String, Long> wire = Map.of();
                    if (capture != null) {
                        capture.stop();
                        wire = capture.inviteToAgentInvite(pbx.sipPort(), uasPort);
                    }
                    Map<String, Long> routing = Map.of();
                    if (server != null) {
                        Map<String, Object> flow = server.asterisk().flow().stats();
                        @SuppressWarnings("unchecked")
                        Map<String, Long> r = (Map<String, Long>) flow.get("arrivalToDialMicros");
                        routing = r;
                        note = (note + " " + BenchOpenUcc.timelineSplit(server)).trim();
                        Files.writeString(dir.resolve("openucc-stats.txt"), flow + "\n"
                                + server.asterisk().telephony().stats() + "\n" + note + "\n");
                    }
                    return new Result(v, rate, calls, agents, c.getOrDefault("SuccessfulCall", -1L),
                            c.getOrDefault("FailedCall", -1L), events(dir.resolve("agent-phones.log"), "ANSWERED"),
                            events(dir.resolve("agent-phones.log"), "CANCELLED"),
                            a.getOrDefault("FailedCall", 0L) - uas0.getOrDefault("FailedCall", 0L),
                            c.getOrDefault("Retransmissions", 0L), wire, asteriskCpu, jvmCpu, wall, busy, amiPerSecond,
                            routing, note);
                } finally {
                    if (capture != null) {
                        capture.close();
                    }
                }
            } finally {
                if (server != null) {
                    server.stop();
                }
            }
        }
    }

    /** Until Asterisk carries no channel (at most 30 s; then the channels left, concise). */
    static String drain(AsteriskPbx pbx) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pbx.cli("core show channels count").matches("(?s)(.*\n)?0 active channels.*")) {
            if (System.nanoTime() > deadline) {
                return pbx.cli("core show channels concise").strip().replace('\n', ' ');
            }
            Thread.sleep(250);
        }
        return "";
    }

    /**
     * app_queue's autofill is off by default in Asterisk 20 (queue_reset_global_params): only the
     * caller at the head of the queue rings a member, so under load callers wait for each other with
     * agents free. Every real deployment with many agents turns it on; so does the benchmark.
     */
    static void autofill(AsteriskPbx pbx) throws IOException {
        Path queues = pbx.config().etcDir().resolve("queues.conf");
        String conf = Files.readString(queues, StandardCharsets.UTF_8);
        String general = "[general]\n";
        if (!conf.startsWith(general)) {
            throw new IllegalStateException(queues + " no longer starts with [general]");
        }
        Files.writeString(queues, general + "autofill = yes\n" + conf.substring(general.length()), StandardCharsets.UTF_8);
    }

    /** Lines of a sipp {@code -log_file} that start with {@code event} (ANSWERED, CANCELLED). */
    static long events(Path log, String event) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.startsWith(event + " ")).count();
        }
    }

    /** utime + stime of a process in clock ticks (/proc/<pid>/stat fields 14 and 15). */
    static long processCpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** {busy, total} jiffies of the whole machine (sipp, dumpcap and Asterisk share it with OpenUCC). */
    static long[] machineCpu() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }

    /**
     * The Asterisk caller scenario of the tests, with a From user unique per call (7 followed by the
     * call number): Asterisk and OpenUCC present it as the agent leg's caller id, which is how the
     * capture pairs each caller INVITE with its agent INVITE.
     */
    static Path callerScenario(Path repo, Path work) throws IOException {
        String xml = Files.readString(repo.resolve("contact-center/src/test/resources/sipp/asterisk/caller.xml"),
                StandardCharsets.ISO_8859_1);
        if (!xml.contains("[from]")) {
            throw new IllegalStateException("the caller scenario no longer uses [from]");
        }
        return Files.writeString(work.resolve("caller.xml"), xml.replace("[from]", "[from][call_number]"),
                StandardCharsets.ISO_8859_1);
    }

    /** OpenUCC's log goes to a file of the work dir: per-call lines would drown the figures. */
    static void logTo(Path file) throws Exception {
        Path xml = file.resolveSibling("logback-bench.xml");
        Files.writeString(xml, """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{30} %%X{interaction:-} - %%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="org.openucc" level="INFO"/>
                  <logger name="org.openucc.telephony.sip.stack" level="ERROR"/>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(file));
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        jc.doConfigure(xml.toFile());
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("config/asterisk/openucc-dialplan.conf"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from the repository: config/asterisk/openucc-dialplan.conf not found");
        }
        return dir;
    }

    private static Options parse(String[] args) {
        List<Integer> rates = List.of(5, 10, 20, 40, 80);
        int seconds = 15;
        int audio = 1;
        int hold = 3;
        boolean record = false;
        List<Variant> variants = List.of(Variant.APP_QUEUE, Variant.OPENUCC);
        AsteriskConfig.QueueStrategy strategy = AsteriskConfig.QueueStrategy.RANDOM;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--rates" -> rates = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--audio" -> audio = Integer.parseInt(v);
                case "--hold" -> hold = Integer.parseInt(v);
                case "--record" -> record = Boolean.parseBoolean(v);
                case "--strategy" -> strategy = AsteriskConfig.QueueStrategy.valueOf(v.toUpperCase(Locale.ROOT));
                case "--variants" -> variants = java.util.Arrays.stream(v.split(","))
                        .map(s -> Variant.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--rates, --seconds, --audio, --hold, --record, --variants, --strategy)");
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: " + String.join(" ", args));
        }
        return new Options(rates, seconds, audio, hold, record, variants, strategy);
    }
}
