package org.openucc.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.openucc.routing.AgentState;

/** One agent's line of the grid, updated event by event (owned by the statistics thread). */
final class AgentTally {
    final String id;
    String name;
    AgentState state = AgentState.LOGGED_OUT;
    String reason;
    long since;
    final Set<String> inHand = new LinkedHashSet<>();
    String offered;
    int handledToday;
    /**
     * What the agent showed when the engine logged them in again while they were logged in here (a
     * restart giving agents back their state): kept for that login and the state change right after it
     * (the not-ready reason comes in a second step), then forgotten.
     */
    AgentState priorState;
    String priorReason;
    long priorSince;
    int priorEvents;

    AgentTally(String id, String name, long since) {
        this.id = id;
        this.name = name == null ? id : name;
        this.since = since;
    }

    AgentRow row(long now) {
        return new AgentRow(id, name, state, reason, Instant.ofEpochMilli(since), Math.max(0, now - since),
                new ArrayList<>(inHand), offered, handledToday, Instant.ofEpochMilli(now));
    }
}
