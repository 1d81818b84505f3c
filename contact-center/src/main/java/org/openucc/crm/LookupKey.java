package org.openucc.crm;

import java.util.Map;
import java.util.Objects;
import org.openucc.interaction.ContextKeys;

/** What a customer is looked up by when an interaction arrives: the caller's number, the sender's address... */
public sealed interface LookupKey {
    String value();

    /** A caller number in any format; normalized to E.164 before the lookup. */
    record ByPhone(String value) implements LookupKey {
        public ByPhone {
            Objects.requireNonNull(value, "phone");
        }
    }

    /** An email address; compared lower-cased. */
    record ByEmail(String value) implements LookupKey {
        public ByEmail {
            Objects.requireNonNull(value, "email");
        }
    }

    /** The account number, e.g. typed in the IVR. */
    record ByAccountNumber(String value) implements LookupKey {
        public ByAccountNumber {
            Objects.requireNonNull(value, "account number");
        }
    }

    /** The identity of a web-chat or messaging user. */
    record ByChatIdentity(String value) implements LookupKey {
        public ByChatIdentity {
            Objects.requireNonNull(value, "chat identity");
        }
    }

    static LookupKey phone(String value) {
        return new ByPhone(value);
    }

    static LookupKey email(String value) {
        return new ByEmail(value);
    }

    static LookupKey accountNumber(String value) {
        return new ByAccountNumber(value);
    }

    static LookupKey chatIdentity(String value) {
        return new ByChatIdentity(value);
    }

    /**
     * The lookup key an interaction's attributes carry ({@link ContextKeys}): phone, then email,
     * account number, chat identity; null if none.
     */
    static LookupKey fromContext(Map<String, String> attributes) {
        if (attributes == null) {
            return null;
        }
        if (present(attributes.get(ContextKeys.PHONE))) {
            return phone(attributes.get(ContextKeys.PHONE));
        }
        if (present(attributes.get(ContextKeys.EMAIL))) {
            return email(attributes.get(ContextKeys.EMAIL));
        }
        if (present(attributes.get(ContextKeys.ACCOUNT_NUMBER))) {
            return accountNumber(attributes.get(ContextKeys.ACCOUNT_NUMBER));
        }
        if (present(attributes.get(ContextKeys.CHAT_IDENTITY))) {
            return chatIdentity(attributes.get(ContextKeys.CHAT_IDENTITY));
        }
        return null;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
