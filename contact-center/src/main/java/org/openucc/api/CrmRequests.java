package org.openucc.api;

import java.util.ArrayList;
import java.util.List;
import org.openucc.crm.Address;
import org.openucc.crm.CaseDraft;
import org.openucc.crm.CasePriority;
import org.openucc.crm.CaseStatus;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.NoteDraft;
import org.openucc.crm.Phone;
import org.openucc.crm.TaskDraft;
import org.openucc.crm.TaskStatus;
import org.openucc.json.JsonFields;
import org.openucc.interaction.Tier;

/**
 * Reads CRM request bodies into drafts: shape and types here (each bad or unknown field named), the
 * CRM's own rules ({@code CrmRules}: lengths, phone numbers, emails) when the store checks the draft.
 * Text is kept as sent. Replacing ({@code PUT}) bodies also carry the {@code version} that was read.
 */
final class CrmRequests {
    /** Generous: the CRM rules have the real limits and say them per field. */
    private static final int TEXT = 20_000;

    private CrmRequests() {
    }

    /** A draft and the version the client read (null for a create). */
    record Versioned<T>(T draft, Long version) {
    }

    static Versioned<CustomerDraft> customer(String body, boolean replace) {
        JsonFields f = JsonFields.parse(body);
        Long version = version(f, replace);
        String name = f.text("name", false, TEXT);
        Tier tier = f.enumValue("tier", Tier.class, false);
        String industry = f.text("industry", false, TEXT);
        Address address = address(f.object("address"));
        String account = f.text("accountNumber", false, TEXT);
        List<String> tags = f.textList("tags", 1000, TEXT);
        var fields = f.textMap("customFields", 1000, TEXT);
        String pin = f.text("pin", false, 100);
        f.end();
        return new Versioned<>(new CustomerDraft(name, tier, industry, address, account, tags, fields, pin), version);
    }

    private static Address address(JsonFields a) {
        if (a == null) {
            return null;
        }
        Address address = new Address(a.text("street", false, TEXT), a.text("postalCode", false, TEXT),
                a.text("city", false, TEXT), a.text("region", false, TEXT), a.text("country", false, TEXT));
        a.endNested();
        return address;
    }

    static Versioned<ContactDraft> contact(String body, boolean replace) {
        JsonFields f = JsonFields.parse(body);
        Long version = version(f, replace);
        String name = f.text("name", false, TEXT);
        String title = f.text("title", false, TEXT);
        List<Phone> phones = new ArrayList<>();
        List<JsonFields> phoneItems = f.objectList("phones", 100);
        for (JsonFields p : phoneItems) {
            String number = p.text("number", true, 100);
            String label = p.text("label", false, TEXT);
            p.endNested();
            if (number != null) {
                phones.add(new Phone(number, label));
            }
        }
        List<String> emails = f.textList("emails", 100, 1000);
        String chat = f.text("chatIdentity", false, TEXT);
        f.end();
        return new Versioned<>(new ContactDraft(name, title, phones, emails, chat), version);
    }

    static Versioned<NoteDraft> note(String body, boolean replace, String author) {
        JsonFields f = JsonFields.parse(body);
        Long version = version(f, replace);
        String text = f.text("text", false, TEXT + 1);
        String interactionId = f.text("interactionId", false, 200);
        f.end();
        return new Versioned<>(new NoteDraft(author, text, interactionId), version);
    }

    static Versioned<TaskDraft> task(String body, boolean replace) {
        JsonFields f = JsonFields.parse(body);
        Long version = version(f, replace);
        TaskDraft d = new TaskDraft(f.text("subject", false, TEXT), f.instant("due", false),
                f.text("ownerAgentId", false, TEXT), f.enumValue("status", TaskStatus.class, false));
        f.end();
        return new Versioned<>(d, version);
    }

    static Versioned<CaseDraft> serviceCase(String body, boolean replace) {
        JsonFields f = JsonFields.parse(body);
        Long version = version(f, replace);
        CaseDraft d = new CaseDraft(f.text("subject", false, TEXT), f.text("description", false, TEXT + 1),
                f.enumValue("status", CaseStatus.class, false), f.enumValue("priority", CasePriority.class, false),
                f.text("ownerAgentId", false, TEXT));
        f.end();
        return new Versioned<>(d, version);
    }

    private static Long version(JsonFields f, boolean replace) {
        if (!replace) {
            return null;
        }
        return f.whole("version", true, 1);
    }
}
