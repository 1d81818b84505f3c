package org.openucc.outbound.pacing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the campaign runtime sees at one pacing decision (every tick and every event).
 *
 * @param agents the agents logged in to the campaign, whatever they do
 * @param ringing for each call placed and not yet answered or given up: how long it has been ringing
 *     (placed and still setting up counts as ringing for {@link Duration#ZERO})
 * @param answeredWaiting calls a person answered that wait for an agent now (at most the abandon time, 2 s)
 * @param inbound inbound work waiting for these agents ({@link InboundWork#NONE} when the campaign does not blend)
 */
public record CampaignSnapshot(List<CampaignAgent> agents, List<Duration> ringing, int answeredWaiting, InboundWork inbound) {
    public CampaignSnapshot {
        agents = List.copyOf(Objects.requireNonNull(agents, "agents"));
        ringing = List.copyOf(Objects.requireNonNull(ringing, "ringing"));
        Objects.requireNonNull(inbound, "inbound");
        if (answeredWaiting < 0) {
            throw new IllegalArgumentException("answered calls waiting cannot be negative: " + answeredWaiting);
        }
    }

    /** Calls placed that may still need an agent: ringing plus answered and waiting. */
    public int callsInFlight() {
        return ringing.size() + answeredWaiting;
    }

    public int count(AgentActivity activity) {
        int n = 0;
        for (CampaignAgent a : agents) {
            if (a.activity() == activity) {
                n++;
            }
        }
        return n;
    }
}
