package org.openucc.outbound.pacing;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How one campaign paces its calls. Build it with {@link #defaults(DialingMode, ZoneId)} and the
 * {@code with…} methods, or with the constructor (the config loader); every value is checked here.
 *
 * @param mode preview, progressive or predictive
 * @param abandonLimit the legal ceiling of the 30-day abandon rate (abandoned / answered by a person), default 0.03
 * @param targetAbandonRate what predictive pacing aims at, at or under the limit (default two thirds of it), so
 *     that chance leaves room under the ceiling
 * @param ringTimeout how long a call rings before the runtime gives up (at least 15 s)
 * @param abandonAfter how long an answered call may wait for an agent before it is abandoned (2 s)
 * @param inboundWaitThreshold blending: once inbound work for these agents has waited this long (or its service
 *     level is at risk), no new outbound calls are placed
 * @param warmUpLiveAnswers predictive pacing runs progressive until this many calls were answered by a person and
 *     as many talks ended
 * @param maxLinesPerAgent predictive's ceiling of calls in flight per available agent
 * @param budgetComfort with less than this many abandoned calls left in the 30-day budget, predictive pacing aims
 *     proportionally lower; under one it is progressive
 * @param zone the time zone whose local days the 30-day abandon rate counts
 */
public record PacingConfig(DialingMode mode, double abandonLimit, double targetAbandonRate, Duration ringTimeout,
        Duration abandonAfter, Duration inboundWaitThreshold, int warmUpLiveAnswers, double maxLinesPerAgent,
        double budgetComfort, ZoneId zone) {

    public static final Duration MIN_RING_TIMEOUT = Duration.ofSeconds(15);

    public PacingConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(abandonAfter, "abandonAfter");
        Objects.requireNonNull(inboundWaitThreshold, "inboundWaitThreshold");
        Objects.requireNonNull(zone, "zone");
        if (!(abandonLimit > 0 && abandonLimit < 1)) {
            throw new IllegalArgumentException("abandonLimit must be between 0 and 1 (0.03 is 3 %), got " + abandonLimit);
        }
        if (!(targetAbandonRate >= 0 && targetAbandonRate <= abandonLimit)) {
            throw new IllegalArgumentException("targetAbandonRate must be between 0 and abandonLimit " + abandonLimit
                    + ", got " + targetAbandonRate);
        }
        if (ringTimeout.compareTo(MIN_RING_TIMEOUT) < 0) {
            throw new IllegalArgumentException("ringTimeout must be at least 15 s, got " + ringTimeout);
        }
        if (abandonAfter.isNegative() || abandonAfter.isZero()) {
            throw new IllegalArgumentException("abandonAfter must be positive, got " + abandonAfter);
        }
        if (inboundWaitThreshold.isNegative()) {
            throw new IllegalArgumentException("inboundWaitThreshold cannot be negative, got " + inboundWaitThreshold);
        }
        if (warmUpLiveAnswers < 1) {
            throw new IllegalArgumentException("warmUpLiveAnswers must be at least 1, got " + warmUpLiveAnswers);
        }
        if (!(maxLinesPerAgent >= 1 && maxLinesPerAgent <= 20)) {
            throw new IllegalArgumentException("maxLinesPerAgent must be between 1 and 20, got " + maxLinesPerAgent);
        }
        if (!(budgetComfort >= 1)) {
            throw new IllegalArgumentException("budgetComfort must be at least 1 abandoned call, got " + budgetComfort);
        }
    }

    /** 3 % limit aiming at 2 %, 25 s ring timeout, 2 s abandon time, back-off after 10 s of inbound wait. */
    public static PacingConfig defaults(DialingMode mode, ZoneId zone) {
        return new PacingConfig(mode, 0.03, 0.02, Duration.ofSeconds(25), Duration.ofSeconds(2), Duration.ofSeconds(10),
                30, 5.0, 5.0, zone);
    }

    public PacingConfig withAbandonLimit(double limit, double target) {
        return new PacingConfig(mode, limit, target, ringTimeout, abandonAfter, inboundWaitThreshold, warmUpLiveAnswers,
                maxLinesPerAgent, budgetComfort, zone);
    }

    public PacingConfig withMode(DialingMode newMode) {
        return new PacingConfig(newMode, abandonLimit, targetAbandonRate, ringTimeout, abandonAfter, inboundWaitThreshold,
                warmUpLiveAnswers, maxLinesPerAgent, budgetComfort, zone);
    }

    public PacingConfig withRingTimeout(Duration timeout) {
        return new PacingConfig(mode, abandonLimit, targetAbandonRate, timeout, abandonAfter, inboundWaitThreshold,
                warmUpLiveAnswers, maxLinesPerAgent, budgetComfort, zone);
    }

    public PacingConfig withInboundWaitThreshold(Duration threshold) {
        return new PacingConfig(mode, abandonLimit, targetAbandonRate, ringTimeout, abandonAfter, threshold,
                warmUpLiveAnswers, maxLinesPerAgent, budgetComfort, zone);
    }

    public PacingConfig withMaxLinesPerAgent(double lines) {
        return new PacingConfig(mode, abandonLimit, targetAbandonRate, ringTimeout, abandonAfter, inboundWaitThreshold,
                warmUpLiveAnswers, lines, budgetComfort, zone);
    }

    public PacingConfig withWarmUpLiveAnswers(int answers) {
        return new PacingConfig(mode, abandonLimit, targetAbandonRate, ringTimeout, abandonAfter, inboundWaitThreshold,
                answers, maxLinesPerAgent, budgetComfort, zone);
    }
}
