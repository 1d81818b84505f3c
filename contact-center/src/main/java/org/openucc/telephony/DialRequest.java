package org.openucc.telephony;

import java.time.Duration;

/**
 * Place an outbound leg: to an agent's registered phone (endpoint {@code agent:<id>}), a user's own
 * phone ({@code phone:<SIP user name>}, e.g. the supervisor's for monitoring) or an outside number
 * (callback, dialer).
 *
 * @param to          {@code agent:<agentId>}, {@code phone:<username>} or a number / SIP URI
 * @param callerId    the number presented to the called party
 * @param ringTimeout give up (NO_ANSWER) after this long
 */
public record DialRequest(String to, String callerId, Duration ringTimeout) {
    /** The endpoint prefix of a phone named by its SIP account's user name. */
    public static final String PHONE = "phone:";
}
