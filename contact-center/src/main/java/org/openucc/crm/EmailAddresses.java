package org.openucc.crm;

import java.util.Locale;

/**
 * Email addresses are stored and looked up lower-cased and trimmed: {@code Anna.Schmidt@Example.COM}
 * and {@code anna.schmidt@example.com} are one contact. (Strictly the local part is case-sensitive;
 * no mail system in practice treats it so, and a missed screen pop costs more.)
 */
public final class EmailAddresses {
    public static final int MAX_LENGTH = 254;

    private EmailAddresses() {
    }

    /** The normalized address; fails naming what is wrong. */
    public static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("email address is empty");
        }
        String email = raw.strip().toLowerCase(Locale.ROOT);
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) {
            throw new IllegalArgumentException("'" + raw + "' is not an email address (needs one @ between a name and a domain)");
        }
        if (email.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("email address is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("'" + raw + "' is not an email address (contains a space or control character)");
            }
        }
        return email;
    }

    /** For lookups: the normalized form, or null if this is no email address. */
    public static String normalizeOrNull(String raw) {
        try {
            return normalize(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
