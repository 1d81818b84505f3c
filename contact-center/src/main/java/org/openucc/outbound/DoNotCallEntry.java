package org.openucc.outbound;

import java.time.Instant;

/**
 * A number that must not be called.
 *
 * @param phone  E.164
 * @param list   which list: {@code internal} (the center's own), an imported list's name (e.g. a national
 *               registry), or {@code campaign:<id>} (applies to that campaign only)
 * @param source where the entry came from (the customer asked on a call, a registry file of a date, …)
 */
public record DoNotCallEntry(String phone, String list, String source, Instant addedAt) {
    public static final String INTERNAL = "internal";
    public static final String CAMPAIGN_PREFIX = "campaign:";

    public static String campaignList(String campaignId) {
        return CAMPAIGN_PREFIX + campaignId;
    }
}
