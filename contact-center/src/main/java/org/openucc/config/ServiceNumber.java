package org.openucc.config;

/**
 * A service number (DID) callers dial, and where its calls go.
 *
 * @param number the dialed number (the Request-URI user part), e.g. {@code 1000} or {@code +4930123}
 * @param queue  the queue its calls wait in, through the built-in {@value #DIRECT_FLOW} flow (greeting,
 *               hold music, announcements); with a flow, where the call goes (the same way) if the flow
 *               fails unexpectedly (may then be null: the flow's queue nodes decide)
 * @param flow   the IVR flow callers go through first (the name of a file in ivr.flowsDir), or null
 */
public record ServiceNumber(String number, String queue, String flow) {
    /**
     * The IVR flow (ivr-scripts/flows/direct.yaml) a number without a flow of its own runs with its
     * queue; also what a failed flow falls back on, and where a call transferred to a queue waits.
     */
    public static final String DIRECT_FLOW = "direct";
}
