package org.openucc.ivr.runtime;

import java.util.Map;

/**
 * What the voice flow tells the IVR about a call it hands over.
 *
 * @param interactionId the interaction the call is (and stays) in the ACD and the log; its creator
 *                      chooses it, so that it can follow the ACD's offers for it
 * @param language      the language to start in (e.g. per service number); null: the flow's
 * @param attributes    context for the agent collected before the IVR (passed on with the IVR's own)
 */
public record IvrCall(String interactionId, String language, Map<String, String> attributes) {
    public IvrCall {
        java.util.Objects.requireNonNull(interactionId, "interaction id");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static IvrCall of(String interactionId) {
        return new IvrCall(interactionId, null, Map.of());
    }
}
