package org.openucc.config;

/**
 * A service number (DID) callers dial, and where its calls go.
 *
 * @param number the dialed number (the Request-URI user part), e.g. {@code 1000} or {@code +4930123}
 * @param queue  the queue its calls wait in
 * @param flow   an IVR flow to run first (null until the IVR runtime lands: straight to the queue)
 */
public record ServiceNumber(String number, String queue, String flow) {
}
