package org.openucc.crm;

import org.openucc.interaction.Tier;

/**
 * A customer search. Every given criterion must hold; text criteria match a prefix: name and email
 * case-insensitively, phone after normalizing what is typed ({@code 030 12} finds {@code +493012...}),
 * account number exactly as typed.
 */
public record CustomerQuery(String name, String phone, String email, String accountNumber, Tier tier, String tag) {
    public static CustomerQuery all() {
        return new CustomerQuery(null, null, null, null, null, null);
    }

    public static CustomerQuery byName(String prefix) {
        return new CustomerQuery(prefix, null, null, null, null, null);
    }

    public static CustomerQuery byPhone(String prefix) {
        return new CustomerQuery(null, prefix, null, null, null, null);
    }

    public static CustomerQuery byEmail(String prefix) {
        return new CustomerQuery(null, null, prefix, null, null, null);
    }

    public static CustomerQuery byAccountNumber(String prefix) {
        return new CustomerQuery(null, null, null, prefix, null, null);
    }
}
