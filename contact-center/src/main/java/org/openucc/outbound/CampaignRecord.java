package org.openucc.outbound;

import java.time.Instant;
import java.util.Map;

/**
 * One number to call in a campaign, and where it stands. Every row given to a campaign becomes a record,
 * bad ones too (FAILED with the reason), so each has an outcome.
 *
 * @param phoneAsGiven  the number as the list had it
 * @param phone         E.164; null when the number was not valid
 * @param zones         the callee's time zones from the number (comma-separated IANA ids), empty if unknown
 *                      (the center's zone applies)
 * @param state         PENDING (waits for its next attempt), DIALING (handed to the dialer), DONE (reached, final
 *                      disposition), FAILED (never to be called again: see {@code reason})
 * @param attempts      calls placed so far (counted when the record is handed to the dialer)
 * @param nextAttemptAt not before this time (PENDING)
 * @param lastOutcome   the last attempt's outcome (BUSY, NO_ANSWER, …, or the agent's disposition)
 * @param reason        why it FAILED: a short code ({@code invalid-number}, {@code emergency-number},
 *                      {@code duplicate}, {@code dnc:<list>}, {@code no-consent}, {@code missing-column},
 *                      {@code max-attempts}, or the final dialer outcome)
 * @param detail        words for a person: the row's problem, the last attempt's detail
 * @param line          the CSV line the record came from (0 if not from a file)
 */
public record CampaignRecord(String id, String campaignId, String phoneAsGiven, String phone, String zones,
                             String customerId, String name, Map<String, String> fields, State state, int attempts,
                             Instant nextAttemptAt, String lastOutcome, String reason, String detail, Consent consent,
                             long line, Instant createdAt, Instant updatedAt) {
    public enum State { PENDING, DIALING, DONE, FAILED }

    public CampaignRecord {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        zones = zones == null ? "" : zones;
    }

    public CampaignRecord moved(State newState, int newAttempts, Instant next, String outcome, String newReason,
                                String newDetail, Instant at) {
        return new CampaignRecord(id, campaignId, phoneAsGiven, phone, zones, customerId, name, fields, newState,
                newAttempts, next, outcome, newReason, newDetail, consent, line, createdAt, at);
    }
}
