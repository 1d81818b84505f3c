package org.openucc.crm;

/** String helpers for CRM values: blank means absent. */
final class Text {
    private Text() {
    }

    static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
