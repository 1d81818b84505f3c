package org.openucc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openucc.config.ReportsConfig;
import org.openucc.config.StoreConfig;
import org.openucc.interaction.Channel;
import org.openucc.log.LogEventType;
import org.openucc.log.NewLogEvent;
import org.openucc.reports.Dimension;
import org.openucc.reports.Interval;
import org.openucc.reports.ReportRequest;
import org.openucc.reports.ReportSettings;
import org.openucc.reports.ReportTable;
import org.openucc.reports.Reports;
import org.openucc.store.StoreServices;

/**
 * Historical reports at scale: writes N interactions (default 300,000) over D days (default 30) into the
 * interaction log of an H2 store (about ten events each, plus the agents' state changes: ~3 million
 * events), lets the report sums catch up with that log from nothing (what a first start after an upgrade
 * does), then times 30-day reports by every grouping, by day and by hour. Prints the figures.
 *
 * <pre>
 * mvn -q -B -DskipTests install   (once; or -pl benchmarks -am package)
 * java -Xmx2g -jar benchmarks/target/benchmarks.jar reports [--interactions N] [--days D] [--agents A] [--dir DIR] [--jdbc-url URL]
 * </pre>
 * A data directory that already holds the log is reused (the load is skipped; the sums catch up or are reused).
 */
public final class ReportsBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final String[] QUEUES = {"sales", "support", "billing", "general", "vip", "chat", "email", "operator"};
    private static final String[] DISPOSITIONS = {"resolved", "follow-up", "escalated", "wrong-number", "sale"};
    private static final String[] SKILLS = {"billing", "tech", "lang-en", "lang-de", "lang-zh"};
    private static final String[] REASONS = {"break", "lunch", "training", "meeting"};
    private static final int APPEND_CHUNK = 2_000;

    private ReportsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int interactions = Integer.parseInt(o.getOrDefault("interactions", "300000"));
        int days = Integer.parseInt(o.getOrDefault("days", "30"));
        int agents = Integer.parseInt(o.getOrDefault("agents", "100"));
        Path dir = o.containsKey("dir") ? Path.of(o.get("dir")) : Files.createTempDirectory("openucc-reports-bench");
        StoreConfig config = new StoreConfig(o.get("jdbc-url"), o.get("user"), o.get("password"), 4, "DE", false, 0,
                10, 2_000, 128, 0);
        LocalDate first = LocalDate.of(2026, 11, 1);
        System.out.printf(Locale.ROOT, "reports benchmark: %,d interactions over %d days from %s, %d agents, %s in %s,"
                + " %d cores, Java %s%n", interactions, days, first, agents, config.jdbcUrl() == null ? "H2 file mode"
                : config.jdbcUrl(), dir, Runtime.getRuntime().availableProcessors(), Runtime.version());
        ReportSettings settings = new ReportSettings(ZONE, 5_000, ReportsConfig.SlAbandons.AFTER_THRESHOLD,
                Duration.ofDays(7).toMillis(), Map.of("sales", 20_000L, "support", 20_000L, "billing", 30_000L,
                "general", 20_000L, "vip", 10_000L, "chat", 60_000L, "email", 3_600_000L, "operator", 20_000L),
                200_000, 400);
        try (StoreServices store = StoreServices.start(config, dir, InstantSource.system())) {
            long existing = count(store);
            if (existing == 0) {
                load(store, interactions, days, agents, first);
            } else {
                System.out.printf(Locale.ROOT, "load: skipped, the log already holds %,d events%n", existing);
            }
            long events = count(store);
            long begin = System.nanoTime();
            Reports reports = store.startReports(settings);
            reports.aggregator().awaitThrough(maxId(store)).get(4, TimeUnit.HOURS);
            double took = (System.nanoTime() - begin) / 1e9;
            System.out.printf(Locale.ROOT, "catch-up of the report sums: %,d events in %.1f s (%,.0f events/s)%n",
                    events, took, events / took);
            LocalDate last = first.plusDays(days - 1);
            System.out.printf(Locale.ROOT, "%-36s %8s %10s %10s %10s%n", "30-day report", "rows", "first ms", "median ms",
                    "max ms");
            for (Interval interval : List.of(Interval.DAY, Interval.HOUR, Interval.WEEK, Interval.MONTH)) {
                for (Dimension d : Dimension.values()) {
                    if (interval != Interval.DAY && interval != Interval.HOUR && d != Dimension.QUEUE) {
                        continue;
                    }
                    time(reports, new ReportRequest(first, last, interval, d));
                }
            }
            time(reports, new ReportRequest(first, first, Interval.MIN15, Dimension.AGENT));
            follow(store, reports, agents, first.plusDays(days));
        }
    }

    private static void time(Reports reports, ReportRequest r) {
        long[] ms = new long[7];
        int rows = 0;
        for (int i = 0; i < ms.length; i++) {
            long begin = System.nanoTime();
            ReportTable t = reports.run(r);
            ms[i] = (System.nanoTime() - begin) / 1_000_000;
            rows = t.rows().size();
        }
        long firstMs = ms[0];
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-36s %8d %10d %10d %10d%n", r.interval() + " x " + r.groupBy() + " ("
                + r.from() + ".." + r.to() + ")", rows, firstMs, ms[ms.length / 2], ms[ms.length - 1]);
    }

    /** One more day written while the sums follow: how far behind they are when the log's last commit is done. */
    private static void follow(StoreServices store, Reports reports, int agents, LocalDate day) throws Exception {
        int n = 10_000;
        long begin = System.nanoTime();
        long written = writeDay(store, new SplittableRandom(System.nanoTime()), n, agents, day, "live-" + System.currentTimeMillis() + "-");
        store.interactionLog().flush().get(10, TimeUnit.MINUTES);
        double wrote = (System.nanoTime() - begin) / 1e9;
        long last = maxId(store);
        reports.aggregator().awaitThrough(last).get(1, TimeUnit.HOURS);
        double caught = (System.nanoTime() - begin) / 1e9;
        System.out.printf(Locale.ROOT, "live: %,d more events (one day, %,d interactions) written in %.1f s; the sums"
                + " included them %.2f s after the last commit%n", written, n, wrote, caught - wrote);
    }

    private static void load(StoreServices store, int interactions, int days, int agents, LocalDate first) throws Exception {
        long begin = System.nanoTime();
        SplittableRandom random = new SplittableRandom(2026);
        long events = 0;
        int perDay = interactions / days;
        for (int d = 0; d < days; d++) {
            int n = d == days - 1 ? interactions - perDay * (days - 1) : perDay;
            events += writeDay(store, random, n, agents, first.plusDays(d), "int-");
        }
        store.interactionLog().flush().get(1, TimeUnit.HOURS);
        double took = (System.nanoTime() - begin) / 1e9;
        System.out.printf(Locale.ROOT, "load: %,d events of %,d interactions in %.1f s (%,.0f events/s)%n", events,
                interactions, took, events / took);
    }

    private record Timed(Instant at, NewLogEvent event) {
    }

    /** A day: agents log in, take breaks and log out; interactions arrive 07:00-21:00 and are answered or abandoned. */
    private static long writeDay(StoreServices store, SplittableRandom random, int n, int agents, LocalDate day,
                                 String idPrefix) throws Exception {
        List<Timed> events = new ArrayList<>(n * 12);
        Instant open = day.atTime(7, 0).atZone(ZONE).toInstant();
        long dayMs = Duration.ofHours(14).toMillis();
        for (int a = 0; a < agents; a++) {
            String agent = "agent-" + a;
            Instant in = open.plusSeconds(random.nextInt(1800));
            events.add(agentEvent(in, agent, "LOGGED_OUT", "READY", null));
            for (int b = 0; b < 3; b++) {
                Instant brk = open.plus(Duration.ofHours(3 + 4L * b)).plusSeconds(random.nextInt(3600));
                events.add(agentEvent(brk, agent, "READY", "NOT_READY", REASONS[random.nextInt(REASONS.length)]));
                events.add(agentEvent(brk.plusSeconds(300 + random.nextInt(1800)), agent, "NOT_READY", "READY", null));
            }
            events.add(agentEvent(open.plus(Duration.ofHours(14)).plusSeconds(random.nextInt(1800)), agent, "READY",
                    "LOGGED_OUT", null));
        }
        for (int i = 0; i < n; i++) {
            String id = idPrefix + day + "-" + i;
            Instant t = open.plusMillis((long) (random.nextDouble() * dayMs));
            int c = random.nextInt(100);
            Channel channel = c < 55 ? Channel.VOICE : c < 75 ? Channel.CHAT : c < 90 ? Channel.EMAIL : Channel.CALLBACK;
            String queue = switch (channel) {
                case CHAT -> "chat";
                case EMAIL -> "email";
                default -> QUEUES[random.nextInt(5)];
            };
            Map<String, Integer> skills = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                skills.put(SKILLS[random.nextInt(SKILLS.length)], 1 + random.nextInt(5));
            }
            String customer = random.nextInt(100) < 80 ? "cus-" + random.nextInt(50_000) : null;
            events.add(new Timed(t, NewLogEvent.interactionCreated(t, id, channel, "INBOUND", queue, customer, Map.of())
                    .withRouting(skills, 0, null, null)));
            Instant queued = t.plusMillis(200);
            events.add(new Timed(queued, new NewLogEvent(queued, LogEventType.QUEUED, id, null, queue, null, null,
                    Map.of("position", 1, "requeued", false))));
            long wait = (long) (-Math.log(1 - random.nextDouble()) * 25_000);
            if (random.nextInt(100) < 8) {
                Instant gone = queued.plusMillis(wait);
                events.add(new Timed(gone, new NewLogEvent(gone, LogEventType.ABANDONED, id, null, queue, null, null,
                        Map.of("reason", "caller hung up", "waitedMillis", wait))));
                continue;
            }
            String agent = "agent-" + random.nextInt(agents);
            Instant offered = queued.plusMillis(wait);
            events.add(new Timed(offered, new NewLogEvent(offered, LogEventType.OFFERED, id, agent, queue, null, null, Map.of())));
            Instant connected = offered.plusMillis(2_000 + random.nextInt(8_000));
            events.add(new Timed(connected, new NewLogEvent(connected, LogEventType.CONNECTED, id, agent, queue, null, null,
                    Map.of("waitedMillis", wait))));
            events.add(agentEvent(connected, agent, "READY", "BUSY", null));
            long talk = 30_000 + random.nextInt(600_000);
            if (random.nextInt(100) < 20) {
                Instant held = connected.plusMillis(talk / 3);
                events.add(new Timed(held, NewLogEvent.held(held, id, agent)));
                Instant resumed = held.plusMillis(5_000 + random.nextInt(60_000));
                events.add(new Timed(resumed, NewLogEvent.resumed(resumed, id, agent)));
            }
            Instant ended = connected.plusMillis(talk);
            events.add(new Timed(ended, new NewLogEvent(ended, LogEventType.ENDED, id, agent, queue, null, null,
                    Map.of("reason", "done"))));
            events.add(new Timed(ended, new NewLogEvent(ended, LogEventType.WRAP_UP_STARTED, id, agent, null, null, null,
                    Map.of())));
            events.add(agentEvent(ended, agent, "BUSY", "WRAP_UP", null));
            Instant dispo = ended.plusMillis(5_000);
            events.add(new Timed(dispo, NewLogEvent.disposition(dispo, id, agent,
                    DISPOSITIONS[random.nextInt(DISPOSITIONS.length)], null)));
            Instant wrapped = ended.plusMillis(10_000 + random.nextInt(50_000));
            events.add(new Timed(wrapped, new NewLogEvent(wrapped, LogEventType.WRAP_UP_ENDED, id, agent, null, null, null,
                    Map.of())));
            events.add(agentEvent(wrapped, agent, "WRAP_UP", "READY", null));
        }
        events.sort(Comparator.comparing(Timed::at));
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int from = 0; from < events.size(); from += APPEND_CHUNK) {
            List<NewLogEvent> chunk = events.subList(from, Math.min(events.size(), from + APPEND_CHUNK)).stream()
                    .map(Timed::event).toList();
            pending.add(store.interactionLog().appendAll(chunk));
            if (pending.size() >= 20) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return events.size();
    }

    private static Timed agentEvent(Instant at, String agent, String from, String to, String reason) {
        Map<String, Object> d = new TreeMap<>();
        d.put("from", from);
        d.put("to", to);
        d.put("reason", reason);
        LogEventType type = from.equals("LOGGED_OUT") ? LogEventType.AGENT_LOGGED_IN
                : to.equals("LOGGED_OUT") ? LogEventType.AGENT_LOGGED_OUT : LogEventType.AGENT_STATE_CHANGED;
        return new Timed(at, new NewLogEvent(at, type, null, agent, null, null, null, d));
    }

    private static long count(StoreServices store) throws Exception {
        return scalar(store, "SELECT COUNT(*) FROM interaction_event");
    }

    private static long maxId(StoreServices store) throws Exception {
        return scalar(store, "SELECT COALESCE(MAX(id), 0) FROM interaction_event");
    }

    private static long scalar(StoreServices store, String sql) throws Exception {
        try (var c = store.database().dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, found " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }
}
