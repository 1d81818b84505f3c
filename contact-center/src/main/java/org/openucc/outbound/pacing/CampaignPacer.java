package org.openucc.outbound.pacing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import org.openucc.outbound.pacing.PacingDecision.Reason;

/**
 * Decides how many calls one campaign places now. The runtime calls {@link #decide(CampaignSnapshot)} on
 * every tick (~200 ms) and after every event, places that many calls, and reports what happens to each
 * call through {@link #record(DialEvent)}. Plain Java, no I/O, no threads: it belongs to the campaign's owner
 * thread.
 *
 * <p>Rules, in order: a preview campaign places nothing (its agents dial); inbound work that waited past the
 * threshold, or whose service level is at risk, stops new calls; inbound work waiting under the threshold
 * takes its agents first and pacing is progressive; progressive places one call per ready agent minus calls
 * in flight; predictive is progressive until {@link PacingConfig#warmUpLiveAnswers()} people answered and while
 * the 30-day abandon budget is under one call, and otherwise over-dials (see {@link AbandonRisk} and
 * {@link AbandonFeedback}) as far as the expected abandon ratio stays under
 * {@code target × feedback × min(1, budget / budgetComfort)}.
 */
public final class CampaignPacer {
    /** New-call answer times are taken at this many quantiles of the measured ring times of answered calls. */
    private static final int ANSWER_TIME_QUANTILES = 5;
    private static final double DEFAULT_ANSWER_RING_SECONDS = 10;
    private static final double DEFAULT_TALK_SECONDS = 60;

    private final PacingConfig config;
    private final AbandonLedger ledger;
    private final InstantSource clock;
    private final DialingStatistics statistics = new DialingStatistics();
    private final AbandonFeedback feedback;
    private boolean overDialling;
    private PacingDecision last;

    /**
     * @param ledger this campaign's 30-day abandon ledger, already seeded from stored day counts; the pacer
     *     records every call answered by a person in it
     */
    public CampaignPacer(PacingConfig config, AbandonLedger ledger, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.feedback = new AbandonFeedback(config.targetAbandonRate());
    }

    /** One thing that happened to one of this campaign's calls. */
    public void record(DialEvent event) {
        Objects.requireNonNull(event, "event");
        statistics.record(event);
        if (event instanceof DialEvent.ConnectedToAgent) {
            ledger.recordConnected(clock.instant());
            if (overDialling) {
                feedback.answered(false);
            }
        } else if (event instanceof DialEvent.CallAbandoned) {
            ledger.recordAbandoned(clock.instant());
            if (overDialling) {
                feedback.answered(true);
            }
        }
    }

    /** How many new calls to place now. */
    public PacingDecision decide(CampaignSnapshot now) {
        Objects.requireNonNull(now, "snapshot");
        last = decideFor(now);
        overDialling = last.reason() == Reason.PREDICTIVE && last.callsToPlace() + last.callsInFlight() > last.readyAgents();
        return last;
    }

    private PacingDecision decideFor(CampaignSnapshot now) {
        int inFlight = now.callsInFlight();
        InboundWork inbound = now.inbound();
        int ready = Math.max(0, now.count(AgentActivity.READY) - inbound.waiting());
        int progressive = Math.max(0, ready - inFlight);
        if (config.mode() == DialingMode.PREVIEW) {
            return new PacingDecision(0, Reason.PREVIEW, inFlight, ready, 0, 0, 0);
        }
        Instant at = clock.instant();
        double budget = ledger.budget(at);
        if (inbound.waiting() > 0 && (inbound.serviceLevelAtRisk()
                || inbound.longestWait().compareTo(config.inboundWaitThreshold()) >= 0)) {
            return new PacingDecision(0, Reason.INBOUND_BACK_OFF, inFlight, ready, 0, 0, budget);
        }
        if (inbound.waiting() > 0) {
            return new PacingDecision(progressive, Reason.INBOUND_WAITING, inFlight, ready, 0, 0, budget);
        }
        if (config.mode() == DialingMode.PROGRESSIVE) {
            return new PacingDecision(progressive, Reason.PROGRESSIVE, inFlight, ready, 0, 0, budget);
        }
        if (statistics.liveAnswers() < config.warmUpLiveAnswers()
                || statistics.talksEnded() < Math.max(1, config.warmUpLiveAnswers() / 10)) {
            return new PacingDecision(progressive, Reason.WARM_UP, inFlight, ready, 0, 0, budget);
        }
        if (budget < 1) {
            return new PacingDecision(progressive, Reason.BUDGET_LOW, inFlight, ready, 0, 0, budget);
        }
        return predictive(now, ready, progressive, budget);
    }

    private PacingDecision predictive(CampaignSnapshot now, int ready, int progressive, double budget) {
        int inFlight = now.callsInFlight();
        double allowed = config.targetAbandonRate() * feedback.multiplier() * Math.min(1, budget / config.budgetComfort());
        double pLive = statistics.liveAnswerRate();
        AbandonRisk risk = new AbandonRisk();
        for (int i = 0; i < now.answeredWaiting(); i++) {
            risk.addCall(1);
        }
        double pAnswer = statistics.answerRate();
        RecentSample ring = statistics.answeredRing();
        for (Duration ringing : now.ringing()) {
            double survives = ring.survival(DialingStatistics.seconds(ringing));
            double denominator = pAnswer * survives + 1 - pAnswer;
            risk.addCall(denominator <= 0 ? 0 : pLive * survives / denominator);
        }
        int counted = ready;
        for (int i = 0; i < ready; i++) {
            risk.addAgent(1);
        }
        double[] answerAt = ring.quantiles(ANSWER_TIME_QUANTILES, DEFAULT_ANSWER_RING_SECONDS);
        double grace = DialingStatistics.seconds(config.abandonAfter());
        double meanWrap = statistics.wrapUp().mean(0);
        for (CampaignAgent agent : now.agents()) {
            double elapsed = DialingStatistics.seconds(agent.inActivityFor());
            if (agent.activity() == AgentActivity.TALKING) {
                counted++;
                double p = 0;
                for (double t : answerAt) {
                    p += statistics.talk().endsWithin(elapsed, t + grace - meanWrap, DEFAULT_TALK_SECONDS);
                }
                risk.addAgent(p / answerAt.length);
            } else if (agent.activity() == AgentActivity.WRAP_UP) {
                counted++;
                double p = 0;
                for (double t : answerAt) {
                    p += statistics.wrapUp().endsWithin(elapsed, t + grace, meanWrap);
                }
                risk.addAgent(p / answerAt.length);
            }
        }
        int cap = Math.max(0, (int) Math.floor(config.maxLinesPerAgent() * counted) - inFlight);
        int n = Math.min(progressive, cap);
        while (n < cap && risk.ratioWith(n + 1, pLive) <= allowed) {
            n++;
        }
        n = Math.max(n, progressive);
        return new PacingDecision(n, Reason.PREDICTIVE, inFlight, ready, risk.ratioWith(n, pLive), allowed, budget);
    }

    /** The last decision, or null before the first. */
    public PacingDecision lastDecision() {
        return last;
    }

    public DialingStatistics.Snapshot statistics() {
        return statistics.snapshot();
    }

    /** The feedback controller's current scale on the target abandon ratio (1 = as configured). */
    public double feedbackMultiplier() {
        return feedback.multiplier();
    }

    public AbandonLedger ledger() {
        return ledger;
    }

    public PacingConfig config() {
        return config;
    }
}
