package org.openucc.cti;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openucc.crm.CustomerLookup;
import org.openucc.crm.CustomerRecord;
import org.openucc.crm.LookupKey;
import org.openucc.interaction.Tier;
import org.openucc.log.InteractionSummary;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link ScreenPop} for an offer from the CRM store and the interaction log. Blocking (a few
 * indexed reads): runs on the CTI workers, never on the engine thread or an event loop. Never fails:
 * when the store cannot be read the pop still goes out, with what is known and the problem named.
 */
public final class ScreenPopAssembler {
    private static final Logger log = LoggerFactory.getLogger(ScreenPopAssembler.class);

    private final CustomerLookup lookup;
    private final int historyLength;

    /**
     * @param lookup        a lookup that fetches one interaction more than shown (the current one is left out)
     * @param historyLength how many past interactions the pop shows
     */
    public ScreenPopAssembler(CustomerLookup lookup, int historyLength) {
        this.lookup = lookup;
        this.historyLength = historyLength;
    }

    /** @param view the interaction as the engine held it right after the offer; null if it is gone already */
    public ScreenPop assemble(RoutingEvent.OfferMade offer, InteractionView view) {
        Map<String, String> context = view == null ? Map.of() : view.attributes();
        String customerId = view == null ? null : view.customerId();
        Tier tier = view == null ? null : view.tier();
        Instant offeredAt = Instant.ofEpochMilli(offer.atMillis());
        Instant expiresAt = offer.expiresAtMillis() > 0 ? Instant.ofEpochMilli(offer.expiresAtMillis()) : null;
        try {
            Optional<CustomerRecord> found = find(customerId, LookupKey.fromContext(context));
            if (found.isEmpty()) {
                return new ScreenPop(offer.interactionId(), offer.agentId(), view == null ? null : view.channel(),
                        offer.queueId(), offeredAt, expiresAt, tier, null, null, 0, null, null, null, context,
                        DecisionView.of(offer.decision()), null);
            }
            CustomerRecord r = found.get();
            List<InteractionSummary> history = r.recentInteractions().stream()
                    .filter(s -> !s.interactionId().equals(offer.interactionId())).limit(historyLength).toList();
            return new ScreenPop(offer.interactionId(), offer.agentId(), view == null ? null : view.channel(),
                    offer.queueId(), offeredAt, expiresAt, tier != null ? tier : r.customer().tier(), r.customer(),
                    r.contact(), r.otherMatches(), r.openCases(), r.openTasks(), history, context,
                    DecisionView.of(offer.decision()), null);
        } catch (RuntimeException e) {
            log.warn("Screen pop of interaction {} for agent {} without the customer record: {}", offer.interactionId(),
                    offer.agentId(), e.toString());
            return new ScreenPop(offer.interactionId(), offer.agentId(), view == null ? null : view.channel(),
                    offer.queueId(), offeredAt, expiresAt, tier, null, null, 0, null, null, null, context,
                    DecisionView.of(offer.decision()), "the customer record could not be read");
        }
    }

    /** By the contact key when it belongs to the identified customer (gives the contact), else by customer id. */
    private Optional<CustomerRecord> find(String customerId, LookupKey key) {
        if (key != null) {
            Optional<CustomerRecord> byKey = lookup.lookup(key);
            if (byKey.isPresent() && (customerId == null || byKey.get().customer().id().equals(customerId))) {
                return byKey;
            }
        }
        return customerId == null ? Optional.empty() : lookup.recordOf(customerId);
    }
}
