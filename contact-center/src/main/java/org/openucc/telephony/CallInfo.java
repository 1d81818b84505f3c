package org.openucc.telephony;

import java.util.Map;

/**
 * Who is calling whom, as the edge saw it.
 *
 * @param from        the caller's number or user part, as received
 * @param to          the dialed number (DID / service number), or the agent endpoint for agent legs
 * @param displayName the caller's display name, may be null
 * @param direction   inbound from a customer, or outbound (agent leg, callback, dialer)
 * @param headers     extra signalling facts worth keeping (e.g. User-Agent), never protocol objects
 */
public record CallInfo(String from, String to, String displayName, Direction direction, Map<String, String> headers) {
    public enum Direction { INBOUND, OUTBOUND }

    public CallInfo {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
