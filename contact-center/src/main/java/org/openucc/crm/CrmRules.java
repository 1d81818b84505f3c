package org.openucc.crm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openucc.interaction.Tier;

/**
 * The rules every customer, contact, note, task and case must follow, and the normal form each is
 * stored in (trimmed text, E.164 phones, lower-case emails, no duplicate tags). Collects every bad
 * field before failing, so an API client or a CSV row gets all its problems at once. Text is
 * otherwise kept verbatim: quotes, angle brackets and SQL-looking strings are data, not threats.
 */
public final class CrmRules {
    public static final int NAME_MAX = 200;
    public static final int SHORT_MAX = 100;
    public static final int ACCOUNT_MAX = 40;
    public static final int TAG_MAX = 50;
    public static final int TAGS_MAX = 50;
    public static final int FIELD_KEY_MAX = 64;
    public static final int FIELD_VALUE_MAX = 1000;
    public static final int FIELDS_MAX = 100;
    public static final int SUBJECT_MAX = 300;
    public static final int TEXT_MAX = 20_000;
    public static final int PHONES_MAX = 10;
    public static final int EMAILS_MAX = 10;

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
    private static final Pattern FIELD_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern PIN = Pattern.compile("[0-9]{4,8}");

    private final PhoneNormalizer phones;

    public CrmRules(PhoneNormalizer phones) {
        this.phones = phones;
    }

    public PhoneNormalizer phones() {
        return phones;
    }

    /** The draft in normal form (tier defaults to C); throws {@link InvalidFieldsException} listing every problem. */
    public CustomerDraft customer(CustomerDraft d) {
        Errors e = new Errors();
        String name = e.required("name", d.name(), NAME_MAX);
        Tier tier = d.tier() == null ? Tier.C : d.tier();
        String industry = e.optional("industry", d.industry(), SHORT_MAX);
        Address a = d.address();
        Address address = new Address(e.optional("address.street", a.street(), NAME_MAX),
                e.optional("address.postalCode", a.postalCode(), 20), e.optional("address.city", a.city(), SHORT_MAX),
                e.optional("address.region", a.region(), SHORT_MAX), e.optional("address.country", a.country(), SHORT_MAX));
        String account = e.optional("accountNumber", d.accountNumber(), ACCOUNT_MAX);
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            e.add("accountNumber", "may only contain letters, digits, '.', '_', '/' and '-', starting with a letter or digit");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < d.tags().size(); i++) {
            String tag = e.required("tags[" + i + "]", d.tags().get(i), TAG_MAX);
            if (tag != null) {
                tags.add(tag);
            }
        }
        if (tags.size() > TAGS_MAX) {
            e.add("tags", "at most " + TAGS_MAX + " tags");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        d.customFields().forEach((k, v) -> {
            String at = "customFields." + k;
            if (k == null || k.length() > FIELD_KEY_MAX || !FIELD_KEY.matcher(k).matches()) {
                e.add(at, "field names are 1-" + FIELD_KEY_MAX + " letters, digits, '_', '.' or '-', starting with a letter");
            } else if (v == null) {
                e.add(at, "value must not be null");
            } else if (v.length() > FIELD_VALUE_MAX) {
                e.add(at, "value is longer than " + FIELD_VALUE_MAX + " characters");
            } else {
                fields.put(k, v);
            }
        });
        if (fields.size() > FIELDS_MAX) {
            e.add("customFields", "at most " + FIELDS_MAX + " custom fields");
        }
        if (d.pin() != null && !d.pin().isEmpty() && !PIN.matcher(d.pin()).matches()) {
            e.add("pin", "PIN must be 4 to 8 digits");
        }
        e.throwIfAny("customer");
        return new CustomerDraft(name, tier, industry, address, account, List.copyOf(tags), fields, d.pin());
    }

    public ContactDraft contact(ContactDraft d) {
        Errors e = new Errors();
        String name = e.required("name", d.name(), NAME_MAX);
        String title = e.optional("title", d.title(), SHORT_MAX);
        List<Phone> phoneList = new ArrayList<>();
        Set<String> seenPhones = new LinkedHashSet<>();
        for (int i = 0; i < d.phones().size(); i++) {
            Phone p = d.phones().get(i);
            try {
                String number = phones.normalize(p.number());
                if (seenPhones.add(number)) {
                    phoneList.add(new Phone(number, e.optional("phones[" + i + "].label", p.label(), 40)));
                }
            } catch (IllegalArgumentException ex) {
                e.add("phones[" + i + "].number", ex.getMessage());
            }
        }
        if (phoneList.size() > PHONES_MAX) {
            e.add("phones", "at most " + PHONES_MAX + " phone numbers");
        }
        Set<String> emails = new LinkedHashSet<>();
        for (int i = 0; i < d.emails().size(); i++) {
            try {
                emails.add(EmailAddresses.normalize(d.emails().get(i)));
            } catch (IllegalArgumentException ex) {
                e.add("emails[" + i + "]", ex.getMessage());
            }
        }
        if (emails.size() > EMAILS_MAX) {
            e.add("emails", "at most " + EMAILS_MAX + " email addresses");
        }
        String chat = e.optional("chatIdentity", d.chatIdentity(), NAME_MAX);
        e.throwIfAny("contact");
        return new ContactDraft(name, title, phoneList, List.copyOf(emails), chat);
    }

    public NoteDraft note(NoteDraft d) {
        Errors e = new Errors();
        String author = e.required("author", d.author(), SHORT_MAX);
        String text = e.requiredVerbatim("text", d.text(), TEXT_MAX);
        String interaction = e.optional("interactionId", d.interactionId(), SHORT_MAX);
        e.throwIfAny("note");
        return new NoteDraft(author, text, interaction);
    }

    public TaskDraft task(TaskDraft d) {
        Errors e = new Errors();
        String subject = e.required("subject", d.subject(), SUBJECT_MAX);
        String owner = e.optional("ownerAgentId", d.ownerAgentId(), SHORT_MAX);
        e.throwIfAny("task");
        return new TaskDraft(subject, d.due(), owner, d.status());
    }

    public CaseDraft serviceCase(CaseDraft d) {
        Errors e = new Errors();
        String subject = e.required("subject", d.subject(), SUBJECT_MAX);
        String description = d.description() == null ? null : e.requiredVerbatim("description", d.description(), TEXT_MAX);
        String owner = e.optional("ownerAgentId", d.ownerAgentId(), SHORT_MAX);
        e.throwIfAny("case");
        return new CaseDraft(subject, description, d.status(), d.priority(), owner);
    }

    /** Collects field errors; returns cleaned values so a rule reads as one line. */
    private static final class Errors {
        final List<FieldError> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldError(field, message));
        }

        String required(String field, String value, int max) {
            String v = Text.trimToNull(value);
            if (v == null) {
                add(field, "is required");
                return null;
            }
            return checked(field, v, max);
        }

        /** Required, kept exactly as given (a note's line breaks and indentation are the author's). */
        String requiredVerbatim(String field, String value, int max) {
            if (value == null || value.isBlank()) {
                add(field, "is required");
                return null;
            }
            if (value.length() > max) {
                add(field, "is longer than " + max + " characters");
            }
            return value;
        }

        String optional(String field, String value, int max) {
            String v = Text.trimToNull(value);
            return v == null ? null : checked(field, v, max);
        }

        private String checked(String field, String v, int max) {
            if (v.length() > max) {
                add(field, "is longer than " + max + " characters");
            }
            if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                add(field, "must not contain control characters (line breaks, tabs, NUL)");
            }
            return v;
        }

        void throwIfAny(String what) {
            if (!list.isEmpty()) {
                throw new InvalidFieldsException(what, list);
            }
        }
    }
}
