package org.openucc.outbound;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a campaign stands. The legal moves are in one table: DRAFT → RUNNING | STOPPED; RUNNING → PAUSED |
 * STOPPED | FINISHED; PAUSED → RUNNING | STOPPED; FINISHED → RUNNING (records were added after the list ran
 * out); STOPPED is final.
 */
public enum CampaignState {
    DRAFT,
    RUNNING,
    PAUSED,
    STOPPED,
    FINISHED;

    private static final Map<CampaignState, Set<CampaignState>> NEXT = new EnumMap<>(CampaignState.class);

    static {
        NEXT.put(DRAFT, EnumSet.of(RUNNING, STOPPED));
        NEXT.put(RUNNING, EnumSet.of(PAUSED, STOPPED, FINISHED));
        NEXT.put(PAUSED, EnumSet.of(RUNNING, STOPPED));
        NEXT.put(FINISHED, EnumSet.of(RUNNING));
        NEXT.put(STOPPED, EnumSet.noneOf(CampaignState.class));
    }

    public boolean canMoveTo(CampaignState next) {
        return NEXT.get(this).contains(next);
    }

    /** The states this one may move to (for error messages and the table-walk test). */
    public Set<CampaignState> next() {
        return Set.copyOf(NEXT.get(this));
    }
}
