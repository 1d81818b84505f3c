package org.openucc.reports;

/**
 * How finely sums are kept: each contribution is added at all three. Reports read the coarsest that
 * their interval is made of.
 */
public enum Granularity {
    /** 15 minutes, UTC-aligned: every zone's hours and half hours are made of them. */
    QUARTER('Q'),
    /** An hour of the center's zone (its start; an hour that happens twice in autumn is two). */
    HOUR('H'),
    /** A day of the center's zone (its start). */
    DAY('D');

    private final char code;

    Granularity(char code) {
        this.code = code;
    }

    /** As stored. */
    public String code() {
        return String.valueOf(code);
    }
}
