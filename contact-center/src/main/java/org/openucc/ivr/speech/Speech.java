package org.openucc.ivr.speech;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Says values in one language by joining short prompt fragments ({@code say/7}, {@code say/hundred},
 * {@code say/month-3}…, files under {@code prompts/<language>/say/}). Returns fragment names; the
 * runtime turns them into files of the caller's language.
 */
public interface Speech {
    String language();

    /** A whole number in words, e.g. 123 as one hundred twenty three. */
    List<String> number(long n);

    /** Digit by digit; characters other than 0-9 are skipped. */
    List<String> digits(String digits);

    /** Money with two decimals in the currency (EUR or USD). */
    List<String> amount(BigDecimal value, String currency);

    List<String> date(LocalDate date, boolean withYear);

    List<String> time(LocalTime time);

    /** Every fragment this language can produce (checked to exist when a flow says values). */
    Set<String> fragments();

    /** The speech of a language ({@code en}, {@code zh}, or a regional variant such as {@code en-GB}). */
    static Optional<Speech> of(String language) {
        String base = language.contains("-") ? language.substring(0, language.indexOf('-')) : language;
        return switch (base) {
            case "en" -> Optional.of(new EnglishSpeech(language));
            case "zh" -> Optional.of(new ChineseSpeech(language));
            default -> Optional.empty();
        };
    }

    /** Whole units and cents (rounded half up), both non-negative. */
    static long[] split(BigDecimal value) {
        BigDecimal abs = value.abs().setScale(2, java.math.RoundingMode.HALF_UP);
        long major = abs.longValue();
        long minor = abs.subtract(BigDecimal.valueOf(major)).movePointRight(2).longValue();
        return new long[] {major, minor};
    }
}
