package org.openucc.outbound;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;

/**
 * Where campaigns and their records are kept. Writes are committed before they return. Record state
 * changes are conditional on the state read ({@code WHERE state = ?}), so two dialers (threads or nodes)
 * never both take the same record.
 */
public interface CampaignStore {
    void insert(Campaign campaign);

    Optional<Campaign> find(String campaignId);

    List<Campaign> list();

    /**
     * Stores new settings (and state) if the stored version is {@code campaign.version() - 1} and the stored state
     * is {@code expectedState}; fails with {@link org.openucc.crm.NotFoundException} or
     * {@link org.openucc.crm.ConflictException} (someone changed it first) otherwise.
     */
    void replace(Campaign campaign, CampaignState expectedState);

    /** The E.164 numbers already in the campaign's list (for duplicates). */
    Set<String> phones(String campaignId);

    /** Adds records in one transaction. */
    void addRecords(List<CampaignRecord> records);

    Optional<CampaignRecord> record(String recordId);

    /** The campaign's records in the given states (all if empty), in the order they were added. */
    Page<CampaignRecord> records(String campaignId, Set<CampaignRecord.State> states, PageRequest page);

    /** PENDING records due at {@code now} (next attempt not later), counted by their zones. */
    Map<String, Long> dueByZones(String campaignId, Instant now);

    /** Up to {@code limit} PENDING records due at {@code now} whose zones are among {@code zones}, oldest due first. */
    List<CampaignRecord> due(String campaignId, Instant now, Collection<String> zones, int limit);

    /**
     * Stores each change if the record is still in {@code expected} state; in one transaction. Returns the
     * changes that were made (a record another dialer took meanwhile is left out).
     */
    List<CampaignRecord> move(List<CampaignRecord> changed, CampaignRecord.State expected);

    /** Records by state. */
    Map<CampaignRecord.State, Long> counts(String campaignId);

    /** Records in {@code state} by their reason (FAILED) or last outcome (DONE). */
    Map<String, Long> countsBy(String campaignId, CampaignRecord.State state);

    /** The agent who scheduled a callback on the record (a preview campaign's), if any. */
    Optional<String> callbackAgent(String recordId);

    /** Stores (or with null clears) the agent a record's callback belongs to. */
    void callbackAgent(String recordId, String agentId);

    /** The campaign's DIALING records (for {@code recoverDialing}). */
    List<CampaignRecord> dialing(String campaignId);
}
