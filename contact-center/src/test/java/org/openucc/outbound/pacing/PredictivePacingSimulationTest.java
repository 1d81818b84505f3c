package org.openucc.outbound.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pacer driven by the discrete-event simulation (simulated time, seeded randomness): 20 agents, 30 %
 * answered, rings of 5–20 s, talk exponential with mean 60 s, wrap-up 5 s; short shifts keep the test quick.
 */
class PredictivePacingSimulationTest {
    private static final Duration SHIFT = Duration.ofMinutes(45);

    private static PacingConfig config(DialingMode mode) {
        return PacingConfig.defaults(mode, DialerSimulation.zone());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void predictiveKeepsTheThirtyDayAbandonRateUnderTheLimitAndOutworksProgressive(long seed) {
        DialerSimulation.Settings settings = DialerSimulation.Settings.of(20, 2, seed).withShift(SHIFT);

        DialerSimulation.Result predictive = DialerSimulation.run(config(DialingMode.PREDICTIVE), settings);
        DialerSimulation.Result progressive = DialerSimulation.run(config(DialingMode.PROGRESSIVE), settings);

        assertThat(predictive.abandoned()).as("predictive over-dials, so some calls are abandoned").isPositive();
        assertThat(predictive.highestDailyRate30Days()).as("30-day rate at every decision").isLessThanOrEqualTo(0.03);
        assertThat(predictive.abandonRate30Days()).isLessThanOrEqualTo(0.03);
        assertThat(predictive.occupancy()).isGreaterThan(progressive.occupancy() + 0.15);
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void progressiveNeverHasMoreCallsInFlightThanReadyAgentsAndAbandonsNobody(long seed) {
        DialerSimulation.Result progressive = DialerSimulation.run(config(DialingMode.PROGRESSIVE),
                DialerSimulation.Settings.of(20, 1, seed).withShift(SHIFT).withMachineShare(0.2));

        assertThat(progressive.mostInFlightOverReady()).isLessThanOrEqualTo(0);
        assertThat(progressive.abandoned()).isZero();
        assertThat(progressive.machines()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 7})
    void aCampaignThatStartsOverTheLimitDialsProgressiveUntilItsThirtyDaysAreBackUnder(long seed) {
        PacingConfig config = config(DialingMode.PREDICTIVE);
        AbandonLedger ledger = AbandonLedger.of(config);
        // yesterday went badly: 4 % (stored counts, as the runtime seeds them from the interaction log)
        ledger.addDay(DialerSimulation.firstDay().minusDays(1), 1000, 40);

        DialerSimulation.Result r = DialerSimulation.run(config, DialerSimulation.Settings.of(20, 1, seed).withShift(SHIFT),
                ledger);

        assertThat(r.abandonRate30Days()).isLessThanOrEqualTo(0.03);
        // the 30-day rate can only fall from 4 %: no abandon before today's answers paid yesterday's debt
        assertThat(r.highestDailyRate30Days()).isLessThanOrEqualTo(0.04);
        assertThat(r.liveAnswers()).isGreaterThan(367);
    }
}
