package org.openucc.config.loader;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum values as operators may write them ({@code chat}, {@code outbound-voice}) and as messages name them. */
final class EnumNames {
    private EnumNames() {
    }

    /** The constant's name for text written in any case, with {@code -} for {@code _}; null if none matches. */
    static String constant(Class<?> type, String text) {
        String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Object c : type.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(wanted)) {
                return wanted;
            }
        }
        return null;
    }

    /** {@code VOICE, CHAT, EMAIL, …} for "use one of" messages. */
    static String all(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
    }

    /** {@code MaxWaitAction} reads as "max wait action" in messages. */
    static String noun(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
