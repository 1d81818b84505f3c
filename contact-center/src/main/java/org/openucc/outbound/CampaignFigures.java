package org.openucc.outbound;

import java.util.Map;

/**
 * A campaign's list at a moment, for the live figures.
 *
 * @param pending          records still to be called (incl. those waiting for a retry or their window)
 * @param due              pending records whose next attempt time has come
 * @param waitingForWindow due records whose callee's calling window is closed now (they stay PENDING)
 * @param dialing          records handed to the dialer and not yet reported
 * @param done             records reached and finished
 * @param failed           records that will not be called again
 * @param failedByReason   failed records by reason code
 * @param doneByOutcome    done records by their final outcome (disposition)
 */
public record CampaignFigures(String campaignId, CampaignState state, long total, long pending, long due,
                              long waitingForWindow, long dialing, long done, long failed,
                              Map<String, Long> failedByReason, Map<String, Long> doneByOutcome) {
    public CampaignFigures {
        failedByReason = Map.copyOf(failedByReason);
        doneByOutcome = Map.copyOf(doneByOutcome);
    }

    /** Records not finished yet: pending and dialing. */
    public long left() {
        return pending + dialing;
    }
}
