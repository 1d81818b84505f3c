package org.openucc.crm;

import java.util.List;

/** What a client sends to create or replace a contact; numbers in any common format. */
public record ContactDraft(String name, String title, List<Phone> phones, List<String> emails, String chatIdentity) {
    public ContactDraft {
        phones = phones == null ? List.of() : List.copyOf(phones);
        emails = emails == null ? List.of() : List.copyOf(emails);
    }

    public static ContactDraft of(String name, String phone, String email) {
        return new ContactDraft(name, null, phone == null ? List.of() : List.of(Phone.of(phone)),
                email == null ? List.of() : List.of(email), null);
    }
}
