package org.openucc.outbound.pacing;

/**
 * The feedback half of predictive pacing: scales the abandon ratio the model may aim at so that the measured
 * abandon rate settles on the target whatever the model gets wrong (talk times that are not what it assumes,
 * answers bunching up). Each answered call moves a multiplier in log space: an abandoned call down by
 * {@code gain * (1 - target)}, a connected one up by {@code gain * target}; at the target rate they cancel.
 */
final class AbandonFeedback {
    private static final double GAIN = 0.25;
    private static final double MIN_LOG = Math.log(1.0 / 50);
    private static final double MAX_LOG = Math.log(4);

    /**
     * Where the multiplier starts: in simulation (DialerSimulation, 20–50 agents) the model's largest expected
     * excess runs 3–6 times under the abandon rate measured, so a fresh campaign starts cautious and earns its
     * way up rather than overshooting on its first calls.
     */
    static final double INITIAL = 0.25;

    private final double target;
    private double log = Math.log(INITIAL);

    AbandonFeedback(double target) {
        this.target = target;
    }

    /** One call answered by a person while predictive pacing was over-dialling. */
    void answered(boolean abandoned) {
        log += abandoned ? -GAIN * (1 - target) : GAIN * target;
        log = Math.max(MIN_LOG, Math.min(MAX_LOG, log));
    }

    double multiplier() {
        return Math.exp(log);
    }
}
