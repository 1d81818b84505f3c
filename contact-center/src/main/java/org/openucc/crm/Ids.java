package org.openucc.crm;

import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes record ids such as {@code cus_0lq3k9x2a7f1c8e4}: a prefix naming the kind of record, then
 * the time in milliseconds and 40 random bits, both base 36. Time-ordered ids keep the primary-key
 * index append-mostly; the random part keeps two nodes (or two threads) from colliding.
 */
public final class Ids {
    private final InstantSource clock;

    public Ids(InstantSource clock) {
        this.clock = clock;
    }

    public String next(String prefix) {
        long random = ThreadLocalRandom.current().nextLong() & 0xFF_FFFF_FFFFL;
        return prefix + "_" + pad(Long.toString(clock.millis(), 36), 9) + pad(Long.toString(random, 36), 8);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
