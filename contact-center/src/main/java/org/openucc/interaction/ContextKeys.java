package org.openucc.interaction;

/**
 * Attribute names by which whoever creates an interaction (API, IVR, chat, email adapters) passes how
 * the customer got in touch; the screen pop looks the matching contact up by the first one present
 * ({@link org.openucc.crm.LookupKey#fromContext}).
 */
public final class ContextKeys {
    public static final String PHONE = "phone";
    public static final String EMAIL = "email";
    public static final String ACCOUNT_NUMBER = "accountNumber";
    public static final String CHAT_IDENTITY = "chatIdentity";

    private ContextKeys() {
    }
}
