package org.openucc.crm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openucc.interaction.Tier;

/**
 * An account: the company or person the contact center serves. Contacts, notes, tasks and cases
 * hang off it; interactions are linked to it once the caller is identified.
 *
 * @param accountNumber unique, what a caller types in the IVR (may be null)
 * @param tags          free labels, kept in the order given, no duplicates
 * @param customFields  integrator-defined key/value pairs
 * @param hasPin        whether an IVR PIN is set (the PIN itself is only stored hashed)
 * @param version       increases on every change; updates must name the version they read
 */
public record Customer(
        String id,
        String name,
        Tier tier,
        String industry,
        Address address,
        String accountNumber,
        List<String> tags,
        Map<String, String> customFields,
        boolean hasPin,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public Customer {
        Objects.requireNonNull(id, "customer id");
        address = address == null ? Address.NONE : address;
        tags = tags == null ? List.of() : List.copyOf(tags);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }
}
