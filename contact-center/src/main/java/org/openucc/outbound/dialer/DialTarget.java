package org.openucc.outbound.dialer;

import java.util.Objects;

/**
 * One number of a campaign's list, taken for one attempt.
 *
 * @param e164       the number to dial, E.164
 * @param customerId the CRM customer it belongs to, or null
 * @param attempt    which attempt this is (1 = first)
 */
public record DialTarget(String recordId, String e164, String customerId, String name, int attempt) {
    public DialTarget {
        Objects.requireNonNull(recordId, "record id");
        Objects.requireNonNull(e164, "number");
    }
}
