package org.openucc.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.PageRequest;
import org.openucc.crm.PhoneNormalizer;
import org.openucc.fault.StateConflictException;
import org.openucc.routing.ManualClock;
import org.openucc.store.JdbcCampaignStore;
import org.openucc.store.JdbcDoNotCallStore;
import org.openucc.store.StoreServices;

/**
 * The record chooser on a real H2 store: due records in the callee's calling window, oldest due first,
 * do-not-call checked again before dialing, the retry schedule after each outcome, recovery of DIALING
 * records, and no record handed out twice however many dialers ask at once.
 */
class CampaignChooserTest {
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

    private Campaign running(CampaignDraft draft, String csv) {
        Campaign c = campaigns.create(draft);
        campaigns.importCsv(c.id(), new StringReader(csv));
        return campaigns.start(c.id());
    }

    @Test
    void onlyARunningCampaignHandsOutRecords() {
        Campaign c = campaigns.create(CampaignFixture.progressive("Draft"));
        campaigns.importCsv(c.id(), new StringReader("phone\n+4930100001\n"));
        assertThat(campaigns.nextToDial(c.id(), clock.instant(), 5)).isEmpty();
        campaigns.start(c.id());
        campaigns.pause(c.id());
        assertThat(campaigns.nextToDial(c.id(), clock.instant(), 5)).isEmpty();
        campaigns.start(c.id());
        assertThat(campaigns.nextToDial(c.id(), clock.instant(), 5)).hasSize(1);
    }

    @Test
    void recordsAreHandedOutOnceAsDialingWithTheirAttemptCounted() {
        Campaign c = running(CampaignFixture.progressive("P"), "phone\n+4930100001\n+4930100002\n+4930100003\n");
        List<CampaignRecord> first = campaigns.nextToDial(c.id(), clock.instant(), 2);
        assertThat(first).extracting(CampaignRecord::phone).containsExactly("+4930100001", "+4930100002");
        assertThat(first).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(CampaignRecord.State.DIALING);
            assertThat(r.attempts()).isEqualTo(1);
        });
        assertThat(campaigns.record(first.get(0).id()).state()).isEqualTo(CampaignRecord.State.DIALING);
        assertThat(campaigns.nextToDial(c.id(), clock.instant(), 5)).extracting(CampaignRecord::phone)
                .containsExactly("+4930100003");
        assertThat(campaigns.nextToDial(c.id(), clock.instant(), 5)).isEmpty();
    }

    @Test
    void aNumberPutOnADoNotCallListAfterTheImportIsNotDialed() {
        Campaign c = running(CampaignFixture.progressive("DNC"), "phone\n+4930100001\n+4930100002\n+4930100003\n");
        campaigns.addDoNotCall("+4930100001", null, "customer asked");
        campaigns.addDoNotCall("+4930100002", DoNotCallEntry.campaignList(c.id()), "customer asked");

        List<CampaignRecord> chosen = campaigns.nextToDial(c.id(), clock.instant(), 5);

        assertThat(chosen).extracting(CampaignRecord::phone).containsExactly("+4930100003");
        Map<String, Long> failed = campaigns.figures(c.id(), clock.instant()).failedByReason();
        assertThat(failed).isEqualTo(Map.of("dnc:internal", 1L, "dnc:campaign:" + c.id(), 1L));
    }

    @Test
    void recordsWhoseCalleesWindowIsClosedWaitAndAreCountedAsSuch() {
        // 09:00 UTC on a Monday: 10:00 in Berlin (open), 04:00 in New York (closed).
        Campaign c = running(CampaignFixture.progressive("Zones"), "phone\n+12125550123\n+4930100001\n");
        List<CampaignRecord> chosen = campaigns.nextToDial(c.id(), clock.instant(), 5);
        assertThat(chosen).extracting(CampaignRecord::phone).containsExactly("+4930100001");
        CampaignFigures f = campaigns.figures(c.id(), clock.instant());
        assertThat(f.pending()).isEqualTo(1);
        assertThat(f.due()).isEqualTo(1);
        assertThat(f.waitingForWindow()).isEqualTo(1);
        assertThat(f.dialing()).isEqualTo(1);
        assertThat(f.left()).isEqualTo(2);

        // 14:00 UTC: 09:00 in New York (EST).
        clock.advance(Duration.ofHours(5));
        assertThat(campaigns.nextToDial(c.id(), clock.instant(), 5)).extracting(CampaignRecord::phone)
                .containsExactly("+12125550123");
        assertThat(campaigns.figures(c.id(), clock.instant()).waitingForWindow()).isZero();
    }

    @Test
    void theRetryScheduleDecidesWhatFollowsEachOutcome() {
        RetrySchedule schedule = new RetrySchedule(Map.of("BUSY", 10, "callback-later", 120),
                Set.of("sale", "not-interested", "FAILED"));
        Campaign c = running(CampaignFixture.draft("Retry", DialingMode.PREDICTIVE, schedule, false),
                "phone\n+4930100001\n+4930100002\n+4930100003\n+4930100004\n");
        Instant now = clock.instant();
        List<CampaignRecord> r = campaigns.nextToDial(c.id(), now, 4);

        CampaignRecord busy = campaigns.recordOutcome(r.get(0).id(), "BUSY", null, now);
        assertThat(busy.state()).isEqualTo(CampaignRecord.State.PENDING);
        assertThat(busy.nextAttemptAt()).isEqualTo(now.plus(Duration.ofMinutes(10)));
        assertThat(busy.lastOutcome()).isEqualTo("BUSY");
        CampaignRecord sale = campaigns.recordOutcome(r.get(1).id(), "sale", "two boxes", now);
        assertThat(sale.state()).isEqualTo(CampaignRecord.State.DONE);
        CampaignRecord trunk = campaigns.recordOutcome(r.get(2).id(), "FAILED", "503 from the trunk", now);
        assertThat(trunk.state()).isEqualTo(CampaignRecord.State.FAILED);
        assertThat(trunk.reason()).isEqualTo("FAILED");
        Instant agentsTime = now.plus(Duration.ofHours(3));
        CampaignRecord callback = campaigns.recordOutcome(r.get(3).id(), "callback-later", null, now, agentsTime);
        assertThat(callback.nextAttemptAt()).isEqualTo(agentsTime);

        assertThatThrownBy(() -> campaigns.recordOutcome(r.get(1).id(), "sale", null, now))
                .isInstanceOf(StateConflictException.class);
        // Not due before its time…
        clock.advance(Duration.ofMinutes(9));
        assertThat(campaigns.nextToDial(c.id(), clock.instant(), 5)).isEmpty();
        // …then attempts 2 and 3 of the busy number; after the third there is none left.
        clock.advance(Duration.ofMinutes(1));
        CampaignRecord second = campaigns.nextToDial(c.id(), clock.instant(), 5).get(0);
        assertThat(second.id()).isEqualTo(busy.id());
        assertThat(second.attempts()).isEqualTo(2);
        campaigns.recordOutcome(second.id(), "BUSY", null, clock.instant());
        clock.advance(Duration.ofMinutes(10));
        CampaignRecord third = campaigns.nextToDial(c.id(), clock.instant(), 5).get(0);
        assertThat(third.attempts()).isEqualTo(3);
        CampaignRecord last = campaigns.recordOutcome(third.id(), "BUSY", null, clock.instant());
        assertThat(last.state()).isEqualTo(CampaignRecord.State.FAILED);
        assertThat(last.reason()).isEqualTo("max-attempts");

        CampaignFigures f = campaigns.figures(c.id(), clock.instant());
        assertThat(f.done()).isEqualTo(1);
        assertThat(f.doneByOutcome()).isEqualTo(Map.of("sale", 1L));
        assertThat(f.failedByReason()).isEqualTo(Map.of("FAILED", 1L, "max-attempts", 1L));
        assertThat(f.pending()).isEqualTo(1);
    }

    @Test
    void dialingRecordsComeBackAfterARestart() {
        Campaign c = running(CampaignFixture.progressive("Restart"), "phone\n+4930100001\n+4930100002\n");
        Instant now = clock.instant();
        List<CampaignRecord> r = campaigns.nextToDial(c.id(), now, 2);
        // The second record's attempt was its last: the campaign allows one attempt from now on.
        CampaignDraft oneAttempt = CampaignFixture.progressive("Restart");
        oneAttempt = new CampaignDraft(oneAttempt.name(), oneAttempt.queueId(), oneAttempt.mode(), oneAttempt.callerId(),
                oneAttempt.ringTimeoutSeconds(), oneAttempt.abandonLimitPercent(), 1, oneAttempt.retrySchedule(),
                oneAttempt.window(), oneAttempt.amdMode(), null, oneAttempt.identificationPromptId(), false);
        campaigns.recordOutcome(r.get(0).id(), "NO_ANSWER", null, now);
        campaigns.update(c.id(), campaigns.get(c.id()).version(), oneAttempt);

        // A new service on the same database, as after a restart.
        StoreServices again = store;
        CampaignService restarted = new CampaignService(new JdbcCampaignStore(again.database()),
                new JdbcDoNotCallStore(again.database()), again.customers(), new PhoneNormalizer("DE"),
                new CampaignRules(new PhoneNormalizer("DE"), CampaignFixture.QUEUES::contains),
                new CallerTimeZones(CampaignFixture.CENTER), clock);
        assertThat(restarted.recoverDialing(c.id())).isZero();
        CampaignRecord second = restarted.record(r.get(1).id());
        assertThat(second.state()).isEqualTo(CampaignRecord.State.FAILED);
        assertThat(second.reason()).isEqualTo("max-attempts");
        assertThat(second.lastOutcome()).isEqualTo("INTERRUPTED");
    }

    @Test
    void aDialingRecordWithAttemptsLeftIsDueAgainAfterARestart() {
        Campaign c = running(CampaignFixture.progressive("Restart 2"), "phone\n+4930100001\n");
        CampaignRecord r = campaigns.nextToDial(c.id(), clock.instant(), 1).get(0);
        assertThat(campaigns.recoverDialing(c.id())).isEqualTo(1);
        CampaignRecord back = campaigns.nextToDial(c.id(), clock.instant(), 1).get(0);
        assertThat(back.id()).isEqualTo(r.id());
        assertThat(back.attempts()).isEqualTo(2);
    }

    @Test
    void concurrentChoosersOnTwoNodesNeverHandOutARecordTwice() throws Exception {
        int records = 600;
        StringBuilder csv = new StringBuilder("phone\n");
        for (int i = 0; i < records; i++) {
            csv.append("+4930").append(5_000_000 + i).append('\n');
        }
        Campaign c = running(CampaignFixture.progressive("Race"), csv.toString());
        // A second node: its own service (own in-process lock) on the same database.
        CampaignService otherNode = new CampaignService(new JdbcCampaignStore(store.database()),
                new JdbcDoNotCallStore(store.database()), store.customers(), new PhoneNormalizer("DE"),
                new CampaignRules(new PhoneNormalizer("DE"), CampaignFixture.QUEUES::contains),
                new CallerTimeZones(CampaignFixture.CENTER), clock);
        List<CampaignService> nodes = List.of(campaigns, otherNode);
        ConcurrentLinkedQueue<String> handed = new ConcurrentLinkedQueue<>();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                CampaignService node = nodes.get(t % 2);
                done.add(pool.submit(() -> {
                    go.await();
                    // Bounded: at most records/1 rounds, each takes at least one record or ends.
                    for (int round = 0; round < records; round++) {
                        List<CampaignRecord> got = node.nextToDial(c.id(), clock.instant(), 7);
                        if (got.isEmpty()) {
                            return null;
                        }
                        got.forEach(r -> handed.add(r.id()));
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
        assertThat(handed).hasSize(records);
        assertThat(Set.copyOf(handed)).hasSize(records);
        assertThat(campaigns.records(c.id(), Set.of(CampaignRecord.State.DIALING), PageRequest.first(1000)).items())
                .hasSize(records);
    }

    @Test
    void aRecordHandedBackUndialledIsDueAgainWithoutTheAttemptCountedAndSkippedIsRetriedTheNextDay() {
        Campaign c = running(CampaignFixture.progressive("Preview"), "phone\n+4930100001\n+4930100002\n");
        CampaignRecord first = campaigns.nextToDial(c.id(), clock.instant(), 1).get(0);
        Instant later = clock.instant().plus(Duration.ofHours(2));
        CampaignRecord back = campaigns.release(first.id(), "CALLBACK", "agent alice calls back", clock.instant(), later);
        assertThat(back.state()).isEqualTo(CampaignRecord.State.PENDING);
        assertThat(back.attempts()).isZero();
        assertThat(back.lastOutcome()).isEqualTo("CALLBACK");
        assertThat(campaigns.record(first.id()).nextAttemptAt()).isEqualTo(later.truncatedTo(ChronoUnit.MICROS));
        assertThatThrownBy(() -> campaigns.release(first.id(), null, null, clock.instant(), null))
                .isInstanceOf(StateConflictException.class).hasMessageContaining("not DIALING");

        CampaignRecord second = campaigns.nextToDial(c.id(), clock.instant(), 1).get(0);
        assertThat(second.phone()).as("the released record is not due yet").isEqualTo("+4930100002");
        CampaignRecord skipped = campaigns.recordOutcome(second.id(), RetrySchedule.SKIPPED, "skipped", clock.instant());
        assertThat(skipped.state()).isEqualTo(CampaignRecord.State.PENDING);
        assertThat(skipped.nextAttemptAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS)
                .plus(Duration.ofDays(1)));
    }
}
