package org.openucc.outbound;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What happens to a record after an attempt, by outcome: try again after so many minutes, or stop. The
 * dialer's outcomes are {@link #SYSTEM_OUTCOMES}; anything else is an agent's disposition code (e.g.
 * {@code callback-later}, {@code sale}). An outcome listed in neither map: a dialer outcome is retried after
 * its default delay ({@link #DEFAULT_RETRY_MINUTES}), a disposition is final (the customer was reached).
 *
 * @param retryMinutes   outcome → minutes until the next attempt (while attempts are left)
 * @param finalOutcomes  outcomes that end the record: a disposition makes it DONE, a dialer outcome FAILED
 */
public record RetrySchedule(Map<String, Integer> retryMinutes, Set<String> finalOutcomes) {
    public static final String BUSY = "BUSY";
    public static final String NO_ANSWER = "NO_ANSWER";
    public static final String MACHINE = "MACHINE";
    public static final String FAILED = "FAILED";
    /** The customer answered and no agent joined in time (the runtime played the identification message). */
    public static final String ABANDONED = "ABANDONED";
    /** A preview campaign's agent skipped the record without dialling (by default it comes back the next day). */
    public static final String SKIPPED = "SKIPPED";
    public static final Set<String> SYSTEM_OUTCOMES = Set.of(BUSY, NO_ANSWER, MACHINE, FAILED, ABANDONED, SKIPPED);
    public static final Map<String, Integer> DEFAULT_RETRY_MINUTES = Map.of(BUSY, 15, NO_ANSWER, 60, MACHINE, 240,
            FAILED, 30, ABANDONED, 60, SKIPPED, 1440);
    public static final RetrySchedule DEFAULTS = new RetrySchedule(DEFAULT_RETRY_MINUTES, Set.of());

    public RetrySchedule {
        retryMinutes = retryMinutes == null ? Map.of() : Map.copyOf(new TreeMap<>(retryMinutes));
        finalOutcomes = finalOutcomes == null ? Set.of() : Set.copyOf(new TreeSet<>(finalOutcomes));
    }

    /** What to do after an attempt ended with {@code outcome}. */
    public sealed interface Decision {
    }

    /** Try again after {@code delay} (if attempts are left). */
    public record Retry(Duration delay) implements Decision {
    }

    /** The record is finished: DONE when {@code reached}, else FAILED. */
    public record Final(boolean reached) implements Decision {
    }

    public static boolean isSystemOutcome(String outcome) {
        return SYSTEM_OUTCOMES.contains(outcome);
    }

    public Decision decide(String outcome) {
        boolean system = isSystemOutcome(outcome);
        if (finalOutcomes.contains(outcome)) {
            return new Final(!system);
        }
        Integer minutes = retryMinutes.get(outcome);
        if (minutes == null && system) {
            minutes = DEFAULT_RETRY_MINUTES.get(outcome);
        }
        return minutes == null ? new Final(true) : new Retry(Duration.ofMinutes(minutes));
    }
}
