package org.openucc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openucc.ContactCenter;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.outbound.AmdMode;
import org.openucc.outbound.Campaign;
import org.openucc.outbound.CampaignDraft;
import org.openucc.outbound.CampaignFigures;
import org.openucc.outbound.CampaignService;
import org.openucc.outbound.CampaignState;
import org.openucc.outbound.CallingWindow;
import org.openucc.outbound.DialingMode;
import org.openucc.outbound.RecordDraft;
import org.openucc.outbound.RetrySchedule;
import org.openucc.outbound.dialer.DialerFigures;
import org.openucc.routing.RoutingCommand;
import org.openucc.telephony.sip.SipCredentials;

/**
 * Campaigns over real SIP at small scale (not a test): the whole server in this JVM with a SIP trunk to
 * a sipp UAS playing the public network (a person answers with a set probability after 5-14 s of
 * ringing, the rest never answer or are busy) and N agents whose phones are one sipp UAS that answers at
 * once and hangs up after an exponentially distributed talk time; wrap-up ends on the queue's wrap-up
 * timer. Per run (one fresh server each): a campaign in one mode on a list of fresh numbers, for a
 * bounded time, then stopped and drained. The figures come from the interaction log (DIAL_ATTEMPT,
 * CONNECTED/ENDED) and the campaign's store, not from the pacer's counters.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.openucc.bench.CampaignSipBenchmark \
 *      [--agents 10,20] [--modes PREDICTIVE,PROGRESSIVE] [--seconds 180] [--talk 20] [--wrap 5] \
 *      [--person 0.30] [--no-answer 0.60] [--records 3000]
 * </pre>
 * Run from the repository root (prompts and the demo configuration are read from there). Needs sipp.
 */
public final class CampaignSipBenchmark {
    private static final String REALM = "openucc";
    private static final String PASSWORD = "bench-secret";
    private static final String QUEUE = "bench-out";
    private static final String CALLER_ID = "+4930555000";

    record Options(List<Integer> agents, List<DialingMode> modes, int seconds, int talkSeconds, int wrapSeconds,
                   double person, double noAnswer, int records, int seeded, int tailSeconds) {
    }

    /** One run's figures, all from the log and the store. */
    record Row(DialingMode mode, int agents, double minutes, long placed, long person, long abandoned,
               long connected, double occupancy, double occupancyAfter30s, double callsPerAgentHour,
               String store, String pacer) {
        String markdown() {
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %d | %d | %d | %.2f %% | %.1f %% | %.1f %% | %d | %.1f |",
                    mode, agents, minutes, placed, person, abandoned, person == 0 ? 0.0 : 100.0 * abandoned / person,
                    100 * occupancy, 100 * occupancyAfter30s, connected, callsPerAgentHour);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Path repo = Path.of("").toAbsolutePath();
        if (!Files.exists(repo.resolve("config/contact-center.yaml"))) {
            throw new IllegalStateException("run from the repository root (config/contact-center.yaml not found)");
        }
        Path work = Files.createTempDirectory("openucc-campaignbench");
        System.out.printf(Locale.ROOT, "Campaigns over real SIP: %d s per run, person answers %.0f %% (rings 5-14 s), "
                        + "no answer %.0f %% (15 s ring timeout), busy %.0f %%; talk exponential mean %d s, wrap-up %d s; "
                        + "work dir %s, %d cores%n%n", o.seconds(), 100 * o.person(), 100 * o.noAnswer(),
                100 * (1 - o.person() - o.noAnswer()), o.talkSeconds(), o.wrapSeconds(), work,
                Runtime.getRuntime().availableProcessors());
        List<Row> rows = new ArrayList<>();
        for (int agents : o.agents()) {
            for (DialingMode mode : o.modes()) {
                Row r = run(o, mode, agents, repo, work.resolve(mode.name().toLowerCase(Locale.ROOT) + "-" + agents));
                rows.add(r);
                System.out.println(r.markdown());
                System.out.println("  store:  " + r.store());
                System.out.println("  dialer: " + r.pacer());
            }
        }
        System.out.println();
        System.out.println("| mode | agents | minutes | calls placed | answered by a person | abandoned | abandon % "
                + "| occupancy (talk / logged-in) | occupancy, last " + o.tailSeconds() + " s | conversations | conversations per agent-hour |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(r -> System.out.println(r.markdown()));
        System.exit(0);
    }

    private static Row run(Options o, DialingMode mode, int agentCount, Path repo, Path work) throws Exception {
        Files.createDirectories(work);
        Files.writeString(work.resolve("network.xml"), resource("sipp/campaign-network.xml")
                .replace("@PERSON@", Double.toString(o.person()))
                .replace("@NOT_BUSY@", Double.toString(o.person() + o.noAnswer())));
        Files.writeString(work.resolve("agent-phone.xml"), resource("sipp/campaign-agent-phone.xml")
                .replace("@TALK_MS@", Integer.toString(o.talkSeconds() * 1000)));
        PcapAudio.write(work.resolve("person.pcap"), 1);
        int networkPort = freeUdpPort();
        int phonesPort = freeUdpPort();
        try (SippRun network = new SippRun(work, "network", List.of("-sf", work.resolve("network.xml").toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(networkPort), "-mp", String.valueOf(freeUdpPort() & ~1)));
             SippRun phones = new SippRun(work, "agent-phones", List.of("-sf", work.resolve("agent-phone.xml").toString(),
                     "-i", "127.0.0.1", "-p", String.valueOf(phonesPort), "-mp", String.valueOf(freeUdpPort() & ~1),
                     "-rtp_echo"))) {
            ContactCenterConfig config = new ConfigLoader().load(writeConfig(repo, work, agentCount, networkPort,
                    o.wrapSeconds()));
            ContactCenter server = new ContactCenter(config);
            server.start();
            try {
                int registered = BenchRegistrar.registerAll(server.sip().port(), REALM, agentCount, phonesPort, PASSWORD);
                if (registered != agentCount) {
                    throw new IllegalStateException("only " + registered + " of " + agentCount + " agents registered");
                }
                for (int i = 0; i < agentCount; i++) {
                    server.routing().send(new RoutingCommand.Login(BenchRegistrar.agentId(i), true))
                            .toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                return campaign(o, mode, agentCount, server);
            } finally {
                server.stop();
            }
        }
    }

    private static Row campaign(Options o, DialingMode mode, int agentCount, ContactCenter server) throws Exception {
        CampaignService campaigns = server.store().campaigns();
        Campaign campaign = campaigns.create(new CampaignDraft("Benchmark " + mode + " " + agentCount, QUEUE, mode,
                CALLER_ID, 15, 3.0, 1, new RetrySchedule(Map.of(), Set.of()),
                new CallingWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, EnumSet.allOf(DayOfWeek.class)), AmdMode.OFF,
                null, "campaign-identification", false));
        List<RecordDraft> rows = new ArrayList<>();
        for (int i = 0; i < o.records(); i++) {
            String phone = "+4930" + (2_000_000 + i); // Berlin numbers, 7-digit subscriber part
            rows.add(new RecordDraft(0, phone, null, "Customer " + i, Map.of(), null));
        }
        campaigns.addRows(campaign.id(), rows);
        seedToday(server, campaign.id(), o.seeded());
        Instant t0 = Instant.now();
        campaigns.start(campaign.id());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.seconds());
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end && campaigns.get(campaign.id()).state() == CampaignState.RUNNING) {
            Thread.sleep(500); // a harness pacing itself, not a test
            if (System.nanoTime() > nextReport) {
                nextReport += TimeUnit.SECONDS.toNanos(30);
                dialerFigures(server, campaign.id()).ifPresent(f -> System.out.printf(Locale.ROOT,
                        "  %s %d agents, %3.0f s: dialed %d, ringing %d, waiting %d, talking %d, ready %d, lines/agent %.2f%n",
                        mode, agentCount, Duration.between(t0, Instant.now()).toMillis() / 1000.0, f.dialed(), f.ringing(),
                        f.waiting(), f.talking(), f.readyAgents(), f.linesPerAgent()));
            }
        }
        Instant t1 = Instant.now();
        if (campaigns.get(campaign.id()).state() == CampaignState.RUNNING) {
            campaigns.stop(campaign.id());
        }
        // Conversations go on after the stop: wait (2 min at most) until every attempt has its outcome.
        String pacer = dialerFigures(server, campaign.id()).map(CampaignSipBenchmark::describe).orElse("n/a");
        long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < drained && inFlight(server, campaign.id()) > 0) {
            Thread.sleep(500);
        }
        Thread.sleep(1000); // the last outcomes reach the store and the log
        InteractionLog log = server.store().interactionLog();
        log.flush().join();

        List<String> ids = new ArrayList<>();
        log.forEachSummary(t0.minusSeconds(5), Instant.now().plusSeconds(60), s -> ids.add(s.interactionId()));
        long placed = 0;
        long person = 0;
        long abandoned = 0;
        long connected = 0;
        double talkMillis = 0;
        double talkMillisAfter30 = 0;
        Instant warm = t1.minusSeconds(o.tailSeconds());
        Map<String, Long> results = new TreeMap<>();
        for (String id : ids) {
            List<LogEvent> timeline = log.timeline(id);
            if (timeline.isEmpty() || !campaign.id().equals(String.valueOf(timeline.get(0).detail("attr.campaignId")))) {
                continue;
            }
            Instant connectedAt = null;
            Instant endedAt = null;
            for (LogEvent e : timeline) {
                if (e.type() == LogEventType.DIAL_ATTEMPT) {
                    String result = String.valueOf(e.detail("result"));
                    results.merge(result, 1L, Long::sum);
                    if (ringMillis(e) > 0) {
                        placed++;
                    }
                    if ("true".equals(String.valueOf(e.detail("person")))) {
                        person++;
                    }
                    if ("ABANDONED".equals(result)) {
                        abandoned++;
                    }
                } else if (e.type() == LogEventType.CONNECTED && connectedAt == null) {
                    connectedAt = e.at();
                } else if (e.type() == LogEventType.ENDED && connectedAt != null && endedAt == null) {
                    endedAt = e.at();
                }
            }
            if (connectedAt != null) {
                if (connectedAt.isBefore(t1)) {
                    connected++;
                }
                Instant stop = endedAt == null ? t1 : endedAt;
                talkMillis += overlap(connectedAt, stop, t0, t1);
                talkMillisAfter30 += overlap(connectedAt, stop, warm, t1);
            }
        }
        double window = Duration.between(t0, t1).toMillis();
        double occupancy = talkMillis / (agentCount * window);
        double tailWindow = Math.min(window, o.tailSeconds() * 1000.0);
        double occupancyAfter30 = talkMillisAfter30 / (agentCount * tailWindow);
        double perAgentHour = connected / (agentCount * window / 3_600_000.0);
        CampaignFigures f = campaigns.figures(campaign.id(), Instant.now());
        String store = String.format(Locale.ROOT, "records %d, done %s, failed %s, pending %d, dialing %d; log results %s",
                f.total(), f.doneByOutcome(), f.failedByReason(), f.pending(), f.dialing(), results);
        return new Row(mode, agentCount, window / 60_000.0, placed, person, abandoned, connected, occupancy,
                occupancyAfter30, perAgentHour, store, pacer);
    }

    /**
     * The campaign as it stands after a morning's work: {@code answered} people answered earlier today, 1 % of
     * them abandoned, as DIAL_ATTEMPT events in the log (what the dialer rebuilds its 30-day abandon ledger
     * from when the campaign starts). Without them the campaign starts a fresh day: the ledger's budget for
     * today is 3 % of today's answered calls, so predictive pacing stays progressive until some 34 people
     * answered today and aims lower until some 170 did; a run of minutes would mostly measure that ramp.
     * These events have no interaction of their own, so the run's figures (read from the interactions created
     * during the run) do not count them.
     */
    private static void seedToday(ContactCenter server, String campaignId, int answered) {
        if (answered == 0) {
            return;
        }
        Instant start = Instant.now().minusSeconds(answered + 60L);
        List<NewLogEvent> events = new ArrayList<>();
        for (int i = 0; i < answered; i++) {
            boolean abandoned = i % 100 == 99;
            Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("campaignId", campaignId);
            d.put("recordId", "earlier-" + i);
            d.put("attempt", 1);
            d.put("result", abandoned ? "ABANDONED" : "CONNECTED");
            d.put("person", true);
            d.put("ringMillis", 8000);
            d.put("detail", "seeded by the benchmark: answered earlier today");
            events.add(new NewLogEvent(start.plusSeconds(i), LogEventType.DIAL_ATTEMPT, "bench_earlier_" + i, null,
                    QUEUE, null, null, d));
        }
        server.store().interactionLog().appendAll(events).join();
        server.store().interactionLog().flush().join();
    }

    private static long ringMillis(LogEvent e) {
        try {
            return Long.parseLong(String.valueOf(e.detail("ringMillis")));
        } catch (NumberFormatException x) {
            return 0;
        }
    }

    private static double overlap(Instant a, Instant b, Instant from, Instant to) {
        long s = Math.max(a.toEpochMilli(), from.toEpochMilli());
        long e = Math.min(b.toEpochMilli(), to.toEpochMilli());
        return Math.max(0, e - s);
    }

    private static java.util.Optional<DialerFigures> dialerFigures(ContactCenter server, String campaignId)
            throws Exception {
        return server.outbound().dialer().figures(campaignId).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static int inFlight(ContactCenter server, String campaignId) throws Exception {
        return dialerFigures(server, campaignId).map(f -> f.ringing() + f.waiting() + f.talking()).orElse(0)
                + (int) server.store().campaigns().figures(campaignId, Instant.now()).dialing();
    }

    private static String describe(DialerFigures f) {
        return String.format(Locale.ROOT, "its own counters at the stop: dialed %d, person %d, abandoned %d, "
                        + "connected %d, busy %d, no answer %d, failed %d; 30-day abandon %.2f %% (limit %.1f %%)",
                f.dialed(), f.personAnswered(), f.abandoned(), f.connected(), f.busy(), f.noAnswer(), f.failed(),
                f.abandon30DayPercent(), f.abandonLimitPercent());
    }

    /**
     * The demo configuration with a free HTTP and SIP port, no demo data, no call recording, calendars
     * removed (open around the clock), a trunk to the public network, and the benchmark's OUTBOUND_VOICE
     * queue with its agents and their phones' accounts.
     */
    static Path writeConfig(Path repo, Path work, int agents, int networkPort, int wrapSeconds) throws IOException {
        int rtp = freeUdpPort() & ~1;
        int rtpMin = Math.min(rtp, 65_535 - 2_000);
        StringBuilder agentsYaml = new StringBuilder();
        StringBuilder accounts = new StringBuilder();
        for (int i = 0; i < agents; i++) {
            String id = BenchRegistrar.agentId(i);
            agentsYaml.append("  - {id: ").append(id).append(", name: Bench ").append(i)
                    .append(", skills: {bench: 5}, capacity: {OUTBOUND_VOICE: 1}}\n");
            accounts.append("    - {agentId: ").append(id).append(", username: \"").append(id).append("\", ha1: ")
                    .append(SipCredentials.ha1(id, REALM, PASSWORD)).append("}\n");
        }
        return BenchConfig.demo(repo, work.resolve("data")).recordCalls(false).rtpPorts(rtpMin, rtpMin + 1_999)
                .prepend("skills:", "  - {id: bench, name: Benchmark campaign}\n")
                .prepend("queues:", """
                          - id: %s
                            name: Benchmark campaign
                            channels: [OUTBOUND_VOICE]
                            skills: {bench: 1}
                            strategy: longest-idle
                            wrapUp: %ds
                        """.formatted(QUEUE, wrapSeconds))
                .prepend("agents:", agentsYaml).prepend("  accounts:", accounts)
                .replace("  trunks: []\n", "  trunks:\n    - {id: net, host: 127.0.0.1, port: " + networkPort
                        + ", transport: udp, callerId: \"" + CALLER_ID + "\"}\n")
                .write(work.resolve("contact-center.yaml"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CampaignSipBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the benchmark jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Options parse(String[] args) {
        List<Integer> agents = List.of(10, 20);
        List<DialingMode> modes = List.of(DialingMode.PREDICTIVE, DialingMode.PROGRESSIVE);
        int seconds = 180;
        int talk = 20;
        int wrap = 5;
        double person = 0.30;
        double noAnswer = 0.60;
        int records = 3000;
        int seeded = 300;
        int tail = 120;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--agents" -> agents = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                case "--modes" -> modes = java.util.Arrays.stream(v.split(","))
                        .map(m -> DialingMode.valueOf(m.trim().toUpperCase(Locale.ROOT))).toList();
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--talk" -> talk = Integer.parseInt(v);
                case "--wrap" -> wrap = Integer.parseInt(v);
                case "--person" -> person = Double.parseDouble(v);
                case "--no-answer" -> noAnswer = Double.parseDouble(v);
                case "--records" -> records = Integer.parseInt(v);
                case "--seeded" -> seeded = Integer.parseInt(v);
                case "--tail" -> tail = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--agents, --modes, --seconds, --talk, --wrap, --person, --no-answer, --records, --seeded, --tail)");
            }
        }
        if (seconds < 10 || seconds > 900 || records < 1 || records > 100_000 || person < 0 || noAnswer < 0
                || person + noAnswer > 1 || seeded < 0 || seeded > 100_000 || tail < 10 || tail > seconds) {
            throw new IllegalArgumentException("--seconds 10..900, --records 1..100000, --person + --no-answer <= 1, "
                    + "--seeded 0..100000, --tail 10..seconds");
        }
        return new Options(agents, modes, seconds, talk, wrap, person, noAnswer, records, seeded, tail);
    }
}
