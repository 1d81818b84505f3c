package org.openucc.reports;

import java.time.Instant;
import java.util.List;

/**
 * One contribution to the sums: what happened, when it counts ({@code at}: the interval it falls in), and
 * the groups it belongs to. A null group (no agent) leaves it out of that grouping.
 *
 * @param at    when it counts: a queue entry's time, or the start of a slice of agent-state time
 * @param campaign the outbound campaign the interaction was a call of (null: none)
 * @param m     the amounts, indexed by {@link Measure#ordinal()}
 */
public record Tally(Instant at, String queue, String agent, String channel, List<String> skills, String disposition,
                    String reason, String campaign, long[] m) {

    /** The group keys of this tally under {@code d} (none when it is not in that grouping). */
    public List<String> keys(Dimension d) {
        return switch (d) {
            case QUEUE -> queue == null ? List.of() : List.of(queue);
            case AGENT -> agent == null ? List.of() : List.of(agent);
            case CHANNEL -> channel == null ? List.of() : List.of(channel);
            case SKILL -> skills == null ? List.of() : skills.isEmpty() ? List.of(Dimension.NONE) : skills;
            case DISPOSITION -> reason != null || queue == null ? List.of()
                    : List.of(disposition == null ? Dimension.NONE : disposition);
            case REASON -> reason == null ? List.of() : List.of(reason);
            case AGENT_REASON -> reason == null || agent == null ? List.of() : List.of(agent + "/" + reason);
            case CAMPAIGN -> campaign == null ? List.of() : List.of(campaign);
        };
    }
}
