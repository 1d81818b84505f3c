package org.openucc.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.Address;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.CsvImportException;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerQuery;
import org.openucc.crm.PageRequest;
import org.openucc.crm.Phone;
import org.openucc.fault.StateConflictException;
import org.openucc.interaction.Tier;
import org.openucc.routing.ManualClock;
import org.openucc.store.StoreServices;

/**
 * Calling lists on a real H2 store: every row of a CSV file becomes a record (PENDING, or FAILED with its
 * reason, reported row by row), do-not-call lists and consent are applied when rows are added, and a list can
 * come from a CRM query.
 */
class CampaignListTest {
    @TempDir
    Path dir;
    ManualClock clock = CampaignFixture.clock();
    StoreServices store;
    CampaignService campaigns;

    @BeforeEach
    void start() {
        store = CampaignFixture.start(dir, clock);
        campaigns = store.campaigns();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void everyRowOfACsvListHasAnOutcomeAndBadRowsAreReportedRowByRow() {
        campaigns.addDoNotCall("+49 30 5550001", null, "asked on a call");
        Campaign c = campaigns.create(CampaignFixture.progressive("Spring"));
        String csv = """
                phone,name,customer_id,field.offer
                030 1234567,Anna,cus_1,gold
                not a number,Bob,,
                112,Emergency,,
                +49301234567,Anna again,,
                030 5550001,On the DNC list,,
                +1 212 555 0123,Miller
                +4930777888,Carl,cus_3,silver
                """;
        ListImportReport r = campaigns.importCsv(c.id(), new StringReader(csv));

        assertThat(r.rows()).isEqualTo(7);
        assertThat(r.added()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(5);
        assertThat(r.problems()).extracting(RowProblem::row, RowProblem::field, RowProblem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, "phone", "invalid-number"),
                org.assertj.core.groups.Tuple.tuple(4L, "phone", "emergency-number"),
                org.assertj.core.groups.Tuple.tuple(5L, "phone", "duplicate"),
                org.assertj.core.groups.Tuple.tuple(6L, "phone", "dnc:internal"),
                org.assertj.core.groups.Tuple.tuple(7L, "customer_id", "missing-column"),
                org.assertj.core.groups.Tuple.tuple(7L, "field.offer", "missing-column"));
        assertThat(r.failedByReason()).isEqualTo(Map.of("invalid-number", 1L, "emergency-number", 1L, "duplicate", 1L,
                "dnc:internal", 1L, "missing-column", 1L));

        List<CampaignRecord> all = campaigns.records(c.id(), Set.of(), PageRequest.first(100)).items();
        assertThat(all).hasSize(7);
        assertThat(all).extracting(CampaignRecord::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(all).extracting(CampaignRecord::state).containsExactly(CampaignRecord.State.PENDING,
                CampaignRecord.State.FAILED, CampaignRecord.State.FAILED, CampaignRecord.State.FAILED,
                CampaignRecord.State.FAILED, CampaignRecord.State.FAILED, CampaignRecord.State.PENDING);
        CampaignRecord anna = all.get(0);
        assertThat(anna.phoneAsGiven()).isEqualTo("030 1234567");
        assertThat(anna.phone()).isEqualTo("+49301234567");
        assertThat(anna.zones()).isEqualTo("Europe/Berlin");
        assertThat(anna.customerId()).isEqualTo("cus_1");
        assertThat(anna.fields()).isEqualTo(Map.of("offer", "gold"));
        assertThat(all.get(4).reason()).isEqualTo("dnc:internal");
        assertThat(all.get(4).detail()).contains("+49305550001");
        assertThat(all.get(5).phone()).isEqualTo("+12125550123");
        assertThat(all.get(5).zones()).isEqualTo("America/New_York");

        // A second file: a number of the first one is a duplicate now.
        ListImportReport again = campaigns.importCsv(c.id(), new StringReader("phone\n+4930777888\n"));
        assertThat(again.problems()).extracting(RowProblem::reason).containsExactly("duplicate");
        assertThat(campaigns.figures(c.id(), clock.instant()).total()).isEqualTo(8);
    }

    @Test
    void aFileWithoutAPhoneColumnOrWithUnknownColumnsAddsNothing() {
        Campaign c = campaigns.create(CampaignFixture.progressive("Bad files"));
        assertThatThrownBy(() -> campaigns.importCsv(c.id(), new StringReader("name\nAnna\n")))
                .isInstanceOf(CsvImportException.class).hasMessageContaining("'phone' column");
        assertThatThrownBy(() -> campaigns.importCsv(c.id(), new StringReader("phone,colour\n+4930123456,red\n")))
                .isInstanceOf(CsvImportException.class).hasMessageContaining("colour");
        assertThat(campaigns.figures(c.id(), clock.instant()).total()).isZero();
    }

    @Test
    void aCampaignThatRequiresConsentFailsRowsWithoutIt() {
        Campaign c = campaigns.create(CampaignFixture.draft("Consent", DialingMode.PREVIEW, RetrySchedule.DEFAULTS,
                true));
        ListImportReport r = campaigns.importCsv(c.id(), new StringReader("""
                phone,consent_source,consent_at
                +4930100001,web form 17,2025-02-01T10:00:00Z
                +4930100002,,
                +4930100003,web form 18,yesterday
                """));
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.problems()).extracting(RowProblem::row, RowProblem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, "no-consent"),
                org.assertj.core.groups.Tuple.tuple(4L, "invalid-consent"),
                org.assertj.core.groups.Tuple.tuple(4L, "no-consent"));
        CampaignRecord ok = campaigns.records(c.id(), Set.of(CampaignRecord.State.PENDING), PageRequest.first(10))
                .items().get(0);
        assertThat(ok.consent()).isEqualTo(new Consent("web form 17", java.time.Instant.parse("2025-02-01T10:00:00Z")));
    }

    @Test
    void aCampaignsOwnDoNotCallListDoesNotReachOtherCampaigns() {
        Campaign a = campaigns.create(CampaignFixture.progressive("A"));
        Campaign b = campaigns.create(CampaignFixture.progressive("B"));
        campaigns.addDoNotCall("+4930200002", DoNotCallEntry.campaignList(a.id()), "customer asked");
        campaigns.importDoNotCall(new StringReader("phone,source\n+4930200003,registry 2025-03\nnope,\n"),
                "national", "registry file");
        String list = "phone\n+4930200001\n+4930200002\n+4930200003\n";
        assertThat(campaigns.importCsv(a.id(), new StringReader(list)).failedByReason())
                .isEqualTo(Map.of("dnc:campaign:" + a.id(), 1L, "dnc:national", 1L));
        assertThat(campaigns.importCsv(b.id(), new StringReader(list)).failedByReason())
                .isEqualTo(Map.of("dnc:national", 1L));
    }

    @Test
    void doNotCallFilesReportBadRowsAndKnownNumbers() {
        DoNotCallImportReport first = campaigns.importDoNotCall(new StringReader("""
                phone,source
                +4930300001,
                0049 30 300002,letter of 2 March
                12,
                """), "registry", "registry 2025-03");
        assertThat(first.added()).isEqualTo(2);
        assertThat(first.rejected()).isEqualTo(1);
        assertThat(first.problems()).extracting(RowProblem::row).containsExactly(4L);
        DoNotCallImportReport second = campaigns.importDoNotCall(new StringReader("phone\n+4930300001\n"), "registry",
                null);
        assertThat(second.added()).isZero();
        assertThat(second.alreadyListed()).isEqualTo(1);
        assertThat(campaigns.doNotCall("registry", PageRequest.first(10)).items())
                .extracting(DoNotCallEntry::phone, DoNotCallEntry::source).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("+4930300001", "registry 2025-03"),
                        org.assertj.core.groups.Tuple.tuple("+4930300002", "letter of 2 March"));
        campaigns.removeDoNotCall("registry", "+4930300001");
        assertThat(campaigns.doNotCall("registry", PageRequest.first(10)).items()).hasSize(1);
        assertThatThrownBy(() -> campaigns.removeDoNotCall("registry", "+4930300001"))
                .isInstanceOf(org.openucc.crm.NotFoundException.class);
    }

    @Test
    void aListFromACrmQueryUsesEachCustomersPrimaryPhone() {
        Customer vip = store.customers().create(new CustomerDraft("Vogel AG", Tier.VIP, null, Address.NONE, null, null,
                null, null));
        store.customers().addContact(vip.id(), new ContactDraft("Eva", null, List.of(Phone.of("030 4440001"),
                Phone.of("030 4440002")), null, null));
        Customer noPhone = store.customers().create(new CustomerDraft("Vogt GmbH", Tier.VIP, null, Address.NONE, null,
                null, null, null));
        Customer other = store.customers().create(new CustomerDraft("Zander KG", Tier.C, null, Address.NONE, null, null,
                null, null));
        store.customers().addContact(other.id(), new ContactDraft("Zoe", null, List.of(Phone.of("030 4440009")), null,
                null));
        Campaign c = campaigns.create(CampaignFixture.progressive("VIPs"));

        ListImportReport r = campaigns.addFromCrm(c.id(), new CustomerQuery(null, null, null, null, Tier.VIP, null), 100);

        assertThat(r.rows()).isEqualTo(2);
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.problems()).extracting(RowProblem::reason).containsExactly("invalid-number");
        List<CampaignRecord> records = campaigns.records(c.id(), Set.of(), PageRequest.first(10)).items();
        assertThat(records).extracting(CampaignRecord::customerId, CampaignRecord::phone, CampaignRecord::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(vip.id(), "+49304440001",
                                CampaignRecord.State.PENDING),
                        org.assertj.core.groups.Tuple.tuple(noPhone.id(), null, CampaignRecord.State.FAILED));
    }

    @Test
    void aStoppedCampaignTakesNoMoreRecords() {
        Campaign c = campaigns.create(CampaignFixture.progressive("Done"));
        campaigns.stop(c.id());
        assertThatThrownBy(() -> campaigns.importCsv(c.id(), new StringReader("phone\n+4930123456\n")))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void aNumberOfManyZonesIsStoredWithAllOfThem() {
        Campaign c = campaigns.create(CampaignFixture.progressive("Toll free"));
        ListImportReport r = campaigns.importCsv(c.id(), new StringReader("phone\n+1 800 555 0123\n"));
        assertThat(r.added()).isEqualTo(1);
        CampaignRecord tollFree = campaigns.records(c.id(), Set.of(), PageRequest.first(1)).items().get(0);
        // North American toll-free numbers reach every zone of the plan, from Guam to Bermuda.
        assertThat(tollFree.zones().split(",")).contains("Pacific/Guam", "America/New_York", "Atlantic/Bermuda");
        assertThat(tollFree.zones().length()).isGreaterThan(400);
    }

    @Test
    void manySupervisorsListingTheSameNumberAtOnceLeaveOneEntry() throws Exception {
        int threads = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<DoNotCallEntry>> added = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                added.add(pool.submit(() -> {
                    go.await();
                    return campaigns.addDoNotCall("+4930990001", null, "asked");
                }));
            }
            go.countDown();
            for (var f : added) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS).phone()).isEqualTo("+4930990001");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(campaigns.doNotCall(DoNotCallEntry.INTERNAL, PageRequest.first(10)).items()).hasSize(1);
    }
}
