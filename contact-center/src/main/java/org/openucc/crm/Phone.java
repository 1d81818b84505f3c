package org.openucc.crm;

import java.util.Objects;

/**
 * A contact's phone number.
 *
 * @param number E.164 ({@code +4930123456}) once stored; whatever the client typed in a draft
 * @param label  what kind of number (mobile, work, home...), may be null
 */
public record Phone(String number, String label) {
    public Phone {
        Objects.requireNonNull(number, "phone number");
        label = Text.trimToNull(label);
    }

    public static Phone of(String number) {
        return new Phone(number, null);
    }
}
