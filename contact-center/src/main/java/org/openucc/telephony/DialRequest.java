package org.openucc.telephony;

import java.time.Duration;

/**
 * Place an outbound leg: to an agent's registered phone (endpoint {@code agent:<id>}) or an
 * outside number (callback, dialer).
 *
 * @param to          {@code agent:<agentId>} or a number / SIP URI
 * @param callerId    the number presented to the called party
 * @param ringTimeout give up (NO_ANSWER) after this long
 */
public record DialRequest(String to, String callerId, Duration ringTimeout) {
}
