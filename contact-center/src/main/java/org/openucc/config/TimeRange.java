package org.openucc.config;

import java.time.LocalTime;

/** An opening interval within one day, [from, to). */
public record TimeRange(LocalTime from, LocalTime to) {
    public boolean contains(LocalTime t) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
