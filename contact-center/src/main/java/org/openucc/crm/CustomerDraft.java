package org.openucc.crm;

import java.util.List;
import java.util.Map;
import org.openucc.interaction.Tier;

/**
 * What a client sends to create or replace a customer. Checked and normalized by {@link CrmRules}.
 *
 * @param pin null keeps the PIN as it is on update (none on create); empty removes it; digits set it
 */
public record CustomerDraft(
        String name,
        Tier tier,
        String industry,
        Address address,
        String accountNumber,
        List<String> tags,
        Map<String, String> customFields,
        String pin) {

    public CustomerDraft {
        address = address == null ? Address.NONE : address;
        tags = tags == null ? List.of() : List.copyOf(tags);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    public static CustomerDraft of(String name, Tier tier, String accountNumber) {
        return new CustomerDraft(name, tier, null, null, accountNumber, null, null, null);
    }

    public CustomerDraft withPin(String newPin) {
        return new CustomerDraft(name, tier, industry, address, accountNumber, tags, customFields, newPin);
    }
}
