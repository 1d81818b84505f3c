package org.openucc.outbound.pacing;

import java.time.Duration;
import java.util.Objects;

/**
 * One agent logged in to a campaign at the moment of a pacing decision.
 *
 * @param activity what the agent does now
 * @param inActivityFor how long the agent has been doing it (talking for, in wrap-up for …); never negative
 */
public record CampaignAgent(AgentActivity activity, Duration inActivityFor) {
    public CampaignAgent {
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(inActivityFor, "inActivityFor");
        if (inActivityFor.isNegative()) {
            throw new IllegalArgumentException("an agent's time in " + activity + " cannot be negative: " + inActivityFor);
        }
    }

    public static CampaignAgent ready() {
        return new CampaignAgent(AgentActivity.READY, Duration.ZERO);
    }

    public static CampaignAgent talking(Duration soFar) {
        return new CampaignAgent(AgentActivity.TALKING, soFar);
    }

    public static CampaignAgent wrappingUp(Duration soFar) {
        return new CampaignAgent(AgentActivity.WRAP_UP, soFar);
    }

    public static CampaignAgent busyInbound() {
        return new CampaignAgent(AgentActivity.BUSY_INBOUND, Duration.ZERO);
    }
}
