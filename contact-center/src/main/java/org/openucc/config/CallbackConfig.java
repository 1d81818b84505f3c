package org.openucc.config;

import java.time.Duration;
import java.util.List;

/**
 * Web callback requests ("call me back now / at this time"): which queues take them, how the call
 * is retried, and how often one address may ask.
 *
 * @param queues                        CALLBACK queues a request may name (first is the default)
 * @param maxAttempts                   calls placed before the request is logged as failed
 * @param retryDelay                    wait between attempts after no answer or busy
 * @param ringTimeout                   how long the customer's phone rings per attempt
 * @param maxRequestsPerHourPerAddress  requests one client address may make per hour
 * @param maxScheduleAhead              how far ahead a slot may be chosen
 * @param dialUri                       how the customer's number (E.164) is reached through the built-in SIP
 *                                      stack: a SIP URI with {number}, e.g. sip:{number}@trunk.example:5060, or
 *                                      {@code trunk}: over the sip.trunks that serve the number
 * @param callerId                      the number the customer sees
 * @param numberTypes                   the kinds of number a request may ask to be called on; others get 400
 *                                      (default: fixed lines, mobiles, VoIP and toll-free; never EMERGENCY)
 */
public record CallbackConfig(Boolean enabled, List<String> queues, int maxAttempts, Duration retryDelay,
                             Duration ringTimeout, int maxRequestsPerHourPerAddress, Duration maxScheduleAhead,
                             String dialUri, String callerId, List<PhoneNumberType> numberTypes) {
    /** What a callback may call unless the configuration says otherwise. */
    public static final List<PhoneNumberType> DEFAULT_NUMBER_TYPES = List.of(PhoneNumberType.FIXED_LINE,
            PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.VOIP, PhoneNumberType.TOLL_FREE);
    // After DEFAULT_NUMBER_TYPES: static fields initialise in order.
    public static final CallbackConfig BUILT_IN = new CallbackConfig(null, null, 0, null, null, 0, null, null, null,
            null);

    /** The dialUri that sends numbers over the configured SIP trunks (sip.trunks). */
    public static final String OVER_TRUNKS = "trunk";

    /** The SIP URI that reaches an E.164 number (the number itself for {@value #OVER_TRUNKS}). */
    public String uriFor(String e164) {
        // "trunk": the number itself, which the built-in stack sends over the sip.trunks serving it.
        return CallbackConfig.OVER_TRUNKS.equals(dialUri) ? e164 : dialUri.replace("{number}", e164);
    }

    public CallbackConfig {
        enabled = enabled == null ? Boolean.FALSE : enabled;
        queues = queues == null || queues.isEmpty() ? List.of("general") : List.copyOf(queues);
        maxAttempts = maxAttempts == 0 ? 3 : maxAttempts;
        retryDelay = retryDelay == null ? Duration.ofMinutes(2) : retryDelay;
        ringTimeout = ringTimeout == null ? Duration.ofSeconds(30) : ringTimeout;
        maxRequestsPerHourPerAddress = maxRequestsPerHourPerAddress == 0 ? 5 : maxRequestsPerHourPerAddress;
        maxScheduleAhead = maxScheduleAhead == null ? Duration.ofDays(14) : maxScheduleAhead;
        dialUri = dialUri == null || dialUri.isBlank() ? "sip:{number}@127.0.0.1:5070" : dialUri;
        callerId = callerId == null || callerId.isBlank() ? "openucc" : callerId;
        numberTypes = numberTypes == null || numberTypes.isEmpty() ? DEFAULT_NUMBER_TYPES : List.copyOf(numberTypes);
    }
}
