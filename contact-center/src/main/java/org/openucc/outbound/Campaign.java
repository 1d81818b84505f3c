package org.openucc.outbound;

import java.time.Instant;

/**
 * An outbound calling campaign as stored: its settings ({@link CampaignDraft}, checked by {@link CampaignRules})
 * and where it stands. Changed with a version check (optimistic locking), its state only by the legal moves of
 * {@link CampaignState}.
 */
public record Campaign(String id, CampaignDraft settings, CampaignState state, long version, Instant createdAt,
                       Instant updatedAt) {
    public String name() {
        return settings.name();
    }

    public Campaign with(CampaignState newState, long newVersion, Instant at) {
        return new Campaign(id, settings, newState, newVersion, createdAt, at);
    }
}
