package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.StoreConfig;
import org.openucc.crm.CaseDraft;
import org.openucc.crm.CasePriority;
import org.openucc.crm.ConflictException;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerQuery;
import org.openucc.crm.CustomerRecord;
import org.openucc.crm.CustomerSummary;
import org.openucc.crm.DemoCustomers;
import org.openucc.crm.ImportMode;
import org.openucc.crm.ImportReport;
import org.openucc.crm.LookupKey;
import org.openucc.crm.PageRequest;
import org.openucc.crm.RejectedRow;
import org.openucc.crm.TaskDraft;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.log.InteractionOutcome;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;
import org.openucc.routing.ManualClock;

/**
 * The same SQL against a real PostgreSQL server on loopback, started by the test (it fails with
 * instructions where the PostgreSQL binaries are not installed): migrations incl. the PostgreSQL-only ones, demo data,
 * CRUD with conflicts, lookups, prefix search, CSV import, the interaction log and its CDRs.
 */
class PostgresStoreTest {
    static LocalPostgres pg;
    static StoreServices store;
    static ManualClock clock = StoreFixture.clock();

    @BeforeAll
    static void startPostgres(@TempDir Path dataDir) throws Exception {
        var bin = LocalPostgres.find();
        assertTrue(bin.isPresent(), "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install them with 'apt-get install -y postgresql' (.ci/run does)");
        pg = LocalPostgres.start(bin.get());
        StoreConfig config = new StoreConfig(pg.url("openucc"), "openucc", "", 4, "DE", true, 200, 10, 0, 0);
        store = StoreServices.start(config, dataDir, clock);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (store != null) {
            store.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theSchemaIsMigratedWithThePostgresOnlyIndexesAndTheDemoDataIsThere() {
        assertThat(store.database().dialect()).isEqualTo(Dialect.POSTGRESQL);
        List<String> versions = store.database().read("schema versions", c -> {
            try (var ps = c.prepareStatement("SELECT version FROM store_schema_history WHERE success ORDER BY installed_rank");
                 var rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
        assertThat(versions).startsWith("1", "2", "2.1").contains("20", "30", "31"); // 20: the console's bulletins and knowledge base; 30, 31: the web channels
        assertThat(store.demoData().generated()).isTrue();
        CustomerRecord vip = store.lookup().lookup(LookupKey.phone("030 123456")).orElseThrow();
        assertThat(vip.customer().id()).isEqualTo(DemoCustomers.VIP.customerId());
        assertThat(vip.openCases()).extracting(c -> c.subject()).containsExactly(DemoCustomers.VIP_OPEN_CASE_SUBJECT);
        assertThat(vip.recentInteractions()).hasSize(DemoCustomers.VIP_INTERACTIONS);
        assertThat(store.customers().verifyPin(vip.customer().id(), "1234")).isTrue();
    }

    /**
     * Two nodes' log writers (two stores on one database) append events of the same interactions at once, as a
     * call's node and the engine's owner do in a cluster: no batch fails on the CDR's first row, and every event is
     * folded into its CDR (none lost to a concurrent read-modify-write).
     */
    @Test
    void twoWritersFoldTheSameInteractionsWithoutLosingAnEvent(@TempDir Path otherData) throws Exception {
        StoreConfig config = new StoreConfig(pg.url("openucc"), "openucc", "", 4, "DE", false, 200, 10, 0, 0);
        try (StoreServices other = StoreServices.start(config, otherData, clock)) {
            int interactions = 40;
            java.time.Instant longAgo = java.time.Instant.parse("2020-01-06T10:00:00Z"); // out of the other tests' way
            int offersEach = 10; // per writer and interaction
            java.util.List<java.util.concurrent.CompletableFuture<?>> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.List<Thread> writers = new java.util.ArrayList<>();
            for (StoreServices s : List.of(store, other)) {
                writers.add(new Thread(() -> {
                    for (int round = 0; round < offersEach; round++) {
                        for (int i = 0; i < interactions; i++) {
                            writes.add(s.interactionLog().append(new org.openucc.log.NewLogEvent(longAgo,
                                    org.openucc.log.LogEventType.OFFERED, "two-writers-" + i, "alice", "q", null, null,
                                    Map.of())));
                        }
                    }
                }));
            }
            writers.forEach(Thread::start);
            for (Thread t : writers) {
                t.join(60_000);
            }
            java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            for (int i = 0; i < interactions; i++) {
                assertThat(store.interactionLog().summary("two-writers-" + i).orElseThrow().offers())
                        .as("offers folded into two-writers-" + i).isEqualTo(2 * offersEach);
            }
        }
    }

    /**
     * Historical reports in a cluster: two nodes' writers (two stores on one database) commit out of order — a
     * transaction holds ids below everything they commit meanwhile, another is rolled back — and the sums are made
     * by one node at a time: the owner (the other answers reports from the store, writing nothing), both for a
     * while (an old owner not yet fenced), then the other alone after a takeover. At the end the sums equal a
     * rebuild from the whole log, and two figures counted here from the raw rows.
     */
    @Test
    void reportSumsFollowWritersCommittingOutOfOrderWhileOneNodeMakesThem(@TempDir Path dirA, @TempDir Path dirB)
            throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.url("postgres"), "openucc", "");
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE reports_cluster");
        }
        String url = pg.url("reports_cluster");
        StoreConfig config = new StoreConfig(url, "openucc", "", 4, "DE", false, 200, 10, 0, 0);
        ManualClock now = StoreFixture.clock(); // the aggregators' clock: when a missing id is given up
        var settings = new org.openucc.reports.ReportSettings(java.time.ZoneOffset.UTC, 5_000,
                org.openucc.config.ReportsConfig.SlAbandons.AFTER_THRESHOLD, Duration.ofDays(7).toMillis(), Map.of(),
                20_000, 400);
        var request = new org.openucc.reports.ReportRequest(java.time.LocalDate.parse("2021-03-01"),
                java.time.LocalDate.parse("2021-03-31"), org.openucc.reports.Interval.MONTH,
                org.openucc.reports.Dimension.QUEUE);
        try (StoreServices a = StoreServices.start(config, dirA, now);
             StoreServices b = StoreServices.start(config, dirB, now)) {
            var ra = a.openReports(settings, Duration.ofMillis(50));
            var rb = b.openReports(settings, Duration.ofMillis(50));
            ra.aggregator().start(); // a owns the engine
            for (String agent : List.of("ann", "bob")) {
                a.interactionLog().append(agentChange(agent, "READY")).get(30, java.util.concurrent.TimeUnit.SECONDS);
            }

            // Ids taken below what both writers commit next, committed only once the sums have passed them.
            java.sql.Connection held = java.sql.DriverManager.getConnection(url, "openucc", "");
            held.setAutoCommit(false);
            List<Long> late = insert(held, List.of(
                    NewLogEvent.interactionCreated(at(), "late-1", Channel.CHAT, "INBOUND", "q1", null, Map.of()),
                    new NewLogEvent(at(), LogEventType.QUEUED, "late-1", null, "q1", null, null, Map.of()),
                    agentChange("ann", "NOT_READY")));
            a.interactionLog().appendAll(List.of(
                    new NewLogEvent(at(), LogEventType.CONNECTED, "late-1", "ann", "q1", null, null, Map.of()),
                    new NewLogEvent(at(), LogEventType.WRAP_UP_ENDED, "late-1", "ann", "q1", null, null, Map.of())))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            long last = writeConcurrently(a, b, "p1", 12);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    ra.aggregator().through() >= last && ra.aggregator().gapCount() >= late.size());
            assertThat(rb.aggregator().running()).as("b makes no sums while a owns the engine").isFalse();
            held.commit();
            held.close();
            ra.aggregator().awaitThrough(late.get(0)).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(rb.run(request).totals()).as("b reads the sums a made").usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(ra.run(request).totals());

            // An id that never commits (rolled back) is waited for, then given up.
            java.sql.Connection lost = java.sql.DriverManager.getConnection(url, "openucc", "");
            lost.setAutoCommit(false);
            long never = insert(lost, List.of(agentChange("bob", "BUSY"))).get(0);
            lost.rollback();
            lost.close();
            long after = a.interactionLog().append(agentChange("bob", "READY")).get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .id();
            ra.aggregator().awaitThrough(after).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(after).isGreaterThan(never);
            now.advance(StoreServices.REPORT_GAP_TIMEOUT.plusMinutes(1));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ra.aggregator().gapCount() == 0);

            // b starts before a stops (a takeover where the old owner has not stopped yet), and another late commit.
            rb.aggregator().start();
            held = java.sql.DriverManager.getConnection(url, "openucc", "");
            held.setAutoCommit(false);
            List<Long> late2 = insert(held, List.of(agentChange("bob", "NOT_READY"), agentChange("ann", "READY")));
            writeConcurrently(a, b, "p2", 8);
            ra.aggregator().stop();
            held.commit();
            held.close();
            long end = writeConcurrently(a, b, "p3", 5);
            rb.aggregator().awaitThrough(end).get(60, java.util.concurrent.TimeUnit.SECONDS);
            rb.aggregator().awaitThrough(late2.get(0)).get(60, java.util.concurrent.TimeUnit.SECONDS);
            Map<String, List<Long>> live = buckets(b);

            rb.aggregator().stop(); // rebuilt from the first event, in log order, with nothing late
            b.database().write("forget the report progress", c -> {
                try (java.sql.Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM report_progress");
                }
                return null;
            });
            rb.aggregator().start();
            rb.aggregator().awaitThrough(end).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(live).isEqualTo(buckets(b));
            assertThat(sum(b, "offered", "QUEUE")).as("offered = entries into q1").isEqualTo(1 + 2 * (12 + 8 + 5));
            assertThat(sum(b, "logged_in_ms", "AGENT")).as("agents' logged-in time from the raw rows")
                    .isEqualTo(loggedInMillis(b));
        }
    }

    private final java.util.concurrent.atomic.AtomicLong tick = new java.util.concurrent.atomic.AtomicLong();

    /** Event times grow with each event made (not with ids), a few seconds apart, from 2021-03-01. */
    private java.time.Instant at() {
        return java.time.Instant.parse("2021-03-01T08:00:00Z").plusSeconds(7 * tick.incrementAndGet());
    }

    private NewLogEvent agentChange(String agent, String to) {
        return new NewLogEvent(at(), LogEventType.AGENT_STATE_CHANGED, null, agent, null, null, null, Map.of("to", to));
    }

    /** Both nodes' writers at once, each: a chat handled by ann or bob and a state change of theirs; the last id. */
    private long writeConcurrently(StoreServices a, StoreServices b, String prefix, int rounds) throws Exception {
        List<java.util.concurrent.CompletableFuture<List<LogEvent>>> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> writers = new java.util.ArrayList<>();
        for (StoreServices s : List.of(a, b)) {
            String node = s == a ? "a" : "b";
            writers.add(new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    String id = prefix + "-" + node + "-" + r;
                    String agent = r % 2 == 0 ? "ann" : "bob";
                    writes.add(s.interactionLog().appendAll(List.of(
                            NewLogEvent.interactionCreated(at(), id, Channel.CHAT, "INBOUND", "q1", null, Map.of()),
                            new NewLogEvent(at(), LogEventType.QUEUED, id, null, "q1", null, null, Map.of()),
                            new NewLogEvent(at(), LogEventType.CONNECTED, id, agent, "q1", null, null, Map.of()),
                            new NewLogEvent(at(), LogEventType.ENDED, id, agent, "q1", null, null, Map.of()),
                            new NewLogEvent(at(), LogEventType.WRAP_UP_STARTED, id, agent, "q1", null, null, Map.of()),
                            new NewLogEvent(at(), LogEventType.WRAP_UP_ENDED, id, agent, "q1", null, null, Map.of()))));
                    writes.add(s.interactionLog().appendAll(List.of(agentChange(agent, r % 3 == 0 ? "NOT_READY" : "READY"))));
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread t : writers) {
            t.join(60_000);
        }
        long last = 0;
        for (var w : writes) {
            for (LogEvent e : w.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                last = Math.max(last, e.id());
            }
        }
        return last;
    }

    /** Inserts events in the connection's open transaction, as another node's writer does; their ids. */
    private static List<Long> insert(java.sql.Connection c, List<NewLogEvent> events) throws Exception {
        List<Long> ids = new java.util.ArrayList<>();
        try (var ps = c.prepareStatement("INSERT INTO interaction_event (occurred_at, event_type, interaction_id,"
                + " agent_id, queue_id, customer_id, actor, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            for (NewLogEvent e : events) {
                Sql.setTime(ps, 1, e.at());
                ps.setString(2, e.type().name());
                ps.setString(3, e.interactionId());
                ps.setString(4, e.agentId());
                ps.setString(5, e.queueId());
                ps.setString(6, e.customerId());
                ps.setString(7, e.actor());
                ps.setString(8, LogEventRows.json(e.details()));
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    ids.add(keys.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Every stored sum row with its figures. */
    private static Map<String, List<Long>> buckets(StoreServices s) {
        return s.database().read("report sums", c -> {
            Map<String, List<Long>> out = new java.util.TreeMap<>();
            try (var ps = c.prepareStatement("SELECT * FROM report_bucket"); var rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Long> m = new java.util.ArrayList<>();
                    for (int i = 5; i <= columns; i++) {
                        m.add(rs.getLong(i));
                    }
                    out.put(rs.getString("granularity") + " " + rs.getString("dimension") + " "
                            + rs.getTimestamp("bucket_start").toInstant() + " " + rs.getString("group_key"), m);
                }
            }
            return out;
        });
    }

    private static long sum(StoreServices s, String column, String dimension) {
        return s.database().read("a report sum", c -> {
            try (var ps = c.prepareStatement("SELECT COALESCE(SUM(" + column + "), 0) FROM report_bucket"
                    + " WHERE granularity = 'D' AND dimension = ?")) {
                ps.setString(1, dimension);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Each agent's time between consecutive state changes in log (id) order, the last one still open. */
    private static long loggedInMillis(StoreServices s) {
        return s.database().read("agents' changes", c -> {
            long total = 0;
            try (var ps = c.prepareStatement("SELECT agent_id, occurred_at FROM interaction_event"
                    + " WHERE event_type = 'AGENT_STATE_CHANGED' ORDER BY agent_id, id"); var rs = ps.executeQuery()) {
                String agent = null;
                java.time.Instant since = null;
                while (rs.next()) {
                    java.time.Instant t = rs.getTimestamp(2).toInstant();
                    if (rs.getString(1).equals(agent)) {
                        total += Math.max(0, t.toEpochMilli() - since.toEpochMilli());
                    }
                    agent = rs.getString(1);
                    since = t;
                }
            }
            return total;
        });
    }

    @Test
    void crudConflictsLookupsAndSearchWorkTheSame() {
        Customer c = store.customers().create(new CustomerDraft("Pg_%Test 'Quote'", Tier.A, null, null, "PG-1",
                List.of("pg"), Map.of("k", "v"), null));
        store.customers().addContact(c.id(), new ContactDraft("Paula", null, List.of(org.openucc.crm.Phone.of("040 7654321")),
                List.of("Paula@PG.example"), "paula-pg"));
        store.customers().update(c.id(), 1, CustomerDraft.of("Pg_%Test 'Quote'", Tier.VIP, "PG-1"));
        assertThatThrownBy(() -> store.customers().update(c.id(), 1, CustomerDraft.of("Lost", Tier.B, "PG-1")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.customers().create(CustomerDraft.of("Dup", Tier.B, "PG-1")))
                .isInstanceOf(ConflictException.class);
        for (LookupKey key : List.of(LookupKey.phone("+49 40 765 4321"), LookupKey.email("paula@pg.EXAMPLE"),
                LookupKey.accountNumber("PG-1"), LookupKey.chatIdentity("paula-pg"))) {
            assertThat(store.customers().lookup(key)).as(key.toString()).get()
                    .extracting(m -> m.customer().id()).isEqualTo(c.id());
        }
        assertThat(store.customers().search(CustomerQuery.byName("pg_%"), PageRequest.first(5)).items())
                .extracting(CustomerSummary::id).containsExactly(c.id());
        assertThat(store.customers().search(CustomerQuery.byPhone("040 76543"), PageRequest.first(5)).items())
                .extracting(CustomerSummary::id).containsExactly(c.id());
        store.tasks().add(c.id(), new TaskDraft("undated", null, "a", null));
        store.tasks().add(c.id(), new TaskDraft("dated", clock.instant().plus(Duration.ofDays(1)), "a", null));
        assertThat(store.tasks().tasks(c.id(), true, PageRequest.first(5)).items()).extracting(t -> t.subject())
                .as("tasks without a due date come last on PostgreSQL too").containsExactly("dated", "undated");
        store.cases().open(c.id(), new CaseDraft("low", null, null, CasePriority.LOW, null));
        store.cases().open(c.id(), new CaseDraft("urgent", null, null, CasePriority.URGENT, null));
        assertThat(store.cases().cases(c.id(), true, PageRequest.first(5)).items()).extracting(s -> s.subject())
                .containsExactly("urgent", "low");
        store.customers().delete(c.id(), 2);
        assertThat(store.customers().lookup(LookupKey.email("paula@pg.example"))).isEmpty();
    }

    @Test
    void csvImportIsAllOrNothingOrValidRows() {
        String csv = "account_number,name,tier,contact_name,phones\nPGC-1,Good,B,Gina,030 5550001\nPGC-2,Bad,Q,,\n";
        ImportReport none = store.csvImport().importCsv(new StringReader(csv), ImportMode.ALL_OR_NOTHING);
        assertThat(none.committed()).isFalse();
        assertThat(none.rejected()).extracting(RejectedRow::line).containsExactly(3L);
        assertThat(store.customers().lookup(LookupKey.accountNumber("PGC-1"))).isEmpty();
        ImportReport some = store.csvImport().importCsv(new StringReader(csv), ImportMode.VALID_ROWS);
        assertThat(some.customersCreated()).isEqualTo(1);
        assertThat(store.customers().lookup(LookupKey.phone("030 5550001"))).isPresent();
    }

    @Test
    void theLogAssignsMonotonicIdsAndFoldsCdrs() {
        List<LogEvent> events = store.interactionLog().appendAll(List.of(
                NewLogEvent.interactionCreated(clock.instant(), "pg-call", Channel.CHAT, "INBOUND", "web", "cus_x", Map.of()),
                new NewLogEvent(clock.instant().plusSeconds(5), LogEventType.QUEUED, "pg-call", null, "web", null, null, null),
                new NewLogEvent(clock.instant().plusSeconds(65), LogEventType.ABANDONED, "pg-call", null, "web", null, null,
                        Map.of("reason", "left")))).join();
        assertThat(events).extracting(LogEvent::id).isSorted().doesNotHaveDuplicates();
        LogEvent later = store.interactionLog().append(NewLogEvent.failed(null, "pg-other", "x")).join();
        assertThat(later.id()).isGreaterThan(events.get(2).id());
        var cdr = store.interactionLog().summary("pg-call").orElseThrow();
        assertThat(cdr.outcome()).isEqualTo(InteractionOutcome.ABANDONED);
        assertThat(cdr.waitMillis()).isEqualTo(60_000);
        assertThat(store.interactionLog().events(LogQuery.forCustomer("cus_x")
                .types(EnumSet.of(LogEventType.ABANDONED))).events()).hasSize(1);
        StringWriter csv = new StringWriter();
        assertThat(store.interactionLog().exportCdrCsv(clock.instant(), clock.instant().plusSeconds(1), csv))
                .as("pg-call and pg-other arrived in this second").isEqualTo(2);
        assertThat(csv.toString()).contains("pg-call").contains("pg-other");
    }
}
