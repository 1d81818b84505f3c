package org.openucc.outbound.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Pacing's promises over arbitrary campaign states. */
class PacingProperties {
    private static final ZoneId ZONE = ZoneId.of("UTC");

    @Provide
    Arbitrary<CampaignSnapshot> snapshots() {
        Arbitrary<CampaignAgent> agent = Combinators.combine(Arbitraries.of(AgentActivity.class),
                Arbitraries.integers().between(0, 600)).as((a, s) -> new CampaignAgent(a, Duration.ofSeconds(s)));
        Arbitrary<List<Duration>> ringing = Arbitraries.integers().between(0, 30).map(Duration::ofSeconds).list().ofMaxSize(60);
        Arbitrary<InboundWork> inbound = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 30), Arbitraries.of(true, false))
                .as((n, s, risk) -> n == 0 ? InboundWork.NONE : new InboundWork(n, Duration.ofSeconds(s), risk));
        return Combinators.combine(agent.list().ofMaxSize(40), ringing, Arbitraries.integers().between(0, 5), inbound)
                .as(CampaignSnapshot::new);
    }

    private static CampaignPacer warmedUp(DialingMode mode, int seed) {
        PacingConfig config = PacingConfig.defaults(mode, ZONE);
        CampaignPacer pacer = new CampaignPacer(config, AbandonLedger.of(config), () -> Instant.parse("2026-12-07T10:00:00Z"));
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < 400; i++) {
            pacer.record(new DialEvent.CallPlaced());
            if (random.nextDouble() < 0.3) {
                pacer.record(new DialEvent.CallAnswered(Duration.ofMillis(5000 + random.nextInt(15_000))));
                pacer.record(random.nextDouble() < 0.02 ? new DialEvent.CallAbandoned(Duration.ofSeconds(2))
                        : new DialEvent.ConnectedToAgent(Duration.ZERO));
                pacer.record(new DialEvent.TalkEnded(Duration.ofSeconds(1 + random.nextInt(180))));
                pacer.record(new DialEvent.WrapUpEnded(Duration.ofSeconds(5)));
            } else {
                pacer.record(new DialEvent.CallNotAnswered(DialEvent.Outcome.NO_ANSWER, Duration.ofSeconds(25)));
            }
        }
        return pacer;
    }

    @Property
    void progressiveNeverHasMoreCallsInFlightThanReadyAgents(@ForAll("snapshots") CampaignSnapshot now,
            @ForAll @IntRange(min = 0, max = 3) int seed) {
        PacingDecision d = warmedUp(DialingMode.PROGRESSIVE, seed).decide(now);

        assertThat(d.callsToPlace()).isGreaterThanOrEqualTo(0);
        if (d.callsToPlace() > 0) {
            assertThat(now.callsInFlight() + d.callsToPlace()).isLessThanOrEqualTo(now.count(AgentActivity.READY));
        }
    }

    @Property
    void predictivePlacesAtLeastWhatProgressiveWouldAndNoMoreThanItsLines(@ForAll("snapshots") CampaignSnapshot now,
            @ForAll @IntRange(min = 0, max = 3) int seed) {
        PacingDecision progressive = warmedUp(DialingMode.PROGRESSIVE, seed).decide(now);
        PacingDecision predictive = warmedUp(DialingMode.PREDICTIVE, seed).decide(now);

        assertThat(predictive.callsToPlace()).isGreaterThanOrEqualTo(progressive.callsToPlace());
        long available = now.agents().stream().filter(a -> a.activity() == AgentActivity.READY
                || a.activity() == AgentActivity.TALKING || a.activity() == AgentActivity.WRAP_UP).count();
        assertThat(predictive.callsToPlace()).isLessThanOrEqualTo((int) Math.max(progressive.callsToPlace(), 5 * available));
    }

    @Property
    void inboundPastTheThresholdAlwaysStopsOutbound(@ForAll("snapshots") CampaignSnapshot now,
            @ForAll @IntRange(min = 10, max = 300) int waitedSeconds, @ForAll @IntRange(min = 0, max = 3) int seed) {
        CampaignSnapshot blended = new CampaignSnapshot(now.agents(), now.ringing(), now.answeredWaiting(),
                new InboundWork(1, Duration.ofSeconds(waitedSeconds), false));

        for (DialingMode mode : DialingMode.values()) {
            assertThat(warmedUp(mode, seed).decide(blended).callsToPlace()).isZero();
        }
    }
}
