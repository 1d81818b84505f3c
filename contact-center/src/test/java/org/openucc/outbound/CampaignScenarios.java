package org.openucc.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openucc.crm.PageRequest;
import org.openucc.routing.ManualClock;
import org.openucc.store.StoreServices;

/** A campaign's life on any database (the PostgreSQL test runs it; the H2 tests cover each part on their own). */
public final class CampaignScenarios {
    private CampaignScenarios() {
    }

    /**
     * A list with bad rows, a do-not-call hit at choose time, a closed window in New York, the retry schedule,
     * recovery of a DIALING record, and two nodes choosing at once; on a store whose clock is {@code clock}
     * (starting Monday 2025-03-03 09:00 UTC).
     */
    public static void aCampaignRunsToTheEndOfItsList(StoreServices store, ManualClock clock) throws Exception {
        store.startCampaigns(CampaignFixture.CENTER, CampaignFixture.QUEUES::contains);
        CampaignService campaigns = store.campaigns();
        campaigns.addDoNotCall("+4930555000", null, "asked");
        Campaign c = campaigns.create(CampaignFixture.draft("PG", DialingMode.PREDICTIVE,
                new RetrySchedule(Map.of("BUSY", 10), Set.of("sale")), false));
        StringBuilder csv = new StringBuilder("phone,name,field.offer\n");
        csv.append("+4930555000,DNC at import,x\n").append("112,Emergency,x\n").append("nope,Bad,x\n")
                .append("+12125550123,New York,x\n").append("+4930555001,Will be DNC,x\n");
        for (int i = 0; i < 200; i++) {
            csv.append("+4930").append(6_000_000 + i).append(",Row ").append(i).append(",gold\n");
        }
        ListImportReport r = campaigns.importCsv(c.id(), new StringReader(csv.toString()));
        assertThat(r.rows()).isEqualTo(205);
        assertThat(r.failedByReason()).isEqualTo(Map.of("dnc:internal", 1L, "emergency-number", 1L,
                "invalid-number", 1L));
        assertThat(campaigns.records(c.id(), Set.of(CampaignRecord.State.FAILED), PageRequest.first(10)).items())
                .extracting(CampaignRecord::line).containsExactly(2L, 3L, 4L);
        campaigns.start(c.id());
        campaigns.addDoNotCall("+4930555001", DoNotCallEntry.campaignList(c.id()), "asked on a call");

        // Two nodes race for the 200 callable Berlin numbers; New York (04:00) waits.
        CampaignService otherNode = new CampaignService(new org.openucc.store.JdbcCampaignStore(store.database()),
                new org.openucc.store.JdbcDoNotCallStore(store.database()), store.customers(),
                new org.openucc.crm.PhoneNormalizer("DE"),
                new CampaignRules(new org.openucc.crm.PhoneNormalizer("DE"), CampaignFixture.QUEUES::contains),
                new CallerTimeZones(CampaignFixture.CENTER), clock);
        List<CampaignService> nodes = List.of(campaigns, otherNode);
        ConcurrentLinkedQueue<CampaignRecord> handed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                CampaignService node = nodes.get(t % 2);
                done.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < 200; round++) {
                        List<CampaignRecord> got = node.nextToDial(c.id(), clock.instant(), 5);
                        if (got.isEmpty()) {
                            return null;
                        }
                        handed.addAll(got);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(handed).hasSize(200);
        assertThat(handed.stream().map(CampaignRecord::id).distinct().count()).isEqualTo(200);
        CampaignFigures f = campaigns.figures(c.id(), clock.instant());
        assertThat(f.waitingForWindow()).isEqualTo(1);
        assertThat(f.failedByReason()).containsEntry("dnc:campaign:" + c.id(), 1L);

        // Outcomes: half a sale, half busy (again in 10 minutes); a restart cuts one short.
        List<CampaignRecord> all = new ArrayList<>(handed);
        for (int i = 0; i < all.size() - 1; i++) {
            campaigns.recordOutcome(all.get(i).id(), i % 2 == 0 ? "sale" : "BUSY", null, clock.instant());
        }
        assertThat(campaigns.recoverDialing(c.id())).isEqualTo(1);
        clock.advance(Duration.ofMinutes(10));
        assertThat(campaigns.nextToDial(c.id(), clock.instant(), 500)).hasSize(100);
        f = campaigns.figures(c.id(), clock.instant());
        assertThat(f.done()).isEqualTo(100);
        assertThat(f.doneByOutcome()).isEqualTo(Map.of("sale", 100L));
        assertThat(f.dialing()).isEqualTo(100);
        assertThat(f.pending()).isEqualTo(1);
        CampaignRecord row0 = campaigns.records(c.id(), Set.of(CampaignRecord.State.DONE), PageRequest.first(1))
                .items().get(0);
        assertThat(row0.fields()).isEqualTo(Map.of("offer", "gold"));
    }
}
