package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.api.TestServer;
import org.openucc.crm.PageRequest;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;
import org.openucc.outbound.AmdMode;
import org.openucc.outbound.Campaign;
import org.openucc.outbound.CampaignDraft;
import org.openucc.outbound.CampaignRecord;
import org.openucc.outbound.CampaignService;
import org.openucc.outbound.CampaignState;
import org.openucc.outbound.CallingWindow;
import org.openucc.outbound.DialingMode;
import org.openucc.outbound.RecordDraft;
import org.openucc.outbound.RetrySchedule;

/**
 * Campaigns over real SIP on loopback: sipp plays the public network behind a trunk (each number's last
 * digit says whether it is busy, refused, never answered, a machine or a person), the demo agent alice
 * works the campaign with a registered test phone, and the campaign runs to the end of its list with
 * every record's outcome in its store and every attempt in the interaction log.
 */
@ExtendWith(VertxExtension.class)
class CampaignSipTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** ...1 busy, ...4 refused by the network, ...5 and ...6 people. */
    private static final List<String> NUMBERS = List.of("+49301234561", "+49301234564", "+49301234565",
            "+49301234566");

    @TempDir
    Path dataDir;
    @TempDir
    Path sippDir;

    @Test
    void aProgressiveCampaignCallsEveryRecordAndConnectsThePeopleWhoAnswerToTheAgent(Vertx vertx) throws Exception {
        try (PublicNetwork network = PublicNetwork.start(sippDir);
             TestServer server = TestServer.start(dataDir, c -> c.withSip(c.sip().withTrunks(List.of(network.trunk()))));
             TestPhone alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port())) {
            assertThat(alicePhone.register("alice-phone", 3600).getStatusCode()).isEqualTo(200);
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            CampaignService campaigns = server.contactCenter().store().campaigns();
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));

                Campaign campaign = campaigns.create(draft("Spring offer", DialingMode.PROGRESSIVE));
                campaigns.addRows(campaign.id(), NUMBERS.stream().map(n -> new RecordDraft(0, n, null, "Customer " + n,
                        Map.of(), null)).toList());
                campaigns.start(campaign.id());

                // The two people are put through to alice, one after the other: she talks, hangs up, wraps up.
                for (int talked = 0; talked < 2; talked++) {
                    int n = talked;
                    await("call " + (n + 1) + " reaches alice's phone").atMost(WAIT)
                            .until(() -> alicePhone.incoming.size() > n);
                    TestPhone.Call call = alicePhone.incoming.get(n);
                    JsonObject connected = console.next("connected");
                    assertThat(connected.getString("interactionId")).startsWith("out_");
                    assertThat(connected.getString("queueId")).isEqualTo("telesales");
                    call.bye().get(5, TimeUnit.SECONDS);
                    JsonObject wrap = console.next("wrapUpStarted");
                    JsonObject done = console.command(new JsonObject().put("type", "wrapUp")
                            .put("interactionId", wrap.getString("interactionId")).put("disposition", "sale"));
                    assertThat(done.getString("type")).as(done.encode()).isEqualTo("ack");
                }

                await("every record has its outcome and the campaign is finished").atMost(WAIT).until(() ->
                        campaigns.get(campaign.id()).state() == CampaignState.FINISHED);
                Map<String, CampaignRecord> byPhone = campaigns.records(campaign.id(), Set.of(),
                        new PageRequest(0, 100)).items().stream()
                        .collect(Collectors.toMap(CampaignRecord::phone, r -> r));
                assertThat(byPhone.get("+49301234561").lastOutcome()).isEqualTo("BUSY");
                assertThat(byPhone.get("+49301234561").state()).isEqualTo(CampaignRecord.State.FAILED);
                assertThat(byPhone.get("+49301234564").lastOutcome()).isEqualTo("FAILED");
                assertThat(byPhone.get("+49301234565").lastOutcome()).isEqualTo("sale");
                assertThat(byPhone.get("+49301234565").state()).isEqualTo(CampaignRecord.State.DONE);
                assertThat(byPhone.get("+49301234566").lastOutcome()).isEqualTo("sale");

                // Every attempt is an OUTBOUND_VOICE interaction with its DIAL_ATTEMPT in the log.
                InteractionLog log = server.contactCenter().store().interactionLog();
                List<LogEvent> attempts = log.events(new LogQuery(null, null, null, null,
                        EnumSet.of(LogEventType.DIAL_ATTEMPT), null, null, null, 100, false)).events();
                assertThat(attempts).hasSize(4);
                assertThat(attempts.stream().map(e -> String.valueOf(e.detail("result"))).sorted().toList())
                        .containsExactly("BUSY", "CONNECTED", "CONNECTED", "FAILED");
                for (LogEvent e : attempts) {
                    List<LogEvent> timeline = log.timeline(e.interactionId());
                    assertThat(timeline.get(0).type()).isEqualTo(LogEventType.INTERACTION_CREATED);
                    assertThat(timeline.get(0).detail("channel")).isEqualTo("OUTBOUND_VOICE");
                    assertThat(timeline.get(0).detail("attr.campaignId")).isEqualTo(campaign.id());
                    assertThat(timeline).anyMatch(t -> t.type() == LogEventType.ENDED);
                }
                // The historical report by campaign: the two people who answered waited in the queue and talked.
                org.openucc.reports.Reports reports = server.contactCenter().store().reports().orElseThrow();
                java.time.LocalDate today = java.time.LocalDate.now(server.contactCenter().config().reports().timeZone());
                await().atMost(WAIT).untilAsserted(() -> {
                    var table = reports.run(new org.openucc.reports.ReportRequest(today.minusDays(1), today.plusDays(1),
                            org.openucc.reports.Interval.DAY, org.openucc.reports.Dimension.CAMPAIGN));
                    assertThat(table.totals()).extracting(org.openucc.reports.ReportRow::key).containsExactly(campaign.id());
                    var row = table.totals().get(0);
                    assertThat(row.get(org.openucc.reports.Measure.OFFERED)).isEqualTo(2);
                    assertThat(row.get(org.openucc.reports.Measure.ANSWERED)).isEqualTo(2);
                    assertThat(row.get(org.openucc.reports.Measure.ABANDONED)).isZero();
                });
                // No call was ever placed while none of alice's lines was free: progressive, one line per agent.
                assertThat(alicePhone.incoming).hasSize(2);
            }
        }
    }

    @Test
    void aPersonNoAgentJoinsWithinTwoSecondsIsAbandonedWithTheIdentificationMessage(Vertx vertx) throws Exception {
        try (PublicNetwork network = PublicNetwork.start(sippDir);
             TestServer server = TestServer.start(dataDir, c -> c.withSip(c.sip().withTrunks(List.of(network.trunk()))));
             TestPhone alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port())) {
            alicePhone.mode = TestPhone.Mode.RING; // her phone rings and rings: no agent joins in time
            assertThat(alicePhone.register("alice-phone", 3600).getStatusCode()).isEqualTo(200);
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            CampaignService campaigns = server.contactCenter().store().campaigns();
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));
                Campaign campaign = campaigns.create(draft("Abandon rule", DialingMode.PROGRESSIVE));
                campaigns.addRows(campaign.id(), List.of(new RecordDraft(0, "+49301234565", null, "Person", Map.of(),
                        null)));
                campaigns.start(campaign.id());

                InteractionLog log = server.contactCenter().store().interactionLog();
                await("the attempt is abandoned").atMost(WAIT).until(() -> !log.events(new LogQuery(null, null, null,
                        null, EnumSet.of(LogEventType.DIAL_ATTEMPT), null, null, null, 10, false)).events().isEmpty());
                LogEvent attempt = log.events(new LogQuery(null, null, null, null, EnumSet.of(LogEventType.DIAL_ATTEMPT),
                        null, null, null, 10, false)).events().get(0);
                assertThat(attempt.detail("result")).isEqualTo("ABANDONED");
                assertThat(String.valueOf(attempt.detail("person"))).isEqualTo("true");
                // The dialer's attempt and the engine's ABANDONED are two appends: the latter may follow a moment later.
                List<LogEvent> timeline = await("the engine's ABANDONED").atMost(WAIT).until(
                        () -> log.timeline(attempt.interactionId()),
                        t -> t.stream().anyMatch(e -> e.type() == LogEventType.ABANDONED));
                LogEvent abandoned = timeline.stream().filter(e -> e.type() == LogEventType.ABANDONED).findFirst()
                        .orElseThrow(() -> new AssertionError("no ABANDONED in " + timeline));
                LogEvent queued = timeline.stream().filter(e -> e.type() == LogEventType.QUEUED).findFirst().orElseThrow();
                // Abandoned by the 2-second rule: not before it (the timer starts just before QUEUED), and not
                // by anything slower (her phone would ring on, the queue has no max wait).
                assertThat(Duration.between(queued.at(), abandoned.at())).isLessThan(Duration.ofSeconds(8))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
                // Alice's phone stopped ringing; the record waits for its retry.
                await().atMost(WAIT).until(() -> alicePhone.incoming.stream().allMatch(c -> c.cancelled.isDone()));
                await().atMost(WAIT).until(() -> "ABANDONED".equals(campaigns.records(campaign.id(), Set.of(),
                        new PageRequest(0, 10)).items().get(0).lastOutcome()));
                assertThat(server.contactCenter().outbound().dialer().figures(campaign.id()).toCompletableFuture()
                        .get(5, TimeUnit.SECONDS).orElseThrow().abandoned()).isEqualTo(1);
            }
        }
    }

    @Test
    void aPredictiveCampaignWithMachineDetectionLeavesMachinesAMessageAndPutsPeopleThrough(Vertx vertx)
            throws Exception {
        try (PublicNetwork network = PublicNetwork.start(sippDir);
             TestServer server = TestServer.start(dataDir, c -> c.withSip(c.sip().withTrunks(List.of(network.trunk()))));
             TestPhone alicePhone = new TestPhone("2001", "127.0.0.1", server.contactCenter().sip().port())) {
            assertThat(alicePhone.register("alice-phone", 3600).getStatusCode()).isEqualTo(200);
            ApiClient alice = ApiClient.bearer(vertx, server.port(), "alice", "alice-demo");
            CampaignService campaigns = server.contactCenter().store().campaigns();
            try (ConsoleClient console = ConsoleClient.connect(vertx, server.port(), "/ws/agent", alice.sessionHeaders())) {
                console.next("hello");
                console.command(new JsonObject().put("type", "ready"));
                Campaign campaign = campaigns.create(draft("Machines", DialingMode.PREDICTIVE, AmdMode.LEAVE_MESSAGE));
                // ...3 an answering machine, ...5 a person
                campaigns.addRows(campaign.id(), List.of(new RecordDraft(0, "+49301234563", null, "Machine", Map.of(),
                        null), new RecordDraft(0, "+49301234565", null, "Person", Map.of(), null)));
                campaigns.start(campaign.id());

                await("the person reaches alice").atMost(WAIT).until(() -> !alicePhone.incoming.isEmpty());
                JsonObject connected = console.next("connected");
                alicePhone.incoming.get(0).bye().get(5, TimeUnit.SECONDS);
                console.next("wrapUpStarted");
                console.command(new JsonObject().put("type", "wrapUp").put("interactionId",
                        connected.getString("interactionId")).put("disposition", "no-sale"));

                await("both records have their outcome").atMost(WAIT).until(() ->
                        campaigns.get(campaign.id()).state() == CampaignState.FINISHED);
                Map<String, CampaignRecord> byPhone = campaigns.records(campaign.id(), Set.of(),
                        new PageRequest(0, 10)).items().stream().collect(Collectors.toMap(CampaignRecord::phone, r -> r));
                assertThat(byPhone.get("+49301234563").lastOutcome()).isEqualTo("MACHINE");
                assertThat(byPhone.get("+49301234565").lastOutcome()).isEqualTo("no-sale");
                assertThat(alicePhone.incoming).as("the machine never rang an agent").hasSize(1);

                // Every detection is in the log with its verdict, and the audio it judged can be played.
                InteractionLog log = server.contactCenter().store().interactionLog();
                List<LogEvent> detections = log.events(new LogQuery(null, null, null, null,
                        EnumSet.of(LogEventType.MACHINE_DETECTED), null, null, null, 10, false)).events();
                assertThat(detections).hasSize(2);
                Map<String, String> verdictByRecord = detections.stream().collect(Collectors.toMap(
                        e -> String.valueOf(e.detail("recordId")), e -> String.valueOf(e.detail("verdict"))));
                assertThat(verdictByRecord.get(byPhone.get("+49301234563").id())).isEqualTo("MACHINE");
                assertThat(verdictByRecord.get(byPhone.get("+49301234565").id())).isEqualTo("HUMAN");
                LogEvent machine = detections.stream().filter(e -> "MACHINE".equals(e.detail("verdict"))).findFirst()
                        .orElseThrow();
                assertThat(machine.detail("action")).isEqualTo("LEAVE_MESSAGE");
                await("the machine's sample is indexed").atMost(WAIT).until(() -> log.timeline(machine.interactionId())
                        .stream().anyMatch(e -> e.type() == LogEventType.RECORDING_AVAILABLE));
                String sample = String.valueOf(log.timeline(machine.interactionId()).stream()
                        .filter(e -> e.type() == LogEventType.RECORDING_AVAILABLE).findFirst().orElseThrow()
                        .detail("path"));
                assertThat(Path.of(sample)).exists();
                assertThat(Files.size(Path.of(sample))).isGreaterThan(8_000); // more than half a second of audio
            }
        }
    }

    private static CampaignDraft draft(String name, DialingMode mode) {
        return draft(name, mode, AmdMode.OFF);
    }

    private static CampaignDraft draft(String name, DialingMode mode, AmdMode amd) {
        return new CampaignDraft(name, "telesales", mode, "+4930555000", 15, 3.0, 1,
                new RetrySchedule(Map.of("ABANDONED", 60), Set.of()),
                new CallingWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, EnumSet.allOf(DayOfWeek.class)), amd,
                amd == AmdMode.LEAVE_MESSAGE ? "campaign-machine-message" : null, "campaign-identification", false);
    }
}
