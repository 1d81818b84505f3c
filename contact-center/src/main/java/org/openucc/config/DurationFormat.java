package org.openucc.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 4h}, {@code 1d},
 * combinations such as {@code 1h30m}, a plain number of seconds ({@code 20}), or ISO-8601
 * ({@code PT20S}). A leading {@code -} is accepted here so the validator can say "must not be negative"
 * at the right line instead of a vague format error.
 */
public final class DurationFormat {
    public static final String EXPECTED = "a duration like 500ms, 30s, 2m, 4h, 1d or 1h30m";

    private static final Pattern PLAIN_SECONDS = Pattern.compile("-?\\d+");
    private static final Pattern WHOLE = Pattern.compile("-?(\\s*\\d+\\s*(ms|s|m|h|d))+\\s*");
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationFormat() {
    }

    /** @throws IllegalArgumentException saying what was expected */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (PLAIN_SECONDS.matcher(t).matches()) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            if (t.startsWith("p") || t.startsWith("-p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (WHOLE.matcher(t).matches()) {
                Duration total = Duration.ZERO;
                Matcher m = PART.matcher(t);
                while (m.find()) {
                    total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
                }
                return t.startsWith("-") ? total.negated() : total;
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("duration '" + text + "' is out of range or malformed", e);
        }
        throw new IllegalArgumentException("expected " + EXPECTED + ", found '" + text + "'");
    }

    /** The shortest form {@link #parse} reads back to the same duration, e.g. {@code 1m30s}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        append(sb, days, "d");
        append(sb, d.toHoursPart(), "h");
        append(sb, d.toMinutesPart(), "m");
        append(sb, d.toSecondsPart(), "s");
        append(sb, d.toMillisPart(), "ms");
        if (d.getNano() % 1_000_000 != 0) {
            // Sub-millisecond precision has no short form; ISO-8601 keeps it exact.
            return d.toString();
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, long amount, String unit) {
        if (amount != 0) {
            sb.append(amount).append(unit);
        }
    }

    private static Duration unit(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "'");
        };
    }
}
