package org.openucc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openucc.auth.PasswordHasher;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.crash.ServerProcess;
import org.openucc.telephony.asterisk.AsteriskPbx;
import org.openucc.telephony.sip.SipCredentials;
import org.openucc.telephony.sip.Sipp;

/**
 * Soak (issue 17, not a test): the real server ({@code org.openucc.ContactCenter}, the demo configuration with
 * a queue, agents, their phones' accounts and users added; built-in SIP, the ACD, the direct voice flow, the
 * H2 interaction log, recording on) in its own JVM started with no options, as a user would; sipp callers at
 * a fixed rate for a number of minutes (1 s of audio, 10 s hold, as {@link SipLoadBenchmark}); the agents
 * registered with digest auth, logged in over REST and READY, answered by one sipp UAS echoing RTP.
 *
 * <p>Every minute one line: calls ok/failed, heap after the last collection and RSS of the server's JVM, and
 * what the server's own registries hold (SIP dialogs, calls, media sessions, engine, interaction log, threads).
 * At the end the callers stop, the calls drain, the server collects, and the counts after are compared with
 * those before the load (registries and live instances of the per-call classes): PASS or FAIL, with the
 * least-squares slope of heap after GC and RSS over the second half of the run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openucc.bench.SoakBenchmark [--rate 150] [--minutes 60] [--agents N] [--jvm "OPTIONS"] [--log-commit-interval 0ms] [--h2-cache-mb MB] [--log-journal false]
 * </pre>
 * Run from the repository root; needs sipp (Debian sip-tester).
 */
public final class SoakBenchmark {
    private static final String PASSWORD = "bench-secret";
    private static final String REALM = "openucc"; // the demo configuration's
    private static final String QUEUE = "soak";
    private static final String METRICS_TOKEN = "soak-benchmark-metrics-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_SESSIONS = "RTP sessions (with spares)";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** How often the agents' phones refresh their registrations (each lasts an hour). */
    private static final int REFRESH_MINUTES = 30;
    /** How often RSS and the registries are read; a line is printed every minute. */
    private static final int SAMPLE_SECONDS = 5;
    /** Objects that exist once per call, interaction or SIP transaction: after the drain, as many as before. */
    static final List<String> PER_CALL_CLASSES = List.of(
            "org.openucc.voice.VoiceCall",
            "org.openucc.telephony.sip.SipCallLeg",
            "org.openucc.telephony.sip.LegMedia",
            "org.openucc.telephony.media.RtpSession",
            "org.openucc.telephony.media.WavRecorder",
            "org.openucc.routing.QueueEntry",
            "org.openucc.interaction.InteractionLifecycle",
            "org.openucc.ivr.runtime.IvrSession",
            "org.openucc.ivr.runtime.IvrCall",
            "org.openucc.ivr.runtime.QueueTicket",
            "org.openucc.cti.ScreenPop",
            "gov.nist.javax.sip.stack.SIPDialog",
            "gov.nist.javax.sip.stack.SIPServerTransactionImpl",
            "gov.nist.javax.sip.stack.SIPClientTransactionImpl");

    /**
     * @param jvm            the server JVM's options (empty: none, the README's start command)
     * @param commitInterval the log's commit interval ({@code store.logCommitInterval}), null: the shipped file's
     * @param h2CacheMb      the embedded H2's page cache ({@code store.h2CacheMb}), 0: the shipped default
     * @param journal        the interaction log's journal ({@code store.logJournal}); false: every commit forces H2's file
     */
    record Options(int rate, int minutes, int agents, int audio, int hold, List<String> jvm, String commitInterval,
                   int h2CacheMb, boolean journal) {
        /** Calls up at once: rate × (audio + hold + set-up and tear-down). */
        int callsUp() {
            return rate * (audio + hold + 2);
        }
    }

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            System.err.println("soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path repo = SipLoadBenchmark.findScenarios().getParent().getParent().getParent().getParent().getParent();
        Path scenarios = SipLoadBenchmark.findScenarios();
        Path work = Files.createTempDirectory("openucc-soak");
        Path pcap = PcapAudio.write(work.resolve("audio-" + o.audio() + "s-pcma.pcap"), o.audio());
        // Two RTP sessions a call (caller and agent leg), two ports a session, a quarter spare, and the spare pool.
        int ports = (o.callsUp() * 2 * 5 / 4 + 512) * 2;
        int rtp = AsteriskPbx.freeUdpRange(ports);
        Path config = writeConfig(repo, work, o, rtp, rtp + ports - 1);
        Files.copy(repo.resolve("config/logback.xml"), work.resolve("logback.xml"), StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "Soak: %d calls/s for %d min (%d s audio + %d s hold a call, ~%,d up at once), "
                        + "%,d agents, RTP %d-%d, recording on; server JVM with %s; work dir %s; load %s%n",
                o.rate(), o.minutes(), o.audio(), o.hold(), o.callsUp(), o.agents(), rtp, rtp + ports - 1,
                o.jvm().isEmpty() ? "no options" : "options " + String.join(" ", o.jvm()), work,
                SipLoadBenchmark.loadAverage());
        // The server runs from this JVM's class path (the benchmark jar holds the server), absolute.
        System.setProperty("java.class.path", java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        ServerProcess server = ServerProcess.start(config, work.resolve("data"), work.resolve("server.log"),
                Map.of("OPENUCC_METRICS_TOKEN", METRICS_TOKEN), o.jvm(), repo);
        int exit = 1;
        try (RemoteJvm jvm = RemoteJvm.attach(server.pid())) {
            exit = run(o, work, scenarios, pcap, server, jvm) ? 0 : 1;
        } finally {
            server.stop(30);
        }
        System.out.println("interaction log (H2, read after the server stopped): " + logFigures(config, work));
        System.out.println("server output: " + work.resolve("server.log"));
        System.exit(exit);
    }

    private static boolean run(Options o, Path work, Path scenarios, Path pcap, ServerProcess server, RemoteJvm jvm)
            throws Exception {
        int sipPort = server.sipPort();
        int http = server.httpPort();
        int phonesPort = Sipp.freeUdpPort();
        try (SippRun phones = SippRun.agentPhones(work, scenarios, phonesPort)) {
            long t0 = System.nanoTime();
            int registered = BenchRegistrar.registerAll(sipPort, REALM, o.agents(), phonesPort, PASSWORD);
            if (registered != o.agents()) {
                throw new IllegalStateException("only " + registered + " of " + o.agents() + " agents registered");
            }
            makeReady(http, o.agents());
            System.out.printf("%,d agents registered, logged in and READY in %.1f s%n", o.agents(),
                    (System.nanoTime() - t0) / 1e9);
            SipLoadBenchmark.warmUp(work, scenarios, pcap, sipPort);
            awaitDrained(http, Map.of(), 60);
            Snapshot before = settle(http, jvm, null, 180);
            System.out.println("before the load (after 200 warm-up calls and a full GC): " + before);
            Map<String, Long> phones0 = phones.counters();

            List<long[]> rss = new ArrayList<>();
            long calls = (long) o.rate() * 60 * o.minutes();
            Map<String, Long> allocated0 = jvm.allocatedByThread();
            Map<String, Long> cpu0 = jvm.cpuByThread();
            long processCpu0 = jvm.processCpuNanos();
            // The figure: caller INVITE to agent INVITE on the wire (SIP only; for runs up to 10 min).
            SipCapture capture = o.minutes() <= MAX_CAPTURE_MINUTES && SipCapture.available()
                    ? new SipCapture(work.resolve("sip.pcapng"), sipPort) : null;
            long start = System.currentTimeMillis();
            try (capture; SippRun callers = SippRun.callers(work, "callers", scenarios, sipPort, SipLoadBenchmark.NUMBER, pcap,
                    o.rate(), calls, (o.audio() + o.hold()) * 1000L, o.minutes() * 60L + 600,
                    // A 100 Trying for a retransmitted INVITE may arrive after the 200 OK (two server threads, UDP):
                    // sipp's default aborts the call then and sends a BYE without the dialog's tag, which is
                    // refused (481), leaving the call up on the server until the agent hangs up (sipp's never does).
                    "-default_behaviors", "all,-abortunexp")) {
                System.out.println("| min | callers ok / failed | agent legs ok / failed | retrans (caller / agent) "
                        + "| heap after GC | RSS | SIP dialogs | voice calls | RTP sessions (calls) | IVR calls "
                        + "| engine interactions / waiting | log open | threads | load |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
                for (int minute = 1; minute <= o.minutes(); minute++) {
                    long lineAt = start + minute * 60_000L;
                    for (long now = System.currentTimeMillis(); now < lineAt; now = System.currentTimeMillis()) {
                        Thread.sleep(Math.min(SAMPLE_SECONDS * 1000L, lineAt - now)); // the harness's clock
                        rss.add(new long[] {System.currentTimeMillis(), jvm.rssBytes()});
                    }
                    Map<String, Long> c = callers.counters();
                    Map<String, Long> a = SipLoadBenchmark.minus(phones.counters(), phones0);
                    Map<String, Long> r = registries(http);
                    System.out.printf(Locale.ROOT, "| %d | %d / %d | %d / %d | %d / %d | %,d MB | %,d MB | %d | %d | %d | %d "
                                    + "| %d / %d | %d | %d | %s |%n", minute,
                            c.getOrDefault("SuccessfulCall", 0L), c.getOrDefault("FailedCall", 0L),
                            a.getOrDefault("SuccessfulCall", 0L), a.getOrDefault("FailedCall", 0L),
                            c.getOrDefault("Retransmissions", 0L), a.getOrDefault("Retransmissions", 0L),
                            jvm.lastHeapAfterGc() >> 20, jvm.rssBytes() >> 20, r.get("SIP dialogs"), r.get("voice calls"),
                            r.get("RTP sessions (calls)"), r.get("IVR calls"), r.get("engine interactions"),
                            r.get("engine waiting"), r.get("log open"), jvm.threads(), SipLoadBenchmark.loadAverage());
                    if (!server.isAlive()) {
                        throw new IllegalStateException("the server JVM exited during the soak; see its output");
                    }
                    if (minute % REFRESH_MINUTES == 0 && minute < o.minutes()) {
                        // The phones' bindings last an hour (Expires: 3600): refreshed as phones do, or every agent
                        // became unreachable in the run's 60th minute and the calls waited in the queue.
                        int refreshed = BenchRegistrar.registerAll(sipPort, REALM, o.agents(), phonesPort, PASSWORD,
                                minute / REFRESH_MINUTES);
                        if (refreshed != o.agents()) {
                            throw new IllegalStateException("only " + refreshed + " of " + o.agents()
                                    + " agents' registrations refreshed");
                        }
                    }
                }
                long end = System.currentTimeMillis();
                long callsOk = callers.counters().getOrDefault("SuccessfulCall", 0L);
                printAllocation(allocated0, jvm.allocatedByThread(), callsOk);
                printCpu(processCpu0, jvm.processCpuNanos(), cpu0, jvm.cpuByThread(), callsOk);
                // sipp was given exactly rate × minutes calls: it stops placing calls now and ends with its last call.
                if (!callers.await(o.audio() + o.hold() + 60L)) {
                    System.out.println("callers still busy " + (o.audio() + o.hold() + 60) + " s after the last minute: stopped");
                }
                printWireDelay(capture, sipPort, phonesPort, o);
                long drainFrom = System.nanoTime();
                boolean drained = awaitDrained(http, before.registries(), 120);
                System.out.printf(Locale.ROOT, "calls drained in %.1f s after the callers ended%s%n",
                        (System.nanoTime() - drainFrom) / 1e9, drained ? "" : " (NOT: gave up after 120 s)");
                printLogWriter(http);
                Thread.sleep(1500); // sipp's last per-second statistics row
                Map<String, Long> c = callers.counters();
                Map<String, Long> a = SipLoadBenchmark.minus(phones.counters(), phones0);
                Snapshot after = settle(http, jvm, before, 180);
                return report(before, after, c, a, jvm.collections(), rss, start, end);
            }
        }
    }

    private static final int MAX_CAPTURE_MINUTES = 10;

    /** The interaction log writer's figures since start (/health's store entry): what the durable path did. */
    private static void printLogWriter(int http) throws Exception {
        JsonNode s = JSON.readTree(get(http, "/health", null)).path("components").path("store");
        System.out.printf(Locale.ROOT, "interaction log writer since start: %,d events, %,d commits, %,d CDR folds"
                        + " that left the row as it was (not written), journal %,d bytes / %,d checkpoints%n",
                s.path("logEvents").asLong(-1), s.path("logCommits").asLong(-1), s.path("logCdrRowsUnchanged").asLong(-1),
                s.path("logJournalBytes").asLong(-1), s.path("logJournalCheckpoints").asLong(-1));
    }

    /** Caller INVITE to the server's INVITE to the agent, on the wire (dumpcap on lo, read with tshark). */
    private static void printWireDelay(SipCapture capture, int sipPort, int phonesPort, Options o) throws Exception {
        if (capture == null) {
            System.out.println(o.minutes() > MAX_CAPTURE_MINUTES
                    ? "caller INVITE -> agent INVITE: not captured (runs over " + MAX_CAPTURE_MINUTES + " min)"
                    : "caller INVITE -> agent INVITE: NOT MEASURED: dumpcap/tshark missing (Debian package tshark)");
            return;
        }
        capture.stop();
        Map<String, Long> d = capture.inviteToAgentInvite(sipPort, phonesPort);
        if (d.getOrDefault("count", 0L) == 0) {
            System.out.println("caller INVITE -> agent INVITE: no pairs found in the capture");
            return;
        }
        System.out.printf(Locale.ROOT, "caller INVITE -> agent INVITE on the wire (%,d calls): p50 %.2f ms, p95 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms%n", d.get("count"), d.get("p50") / 1e3, d.get("p95") / 1e3,
                d.get("p99") / 1e3, d.get("max") / 1e3);
    }

    /** The server's CPU during the load per successful call: the process's, and by thread group. */
    static void printCpu(long process0, long process1, Map<String, Long> before, Map<String, Long> after, long calls) {
        if (calls <= 0) {
            return;
        }
        Map<String, Long> d = new java.util.TreeMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        System.out.printf(Locale.ROOT, "server CPU during the load: %.2f ms per call (the process: collector and"
                + " compilers included); by thread:%n", (process1 - process0) / 1e6 / calls);
        d.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-32s %,8d us per call%n", e.getKey(),
                        e.getValue() / 1_000 / calls));
    }

    /** Where the server's allocation went during the load, by thread group, per successful call. */
    static void printAllocation(Map<String, Long> before, Map<String, Long> after, long calls) {
        Map<String, Long> d = new java.util.TreeMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        long total = d.values().stream().mapToLong(Long::longValue).sum();
        if (calls <= 0 || total <= 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "allocated during the load by the server's live threads: %,d KB per call%n",
                total / calls / 1024);
        d.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-32s %,8d KB per call  %4.1f %%%n", e.getKey(),
                        e.getValue() / calls / 1024, 100.0 * e.getValue() / total));
    }

    /** What the server holds now (registries and threads), and live per-call instances after a full GC. */
    record Snapshot(Map<String, Long> registries, int threads, long heapAfterFullGc, Map<String, Long> objects,
                    Map<String, long[]> histogram) {
        static Snapshot take(int http, RemoteJvm jvm) throws Exception {
            long heap = jvm.collect();
            Map<String, long[]> histogram = jvm.histogram();
            Map<String, Long> live = new HashMap<>();
            histogram.forEach((k, v) -> live.put(k, v[0]));
            Map<String, Long> registries = SoakBenchmark.registries(http);
            // the media engine keeps spare sessions bound ahead of calls and refills them as it likes: what
            // counts is RtpSession objects it no longer knows
            long engineSessions = registries.remove(ALL_SESSIONS);
            Map<String, Long> objects = new LinkedHashMap<>();
            PER_CALL_CLASSES.forEach(k -> objects.put(k.substring(k.lastIndexOf('.') + 1), live.getOrDefault(k, 0L)));
            objects.put("RtpSession", objects.get("RtpSession") - engineSessions);
            return new Snapshot(registries, jvm.threads(), heap, objects, histogram);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap after full GC %,d MB, threads %d, registries %s, live objects %s",
                    heapAfterFullGc >> 20, threads, registries, objects);
        }
    }

    /**
     * Figures of the server's own registries that count calls and interactions in progress: /health's SIP,
     * IVR, routing and store entries, and the interaction log's interactions created and not yet ended (the
     * log meters of /metrics: started minus ended).
     */
    static Map<String, Long> registries(int http) throws Exception {
        // /health's routing entry shows the engine's figures of the request before (it never blocks on the
        // engine): ask, give the engine a moment to answer, and read.
        get(http, "/health", null);
        Thread.sleep(300);
        JsonNode c = JSON.readTree(get(http, "/health", null)).path("components");
        Map<String, Long> m = new LinkedHashMap<>();
        JsonNode sip = c.path("sip");
        m.put("SIP dialogs", sip.path("activeCalls").asLong(-1));
        m.put("voice calls", sip.path("voiceCalls").asLong(-1));
        m.put("RTP sessions (calls)", sip.path("media").path("callSessions").asLong(-1));
        m.put(ALL_SESSIONS, sip.path("media").path("sessions").asLong(-1));
        m.put("sources with calls", sip.path("limits").path("sourcesWithCalls").asLong(-1));
        m.put("IVR calls", c.path("ivr").path("activeCalls").asLong(-1));
        m.put("engine interactions", c.path("routing").path("interactions").asLong(-1));
        m.put("engine waiting", c.path("routing").path("waiting").asLong(-1));
        m.put("screen pops held", c.path("cti").path("screenPopsHeld").asLong(-1));
        m.put("log queue", c.path("store").path("logQueue").asLong(-1));
        double started = 0;
        double ended = 0;
        for (String line : get(http, "/metrics", METRICS_TOKEN).split("\n")) {
            if (line.startsWith("openucc_interactions_started_total{")) {
                started += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("openucc_interactions_ended_total{")) {
                ended += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        m.put("log open", Math.round(started - ended));
        return m;
    }

    /**
     * Waits (at most {@code seconds}) until no call or interaction is in progress: every registry as in
     * {@code target} (missing: 0).
     */
    private static boolean awaitDrained(int http, Map<String, Long> target, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Map<String, Long> now = registries(http);
            // the spare RTP sessions are refilled in the background: not a call in progress
            boolean done = now.entrySet().stream().allMatch(e -> e.getKey().equals(ALL_SESSIONS)
                    || e.getValue().equals(target.getOrDefault(e.getKey(), 0L)));
            if (done) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                System.out.println("  still in progress: " + now);
                return false;
            }
            Thread.sleep(500); // the harness polling the server's figures
        }
    }

    /**
     * A snapshot once the server has settled after its calls ended. SIP transactions outlive their calls by
     * design (Timer J, 64·T1 = 32 s for a BYE's server transaction over UDP, RFC 3261 §17.2.2) and an offer's
     * timer (20 s) keeps its entry until it fires: snapshots every 20 s from 40 s on, until one equals
     * {@code target} (null: the one before it), at most {@code seconds}.
     */
    private static Snapshot settle(int http, RemoteJvm jvm, Snapshot target, int seconds) throws Exception {
        long from = System.nanoTime();
        long deadline = from + TimeUnit.SECONDS.toNanos(seconds);
        Thread.sleep(40_000); // Timer J and the offer timers (see above)
        Snapshot previous = null;
        while (true) {
            Snapshot s = Snapshot.take(http, jvm);
            Snapshot goal = target != null ? target : previous;
            if (goal != null && s.registries().equals(goal.registries()) && s.objects().equals(goal.objects())
                    || System.nanoTime() > deadline) {
                System.out.printf(Locale.ROOT, "  settled after %.0f s%n", (System.nanoTime() - from) / 1e9);
                return s;
            }
            previous = s;
            Thread.sleep(20_000); // each snapshot is a full collection: not more often
        }
    }

    private static boolean report(Snapshot before, Snapshot after, Map<String, Long> callers,
            Map<String, Long> phones, List<RemoteJvm.AfterGc> gcs, List<long[]> rss, long start, long end) {
        System.out.println();
        System.out.println("| count | before the load | after the drain | |");
        System.out.println("|---|---|---|---|");
        boolean pass = true;
        Map<String, Long[]> rows = new LinkedHashMap<>();
        before.registries().forEach((k, v) -> rows.put(k, new Long[] {v, after.registries().get(k)}));
        before.objects().forEach((k, v) -> rows.put(k + (k.equals("RtpSession") ? " (live, not in the media engine)"
                : " (live)"), new Long[] {v, after.objects().get(k)}));
        for (Map.Entry<String, Long[]> r : rows.entrySet()) {
            // Left behind: more after than before. Fewer after is the warm-up's last calls, collected since.
            long b = r.getValue()[0];
            long a = r.getValue()[1];
            pass &= a <= b;
            System.out.printf("| %s | %d | %d | %s |%n", r.getKey(), b, a, a == b ? "same" : a < b ? "fewer" : "MORE");
        }
        System.out.printf("| threads (not judged: pools grow and shrink) | %d | %d | |%n", before.threads(), after.threads());
        System.out.printf("| heap after full GC (MB, not judged) | %,d | %,d | |%n", before.heapAfterFullGc() >> 20,
                after.heapAfterFullGc() >> 20);
        System.out.println();
        // Bounded caches fill up in the first minutes: the report aggregator's last 1,000 finished interactions
        // (LogEvent and its detail maps), the H2 page cache (store.h2CacheMb, 64 MB).
        System.out.println("what the live heap gained over the run (after a full GC; bounded caches fill up first:"
                + " report aggregator's last finished interactions, H2 page cache):");
        after.histogram().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - before.histogram().getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.histogram().getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1])).limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %+,d KB  %+,d instances  %s%n", e.getValue()[1] >> 10,
                        e.getValue()[0], e.getKey()));
        long half = start + (end - start) / 2;
        List<long[]> heap = new ArrayList<>();
        for (RemoteJvm.AfterGc g : gcs) {
            if (g.atMillis() >= half && g.atMillis() <= end) {
                heap.add(new long[] {g.atMillis(), g.heapBytes()});
            }
        }
        List<long[]> rssHalf = rss.stream().filter(p -> p[0] >= half).toList();
        long[] pauses = gcs.stream().filter(g -> g.atMillis() >= start && g.atMillis() <= end)
                .mapToLong(RemoteJvm.AfterGc::pauseMillis).sorted().toArray();
        if (pauses.length > 0) {
            long paused = java.util.Arrays.stream(pauses).sum();
            System.out.printf(Locale.ROOT, "collector pauses under load: %d, p50 %d ms, p99 %d ms, max %d ms, %.2f %% of"
                            + " the time (%,d ms in %,d s); RSS at the end of the load %,d MB%n", pauses.length,
                    pauses[pauses.length / 2], pauses[Math.min(pauses.length - 1, (int) (pauses.length * 0.99))],
                    pauses[pauses.length - 1], 100.0 * paused / Math.max(1, end - start), paused, (end - start) / 1000,
                    rss.isEmpty() ? 0 : rss.get(rss.size() - 1)[1] >> 20);
        }
        long ok = callers.getOrDefault("SuccessfulCall", 0L);
        long failed = callers.getOrDefault("FailedCall", 0L);
        System.out.println();
        System.out.printf(Locale.ROOT, "calls: callers %d ok / %d failed, agent legs %d ok / %d failed; retransmissions "
                        + "%d (callers) / %d (agents)%n", ok, failed, phones.getOrDefault("SuccessfulCall", 0L),
                phones.getOrDefault("FailedCall", 0L), callers.getOrDefault("Retransmissions", 0L),
                phones.getOrDefault("Retransmissions", 0L));
        System.out.printf(Locale.ROOT, "slope over the second half (%.1f min): heap after GC %+.1f MB/h (%d collections, "
                        + "%,d-%,d MB), RSS %+.1f MB/h (%d samples, %,d-%,d MB)%n", (end - half) / 60_000.0,
                slopeMbPerHour(heap), heap.size(), min(heap) >> 20, max(heap) >> 20, slopeMbPerHour(rssHalf),
                rssHalf.size(), min(rssHalf) >> 20, max(rssHalf) >> 20);
        System.out.println("nothing left behind (no count higher after the drain than before the load): " + (pass ? "PASS" : "FAIL"));
        long reached = phones.getOrDefault("SuccessfulCall", 0L);
        boolean allReached = reached >= ok;
        System.out.printf(Locale.ROOT, "every caller put through to an agent: %s (%d of %d)%n", allReached ? "PASS" : "FAIL",
                reached, ok);
        return pass && failed == 0 && allReached;
    }

    /** Least-squares slope of {time ms, bytes} points, in MB per hour; 0 with fewer than two points. */
    static double slopeMbPerHour(List<long[]> points) {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (long[] p : points) {
            mx += p[0];
            my += p[1];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (long[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx * 3_600_000.0 / (1 << 20);
    }

    private static long min(List<long[]> points) {
        return points.stream().mapToLong(p -> p[1]).min().orElse(0);
    }

    private static long max(List<long[]> points) {
        return points.stream().mapToLong(p -> p[1]).max().orElse(0);
    }

    /** Logs every agent in over REST (a bearer token each) and makes them READY, as their consoles would. */
    private static void makeReady(int http, int agents) throws Exception {
        for (int i = 0; i < agents; i++) {
            String id = BenchRegistrar.agentId(i);
            String login = post(http, "/api/auth/token", null, JSON.createObjectNode().put("username", id)
                    .put("password", PASSWORD).toString());
            String token = JSON.readTree(login).path("token").asText();
            post(http, "/api/agents/" + id + "/state", token, "{\"state\":\"READY\"}");
        }
    }

    private static String get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String post(int port, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /**
     * The demo configuration with the soak's queue on service number {@link SipLoadBenchmark#NUMBER}, its agents
     * (one call each), their phones' accounts and their users (password {@value #PASSWORD}), the RTP range, and
     * sipp's address trusted (one address carries every caller, as a trunk would).
     */
    private static Path writeConfig(Path repo, Path work, Options o, int rtpMin, int rtpMax) throws Exception {
        String hash = new PasswordHasher(4).hash(PASSWORD.toCharArray());
        StringBuilder agents = new StringBuilder();
        StringBuilder accounts = new StringBuilder();
        StringBuilder users = new StringBuilder();
        for (int i = 0; i < o.agents(); i++) {
            String id = BenchRegistrar.agentId(i);
            agents.append("  - {id: ").append(id).append(", name: Soak ").append(i).append(", capacity: {VOICE: 1}}\n");
            accounts.append("    - {agentId: ").append(id).append(", username: \"").append(id).append("\", ha1: ")
                    .append(SipCredentials.ha1(id, REALM, PASSWORD)).append("}\n");
            users.append("  - {username: ").append(id).append(", role: AGENT, agentId: ").append(id)
                    .append(", passwordHash: '").append(hash).append("'}\n");
        }
        BenchConfig config = BenchConfig.demo(repo, work.resolve("data")).rtpPorts(rtpMin, rtpMax).voiceQueue(QUEUE, "Soak")
                .prepend("agents:", agents).prepend("  accounts:", accounts).prepend("users:", users)
                .prepend("  services:", "    - {number: \"" + SipLoadBenchmark.NUMBER + "\", queue: " + QUEUE + "}\n")
                .replace("    trustedSources: []", "    trustedSources: [127.0.0.1]")
                .replace("    maxWaitingPerQueue: 200", "    maxWaitingPerQueue: 1000000")
                .replace("  logCommitInterval: 1ms", "  logCommitInterval: "
                        + (o.commitInterval() == null ? "1ms" : o.commitInterval()))
                .replace("  logJournal: true", "  logJournal: " + o.journal());
        if (o.h2CacheMb() != 0) {
            config.prepend("store:", "  h2CacheMb: " + o.h2CacheMb() + "\n");
        }
        return config.write(work.resolve("contact-center.yaml"));
    }

    /** Interactions in the H2 interaction log, and those not over (as a restart's recovery would read them). */
    private static String logFigures(Path config, Path work) {
        try (Connection c = DriverManager.getConnection(new ConfigLoader().load(config).store()
                .jdbcUrlIn(work.resolve("data")), "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), COUNT(CASE WHEN ended_at IS NULL"
                     + " OR wrap_up_started_at IS NOT NULL THEN 1 END) FROM interaction_summary")) {
            rs.next();
            return String.format("%,d interactions, %d not over%s", rs.getLong(1), rs.getLong(2),
                    rs.getLong(2) == 0 ? " (PASS)" : " (FAIL)");
        } catch (Exception e) {
            return "not read: " + e;
        }
    }

    private static Options parse(String[] args) {
        int rate = 150;
        int minutes = 60;
        int agents = 0;
        int audio = 1;
        int hold = 10;
        List<String> jvm = List.of();
        String commitInterval = null;
        int h2CacheMb = 0;
        boolean journal = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--jvm")) {
                jvm = args[i + 1].isBlank() ? List.of() : List.of(args[i + 1].trim().split("\\s+"));
                continue;
            }
            if (args[i].equals("--log-journal")) {
                journal = Boolean.parseBoolean(args[i + 1]);
                continue;
            }
            if (args[i].equals("--log-commit-interval")) {
                commitInterval = args[i + 1];
                continue;
            }
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--rate" -> rate = v;
                case "--minutes" -> minutes = v;
                case "--agents" -> agents = v;
                case "--audio" -> audio = v;
                case "--hold" -> hold = v;
                case "--h2-cache-mb" -> h2CacheMb = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--rate R, --minutes M, --agents N, --audio S, --hold S, --jvm \"OPTIONS\","
                        + " --log-commit-interval 0ms, --h2-cache-mb MB, --log-journal false)");
            }
        }
        if (rate < 1 || rate > 1000 || minutes < 1 || minutes > 24 * 60 || agents < 0 || agents > 20_000 || audio < 1
                || audio > 60 || hold < 0 || hold > 600 || h2CacheMb != 0 && (h2CacheMb < 8 || h2CacheMb > 65_536)) {
            throw new IllegalArgumentException("--rate 1..1000, --minutes 1..1440, --agents 1..20000, --audio 1..60,"
                    + " --hold 0..600, --h2-cache-mb 8..65536");
        }
        Options o = new Options(rate, minutes, agents, audio, hold, jvm, commitInterval, h2CacheMb, journal);
        if (agents == 0) {
            // enough for every call up at once, a quarter spare, in hundreds
            agents = (o.callsUp() * 5 / 4 + 99) / 100 * 100;
        }
        return new Options(rate, minutes, agents, audio, hold, jvm, commitInterval, h2CacheMb, journal);
    }
}
