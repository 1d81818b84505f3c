package org.openucc.outbound.pacing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * in flight; predictive is progressive until {@link PacingConfig#warmUpLiveAnswers()} people answered and as many talks ended, and while
 * the 30-day abandon budget is under one call, and otherwise over-dials (see {@link AbandonRisk} and
 * {@link AbandonFeedback}) as far as the expected abandon ratio stays under
 * {@code target × feedback × min(1, budget / budgetComfort)} and the chance that the calls under way are abandoned
 * more often than the budget allows stays under 1 %.
 */
public final class CampaignPacer {
    /** Spacing of the instants at which answers and free agents are compared, up to the ring timeout. */
    private static final double SLOT_SECONDS = 1;
    /** Calls in flight and agents whose times so far differ by less than this are taken together. */
    private static final double GROUP_SECONDS = 0.5;
    private static final double DEFAULT_TALK_SECONDS = 60;
    /** Predictive never over-dials so far that the calls under way could overrun the 30-day budget with more than this chance. */
    private static final double BUDGET_OVERRUN_CHANCE = 0.01;
    /**
     * Under this many abandoned calls of budget for the windows to come, predictive over-dials only as far as the
     * worst case (every extra call answered and abandoned) keeps the limit, as it always does against the window
     * ending now. In simulation the chance rule alone let the 30-day rate reach 3.03–3.04 % early on a campaign's
     * first day (50 agents; 20 agents with log-normal talk).
     */
    private static final double WORST_CASE_BELOW = 2;
    /**
     * Until this many talks ended, the ended ones are mostly the short ones (the long ones are still under way):
     * talk is then taken as memoryless with the mean that counts the talks under way too.
     */
    private static final int MATURE_TALK_SAMPLE = 200;

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
                || statistics.talksEnded() < config.warmUpLiveAnswers()) {
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
        double pAnswer = statistics.answerRate();
        RecentSample ring = statistics.answeredRing();
        RecentSample talk = statistics.talk();
        RecentSample wrapUp = statistics.wrapUp();
        double horizon = DialingStatistics.seconds(config.ringTimeout());
        int slots = (int) Math.ceil(horizon / SLOT_SECONDS) + 1;
        AbandonRisk risk = new AbandonRisk(slots);
        for (int k = 0; k < slots; k++) {
            risk.newCall(k, pLive * (1 - ring.survival(k * SLOT_SECONDS)));
            risk.addAnswers(k, 1, now.answeredWaiting());
            risk.addAgents(k, 1, ready);
        }
        // calls in flight and agents are grouped by time so far (to GROUP_SECONDS): hundreds of calls, a few dozen groups
        for (long[] group : groups(now.ringing())) {
            double r = group[0] * GROUP_SECONDS;
            double survives = ring.survival(r);
            double stillPossible = pAnswer * survives + 1 - pAnswer;
            for (int k = 0; k < slots; k++) {
                double answeredBy = survives - ring.survival(r + k * SLOT_SECONDS);
                risk.addAnswers(k, stillPossible <= 0 ? 0 : pLive * answeredBy / stillPossible, (int) group[1]);
            }
        }
        int counted = ready;
        double grace = DialingStatistics.seconds(config.abandonAfter());
        double meanWrap = wrapUp.mean(0);
        double censoredTalkMean = talk.size() >= MATURE_TALK_SAMPLE ? 0 : censoredTalkMean(now, talk);
        for (long[] group : groups(now, AgentActivity.TALKING)) {
            double elapsed = group[0] * GROUP_SECONDS;
            counted += (int) group[1];
            for (int k = 0; k < slots; k++) {
                double within = k * SLOT_SECONDS + grace - meanWrap;
                risk.addAgents(k, censoredTalkMean > 0 ? (within <= 0 ? 0 : 1 - Math.exp(-within / censoredTalkMean))
                        : talk.endsWithin(elapsed, within, DEFAULT_TALK_SECONDS), (int) group[1]);
            }
        }
        for (long[] group : groups(now, AgentActivity.WRAP_UP)) {
            double elapsed = group[0] * GROUP_SECONDS;
            counted += (int) group[1];
            for (int k = 0; k < slots; k++) {
                risk.addAgents(k, wrapUp.endsWithin(elapsed, k * SLOT_SECONDS + grace, meanWrap), (int) group[1]);
            }
        }
        int cap = Math.max(0, (int) Math.floor(config.maxLinesPerAgent() * counted) - inFlight);
        // the model's abandons are scaled by the same feedback as its ratio, so the budget is too
        double modelBudget = budget * Math.min(1, feedback.multiplier());
        // the largest n in [progressive, cap] that keeps both limits (both grow with n): binary search
        int lo = Math.min(progressive, cap);
        int hi = cap;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (risk.ratioWith(mid) <= allowed && risk.chanceOfMoreThan(modelBudget, mid) <= BUDGET_OVERRUN_CHANCE) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int n = Math.max(lo, progressive);
        // The 30-day rate now never passes the limit, whatever happens to the calls under way: even if every call
        // beyond the ready agents were answered and abandoned (a more abandoned of A + a answered keeps the rate if
        // a <= budget / (1 - limit)). It binds on a campaign's first day, while its window holds few answers.
        double hard = ledger.windowBudget(clock.instant());
        if (budget < WORST_CASE_BELOW) {
            // nearly no budget for the windows to come either: the same worst case against it
            hard = Math.min(hard, budget);
        }
        int worstCase = (int) Math.floor(Math.max(0, hard) / (1 - config.abandonLimit()));
        n = Math.max(progressive, Math.min(n, worstCase + ready - inFlight));
        return new PacingDecision(n, Reason.PREDICTIVE, inFlight, ready, risk.ratioWith(n), allowed, budget);
    }

    /** Durations grouped by {@link #GROUP_SECONDS}: {bin, count} pairs. */
    private static List<long[]> groups(List<Duration> durations) {
        long[] bins = new long[durations.size()];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = (long) (DialingStatistics.seconds(durations.get(i)) / GROUP_SECONDS);
        }
        return runs(bins);
    }

    private static List<long[]> groups(CampaignSnapshot now, AgentActivity activity) {
        long[] bins = new long[now.count(activity)];
        int i = 0;
        for (CampaignAgent agent : now.agents()) {
            if (agent.activity() == activity) {
                bins[i++] = (long) (DialingStatistics.seconds(agent.inActivityFor()) / GROUP_SECONDS);
            }
        }
        return runs(bins);
    }

    private static List<long[]> runs(long[] bins) {
        Arrays.sort(bins);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < bins.length; ) {
            int j = i;
            while (j < bins.length && bins[j] == bins[i]) {
                j++;
            }
            out.add(new long[] {bins[i], j - i});
            i = j;
        }
        return out;
    }

    /** Exponential mean with right-censoring: (ended talk time + time so far of talks under way) / talks ended. */
    private static double censoredTalkMean(CampaignSnapshot now, RecentSample talk) {
        double underWay = 0;
        for (CampaignAgent agent : now.agents()) {
            if (agent.activity() == AgentActivity.TALKING) {
                underWay += DialingStatistics.seconds(agent.inActivityFor());
            }
        }
        return Math.max(1, (talk.sum() + underWay) / Math.max(1, talk.size()));
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
