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
 */
public record IvrCall(String interactionId, String language, Map<String, String> attributes, String customerId,
                      Tier tier) {
    public IvrCall {
        java.util.Objects.requireNonNull(interactionId, "interaction id");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public IvrCall(String interactionId, String language, Map<String, String> attributes) {
        this(interactionId, language, attributes, null, null);
    }

    public static IvrCall of(String interactionId) {
        return new IvrCall(interactionId, null, Map.of());
    }
}
