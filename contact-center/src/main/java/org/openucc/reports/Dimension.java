package org.openucc.reports;

/** What a report's rows are grouped by. */
public enum Dimension {
    QUEUE,
    AGENT,
    CHANNEL,
    /** Each skill the interaction required (an interaction needing two skills is in both rows). */
    SKILL,
    /** The interaction's last disposition code. */
    DISPOSITION,
    /** Not-ready time by reason code. */
    REASON,
    /** Not-ready time by agent and reason code: the key is {@code agent/reason}. */
    AGENT_REASON,
    /** Outbound campaigns' calls (attempts and preview calls) by campaign id; other interactions are in no row. */
    CAMPAIGN;

    /** The key of interactions without a value here (no disposition, no skills). */
    public static final String NONE = "(none)";
}
