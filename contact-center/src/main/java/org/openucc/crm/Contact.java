package org.openucc.crm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A person at a customer the contact center talks to. Phones are E.164 and emails lower case, so
 * lookups by caller number or sender address find them.
 *
 * @param chatIdentity the identity a web-chat or messaging user is known by (unique), may be null
 */
public record Contact(
        String id,
        String customerId,
        String name,
        String title,
        List<Phone> phones,
        List<String> emails,
        String chatIdentity,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public Contact {
        Objects.requireNonNull(id, "contact id");
        Objects.requireNonNull(customerId, "customer id");
        phones = phones == null ? List.of() : List.copyOf(phones);
        emails = emails == null ? List.of() : List.copyOf(emails);
    }
}
