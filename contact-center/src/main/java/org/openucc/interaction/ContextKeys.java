package org.openucc.cti;

import java.util.Map;
import org.openucc.crm.LookupKey;

/**
 * Attribute names by which whoever creates an interaction (API, IVR, chat, email adapters) passes how
 * the customer got in touch; the screen pop looks the matching contact up by the first one present.
 */
public final class ContextKeys {
    public static final String PHONE = "phone";
    public static final String EMAIL = "email";
    public static final String ACCOUNT_NUMBER = "accountNumber";
    public static final String CHAT_IDENTITY = "chatIdentity";

    private ContextKeys() {
    }

    /** The lookup key the attributes carry: phone, then email, account number, chat identity; null if none. */
    public static LookupKey lookupKey(Map<String, String> attributes) {
        if (attributes == null) {
            return null;
        }
        if (present(attributes.get(PHONE))) {
            return LookupKey.phone(attributes.get(PHONE));
        }
        if (present(attributes.get(EMAIL))) {
            return LookupKey.email(attributes.get(EMAIL));
        }
        if (present(attributes.get(ACCOUNT_NUMBER))) {
            return LookupKey.accountNumber(attributes.get(ACCOUNT_NUMBER));
        }
        if (present(attributes.get(CHAT_IDENTITY))) {
            return LookupKey.chatIdentity(attributes.get(CHAT_IDENTITY));
        }
        return null;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
