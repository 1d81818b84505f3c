package org.openucc.outbound.pacing;

import java.time.Duration;

/**
 * What a campaign's calls have shown so far, as predictive pacing needs it: the share of calls a person (or
 * a machine) answers, how long answered calls ring, how long talks and wrap-ups last. Rates forget slowly
 * (the last ~{@value #MEMORY} finished attempts weigh most) so that pacing follows the list and the time of day.
 */
public final class DialingStatistics {
    static final int MEMORY = 1000;
    private static final double KEEP = 1 - 1.0 / MEMORY;

    private double finished;
    private double answered;
    private double live;
    private long placed;
    private long liveAnswers;
    private long talksEnded;
    private long abandoned;
    private final RecentSample answeredRing = new RecentSample(256, 0.25, 120);
    private final RecentSample talk = new RecentSample(512, 1, 1800);
    private final RecentSample wrapUp = new RecentSample(256, 0.5, 1800);

    /** Figures for a supervisor or a log line. */
    public record Snapshot(long placed, long liveAnswers, long abandoned, long talksEnded, double answerRate,
            double liveAnswerRate, double meanAnsweredRingSeconds, double meanTalkSeconds, double meanWrapUpSeconds) {
    }

    void record(DialEvent event) {
        if (event instanceof DialEvent.CallPlaced) {
            placed++;
        } else if (event instanceof DialEvent.CallAnswered a) {
            finish();
            answered++;
            answeredRing.add(seconds(a.ringTime()));
        } else if (event instanceof DialEvent.CallNotAnswered) {
            finish();
        } else if (event instanceof DialEvent.ConnectedToAgent) {
            live++;
            liveAnswers++;
        } else if (event instanceof DialEvent.CallAbandoned) {
            live++;
            liveAnswers++;
            abandoned++;
        } else if (event instanceof DialEvent.TalkEnded t) {
            talksEnded++;
            talk.add(seconds(t.talkTime()));
        } else if (event instanceof DialEvent.WrapUpEnded w) {
            wrapUp.add(seconds(w.wrapUpTime()));
        }
        // MachineDetected: answered already counted; a machine needs no agent
    }

    private void finish() {
        finished = finished * KEEP + 1;
        answered *= KEEP;
        live *= KEEP;
    }

    public long liveAnswers() {
        return liveAnswers;
    }

    public long talksEnded() {
        return talksEnded;
    }

    /** Share of finished attempts answered (by a person or a machine). */
    public double answerRate() {
        return finished == 0 ? 0 : Math.min(1, answered / finished);
    }

    /** Share of finished attempts answered by a person. */
    public double liveAnswerRate() {
        return finished == 0 ? 0 : Math.min(1, live / finished);
    }

    RecentSample answeredRing() {
        return answeredRing;
    }

    RecentSample talk() {
        return talk;
    }

    RecentSample wrapUp() {
        return wrapUp;
    }

    public Snapshot snapshot() {
        return new Snapshot(placed, liveAnswers, abandoned, talksEnded, answerRate(), liveAnswerRate(),
                answeredRing.mean(0), talk.mean(0), wrapUp.mean(0));
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
