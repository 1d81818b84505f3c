package org.openucc.crm;

import org.openucc.interaction.Tier;

/** One line of a customer search result. */
public record CustomerSummary(String id, String name, Tier tier, String accountNumber, String industry, String city,
                              long version) {
}
