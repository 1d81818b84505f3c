package org.openucc.config;

import java.time.Duration;

/** Target: {@code percent}% of interactions answered within {@code threshold} (e.g. 80/20). */
public record ServiceLevel(int percent, Duration threshold) {
    public static final ServiceLevel DEFAULT = new ServiceLevel(80, Duration.ofSeconds(20));
}
