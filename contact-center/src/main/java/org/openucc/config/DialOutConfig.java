package org.openucc.config;

import java.time.Duration;
import java.util.List;

/**
 * Agents' own calls (dial-out from the console: dial pad, click-to-call): which queue they count in
 * for the reports, how a number is reached, and how often one agent may dial.
 *
 * @param enabled                   whether agents may dial out at all (default false)
 * @param queue                     the queue a dial-out belongs to (reports, wrap-up time); it must take
 *                                  OUTBOUND_VOICE (default {@code outbound})
 * @param dialUri                   how the dialled number (E.164) is reached through the built-in SIP stack: a
 *                                  SIP URI with {number} (default: the callback's dialUri)
 * @param callerId                  the number the customer sees (default: the callback's callerId)
 * @param ringTimeout               how long the agent's phone, then the customer's, rings (default 30s)
 * @param maxCallsPerMinutePerAgent dial-outs one agent may start per minute; more get 429 (default 10)
 * @param numberTypes               the kinds of number agents may dial; others get 400 (default: as callbacks;
 *                                  never EMERGENCY: those are dialled from a phone, not through the contact center)
 */
public record DialOutConfig(Boolean enabled, String queue, String dialUri, String callerId, Duration ringTimeout,
                            int maxCallsPerMinutePerAgent, List<PhoneNumberType> numberTypes) {
    public static final DialOutConfig BUILT_IN = new DialOutConfig(null, null, null, null, null, 0, null);

    public DialOutConfig {
        enabled = enabled == null ? Boolean.FALSE : enabled;
        queue = queue == null || queue.isBlank() ? "outbound" : queue;
        ringTimeout = ringTimeout == null ? Duration.ofSeconds(30) : ringTimeout;
        maxCallsPerMinutePerAgent = maxCallsPerMinutePerAgent == 0 ? 10 : maxCallsPerMinutePerAgent;
        numberTypes = numberTypes == null || numberTypes.isEmpty() ? CallbackConfig.DEFAULT_NUMBER_TYPES
                : List.copyOf(numberTypes);
    }

    /** With the callback's dialUri and callerId where this one names none. */
    DialOutConfig reachingLike(CallbackConfig callback) {
        return new DialOutConfig(enabled, queue, dialUri == null || dialUri.isBlank() ? callback.dialUri() : dialUri,
                callerId == null || callerId.isBlank() ? callback.callerId() : callerId, ringTimeout,
                maxCallsPerMinutePerAgent, numberTypes);
    }

    /** The SIP URI that reaches an E.164 number. */
    public String uriFor(String e164) {
        // "trunk": the number itself, which the built-in stack sends over the sip.trunks serving it.
        return CallbackConfig.OVER_TRUNKS.equals(dialUri) ? e164 : dialUri.replace("{number}", e164);
    }
}
