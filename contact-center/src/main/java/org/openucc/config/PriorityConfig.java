package org.openucc.config;

import java.time.Duration;
import java.util.Map;
import org.openucc.interaction.Tier;

/**
 * How a queue turns customer tier into priority, and how waiting ages priority.
 *
 * @param tiers     priority added for each tier (missing tier: 0)
 * @param agingStep waiting this long adds one priority point, continuously, so low priority
 *                  cannot starve; {@code null} disables aging (strict priority, FIFO within)
 */
public record PriorityConfig(Map<Tier, Integer> tiers, Duration agingStep) {
    public static final PriorityConfig DEFAULT =
            new PriorityConfig(Map.of(Tier.VIP, 30, Tier.A, 20, Tier.B, 10, Tier.C, 0), null);

    public PriorityConfig {
        tiers = tiers == null ? Map.of() : Map.copyOf(tiers);
    }

    public int tierPriority(Tier tier) {
        return tier == null ? 0 : tiers.getOrDefault(tier, 0);
    }
}
