package org.openucc.outbound.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.outbound.pacing.PacingDecision.Reason;

class CampaignPacerTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Instant START = LocalDate.of(2026, 12, 7).atTime(9, 0).atZone(ZONE).toInstant();

    private final MutableClock clock = new MutableClock(START);

    private CampaignPacer pacer(DialingMode mode) {
        PacingConfig config = PacingConfig.defaults(mode, ZONE);
        return new CampaignPacer(config, AbandonLedger.of(config), clock);
    }

    private static CampaignSnapshot snapshot(int ready, int talking, int ringing, int answeredWaiting, InboundWork inbound) {
        List<CampaignAgent> agents = new ArrayList<>();
        for (int i = 0; i < ready; i++) {
            agents.add(CampaignAgent.ready());
        }
        for (int i = 0; i < talking; i++) {
            agents.add(CampaignAgent.talking(Duration.ofSeconds(10L * i)));
        }
        return new CampaignSnapshot(agents, Collections.nCopies(ringing, Duration.ofSeconds(3)), answeredWaiting, inbound);
    }

    /** Enough measured calls to end the warm-up: one in three answered by a person, talks of 60 s, wrap-ups of 5 s. */
    private void warmUp(CampaignPacer pacer, int answered) {
        for (int i = 0; i < answered; i++) {
            pacer.record(new DialEvent.CallPlaced());
            pacer.record(new DialEvent.CallAnswered(Duration.ofSeconds(5 + i % 15)));
            pacer.record(new DialEvent.ConnectedToAgent(Duration.ZERO));
            pacer.record(new DialEvent.TalkEnded(Duration.ofSeconds(20 + (i * 37) % 80)));
            pacer.record(new DialEvent.WrapUpEnded(Duration.ofSeconds(5)));
            for (int j = 0; j < 2; j++) {
                pacer.record(new DialEvent.CallPlaced());
                pacer.record(new DialEvent.CallNotAnswered(DialEvent.Outcome.NO_ANSWER, Duration.ofSeconds(25)));
            }
        }
    }

    @Test
    void aPreviewCampaignPlacesNoCall() {
        PacingDecision d = pacer(DialingMode.PREVIEW).decide(snapshot(5, 0, 0, 0, InboundWork.NONE));

        assertThat(d.callsToPlace()).isZero();
        assertThat(d.reason()).isEqualTo(Reason.PREVIEW);
    }

    @Test
    void progressivePlacesOneLinePerReadyAgentMinusCallsInFlight() {
        CampaignPacer pacer = pacer(DialingMode.PROGRESSIVE);

        assertThat(pacer.decide(snapshot(5, 3, 2, 1, InboundWork.NONE)).callsToPlace()).isEqualTo(2);
        assertThat(pacer.decide(snapshot(2, 3, 3, 0, InboundWork.NONE)).callsToPlace()).isZero();
        assertThat(pacer.decide(snapshot(0, 8, 0, 0, InboundWork.NONE)).callsToPlace()).isZero();
    }

    @Test
    void inboundWaitingPastTheThresholdStopsNewCallsInEveryDialingMode() {
        InboundWork longWait = new InboundWork(1, Duration.ofSeconds(10), false);
        InboundWork atRisk = new InboundWork(3, Duration.ofSeconds(1), true);
        for (DialingMode mode : List.of(DialingMode.PROGRESSIVE, DialingMode.PREDICTIVE)) {
            CampaignPacer pacer = pacer(mode);
            warmUp(pacer, 100);
            for (InboundWork inbound : List.of(longWait, atRisk)) {
                PacingDecision d = pacer.decide(snapshot(6, 10, 0, 0, inbound));
                assertThat(d.callsToPlace()).as("%s with %s", mode, inbound).isZero();
                assertThat(d.reason()).isEqualTo(Reason.INBOUND_BACK_OFF);
            }
        }
    }

    @Test
    void inboundWaitingUnderTheThresholdTakesItsAgentsFirstAndStopsOverDialling() {
        CampaignPacer pacer = pacer(DialingMode.PREDICTIVE);
        warmUp(pacer, 100);
        InboundWork two = new InboundWork(2, Duration.ofSeconds(3), false);

        PacingDecision d = pacer.decide(snapshot(6, 10, 1, 0, two));

        assertThat(d.reason()).isEqualTo(Reason.INBOUND_WAITING);
        assertThat(d.callsToPlace()).isEqualTo(6 - 2 - 1);
    }

    @Test
    void predictiveIsProgressiveUntilEnoughCallsWereMeasured() {
        CampaignPacer pacer = pacer(DialingMode.PREDICTIVE);
        warmUp(pacer, 29);

        PacingDecision d = pacer.decide(snapshot(4, 16, 1, 0, InboundWork.NONE));

        assertThat(d.reason()).isEqualTo(Reason.WARM_UP);
        assertThat(d.callsToPlace()).isEqualTo(3);
    }

    @Test
    void predictiveOverDialsForAgentsAboutToFreeUpWhenTheBudgetAllows() {
        CampaignPacer pacer = pacer(DialingMode.PREDICTIVE);
        warmUp(pacer, 300);

        PacingDecision d = pacer.decide(snapshot(2, 18, 0, 0, InboundWork.NONE));

        assertThat(d.reason()).isEqualTo(Reason.PREDICTIVE);
        assertThat(d.callsToPlace()).isGreaterThan(2);
        assertThat(d.expectedAbandonRatio()).isLessThanOrEqualTo(d.allowedAbandonRatio());
        assertThat(d.budget()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void predictiveFallsBackToProgressiveWhenTheAbandonBudgetIsSpent() {
        PacingConfig config = PacingConfig.defaults(DialingMode.PREDICTIVE, ZONE);
        AbandonLedger ledger = AbandonLedger.of(config);
        CampaignPacer pacer = new CampaignPacer(config, ledger, clock);
        warmUp(pacer, 300);
        // 300 answered today allow 9 abandoned; 9 happened (the rest of the 30 days were clean)
        ledger.addDay(LocalDate.of(2026, 11, 20), 5000, 0);
        ledger.addDay(LocalDate.of(2026, 12, 7), 0, 0);
        for (int i = 0; i < 9; i++) {
            pacer.record(new DialEvent.CallAbandoned(Duration.ofSeconds(2)));
        }

        PacingDecision d = pacer.decide(snapshot(2, 18, 0, 0, InboundWork.NONE));

        assertThat(d.reason()).isEqualTo(Reason.BUDGET_LOW);
        assertThat(d.budget()).isLessThan(1);
        assertThat(d.callsToPlace()).isEqualTo(2);
    }

    @Test
    void aSmallBudgetAimsLowerThanAFullOne() {
        CampaignPacer full = pacer(DialingMode.PREDICTIVE);
        warmUp(full, 1000);
        CampaignPacer tight = pacer(DialingMode.PREDICTIVE);
        warmUp(tight, 1000);
        for (int i = 0; i < 28; i++) {
            tight.record(new DialEvent.CallAbandoned(Duration.ofSeconds(2)));
        }

        PacingDecision roomy = full.decide(snapshot(3, 40, 0, 0, InboundWork.NONE));
        PacingDecision careful = tight.decide(snapshot(3, 40, 0, 0, InboundWork.NONE));

        assertThat(careful.budget()).isLessThan(full.config().budgetComfort());
        assertThat(careful.allowedAbandonRatio()).isLessThan(roomy.allowedAbandonRatio());
        assertThat(careful.callsToPlace()).isLessThan(roomy.callsToPlace());
    }

    @Test
    void withUnderTwoAbandonedCallsOfBudgetItNeverOverDialsPastTheWorstCase() {
        CampaignPacer pacer = pacer(DialingMode.PREDICTIVE);
        warmUp(pacer, 1000);
        // 1,029 answered today, 29 abandoned: 30.87 - 29 = 1.87 abandoned calls of budget; if every call beyond the
        // ready agents were abandoned, one more keeps the rate at 30 / 1,030 = 2.9 %, two would make 3.01 %
        for (int i = 0; i < 29; i++) {
            pacer.record(new DialEvent.CallAbandoned(Duration.ofSeconds(2)));
        }

        PacingDecision d = pacer.decide(snapshot(3, 40, 2, 0, InboundWork.NONE));

        assertThat(d.budget()).isBetween(1.0, 2.0);
        assertThat(d.reason()).isEqualTo(Reason.PREDICTIVE);
        assertThat(d.callsToPlace() + d.callsInFlight() - d.readyAgents()).as("calls beyond the ready agents").isEqualTo(1);
    }

    @Test
    void onACampaignsFirstDayTheCallsUnderWayCanNeverPushTheRateOverTheLimit() {
        CampaignPacer pacer = pacer(DialingMode.PREDICTIVE);
        warmUp(pacer, 200);
        // 200 answered, none abandoned, no history: 6 abandoned calls of room (6 of 206 is 2.9 %, 7 of 207 is 3.4 %)

        PacingDecision d = pacer.decide(snapshot(3, 60, 0, 0, InboundWork.NONE));

        assertThat(d.reason()).isEqualTo(Reason.PREDICTIVE);
        assertThat(d.callsToPlace() + d.callsInFlight() - d.readyAgents()).as("calls beyond the ready agents").isEqualTo(6);
    }

    @Test
    void callsAnsweredByAPersonGoToTheLedgerAndMachinesDoNot() {
        CampaignPacer pacer = pacer(DialingMode.PREDICTIVE);
        pacer.record(new DialEvent.CallAnswered(Duration.ofSeconds(6)));
        pacer.record(new DialEvent.ConnectedToAgent(Duration.ofMillis(300)));
        pacer.record(new DialEvent.CallAnswered(Duration.ofSeconds(7)));
        pacer.record(new DialEvent.CallAbandoned(Duration.ofSeconds(2)));
        pacer.record(new DialEvent.CallAnswered(Duration.ofSeconds(8)));
        pacer.record(new DialEvent.MachineDetected());

        assertThat(pacer.ledger().answeredByPerson(clock.instant())).isEqualTo(2);
        assertThat(pacer.ledger().abandoned(clock.instant())).isEqualTo(1);
        assertThat(pacer.statistics().answerRate()).isEqualTo(1.0);
        assertThat(pacer.statistics().liveAnswerRate()).isCloseTo(2.0 / 3, org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void badSettingsAndEventsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> PacingConfig.defaults(DialingMode.PREDICTIVE, ZONE).withRingTimeout(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 15 s");
        assertThatThrownBy(() -> PacingConfig.defaults(DialingMode.PREDICTIVE, ZONE).withAbandonLimit(0.03, 0.05))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetAbandonRate");
        assertThatThrownBy(() -> new DialEvent.TalkEnded(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("talk time");
        assertThatThrownBy(() -> new CampaignSnapshot(List.of(), List.of(), -1, InboundWork.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
