package org.openucc.ivr.runtime;

import java.util.Map;
import org.openucc.interaction.Tier;

/**
 * What the voice flow tells the IVR about a call it hands over.
 *
 * @param interactionId the interaction the call is (and stays) in the ACD and the log; its creator
 *                      chooses it, so that it can follow the ACD's offers for it
 * @param language      the language to start in (e.g. per service number); null: the flow's
 * @param attributes    context for the agent collected before the IVR (passed on with the IVR's own)
 * @param customerId    the customer the caller's number belongs to, if the voice flow found one (a
 *                      {@code lookup} node in the flow may identify someone else); null: unknown
 * @param tier          that customer's tier, null if unknown
 * @param queue         the queue the call starts with (a queue node naming none uses it); null: none
 * @param alreadyQueued the ACD already has the interaction waiting in {@code queue} (an agent
 *                      transferred the call there): the first queue node for that queue follows
 *                      the waiting entry instead of adding the interaction again
 */
public record IvrCall(String interactionId, String language, Map<String, String> attributes, String customerId,
                      Tier tier, String queue, boolean alreadyQueued) {
    public IvrCall {
        java.util.Objects.requireNonNull(interactionId, "interaction id");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (alreadyQueued && queue == null) {
            throw new IllegalArgumentException("interaction " + interactionId + " is already queued, but in no queue");
        }
    }

    public IvrCall(String interactionId, String language, Map<String, String> attributes, String customerId,
                   Tier tier) {
        this(interactionId, language, attributes, customerId, tier, null, false);
    }

    public IvrCall(String interactionId, String language, Map<String, String> attributes) {
        this(interactionId, language, attributes, null, null);
    }

    public static IvrCall of(String interactionId) {
        return new IvrCall(interactionId, null, Map.of());
    }
}
