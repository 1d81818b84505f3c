package org.openucc.telephony;

/** Digits collected and why collection stopped. */
public record DigitResult(String digits, Outcome outcome) {
    public enum Outcome {
        /** Reached the maximum number of digits. */
        MAX_DIGITS,
        /** The terminator key was pressed. */
        TERMINATED,
        /** No (more) digits within the timeout. */
        TIMEOUT
    }
}
