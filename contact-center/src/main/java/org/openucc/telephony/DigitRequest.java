package org.openucc.telephony;

import java.time.Duration;

/**
 * Collect DTMF digits.
 *
 * @param minDigits          fewer digits than this at a timeout is a TIMEOUT (0 allows an empty answer)
 * @param maxDigits          collection ends as soon as this many were pressed
 * @param terminator         a key that ends the input (not included), e.g. '#'; null for none
 * @param firstDigitTimeout  how long to wait for the first digit
 * @param interDigitTimeout  how long to wait between digits
 */
public record DigitRequest(int minDigits, int maxDigits, Character terminator, Duration firstDigitTimeout,
                           Duration interDigitTimeout) {
    public static DigitRequest single(Duration timeout) {
        return new DigitRequest(1, 1, null, timeout, timeout);
    }
}
