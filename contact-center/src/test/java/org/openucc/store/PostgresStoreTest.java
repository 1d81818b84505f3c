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
