package org.openucc.ivr.expr;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every function an expression may call; there is no other way to run code. Pure functions are
 * computed here; environment functions (business hours, time of day, queue figures) are answered by
 * the {@link Scope}. Functions whose first argument names a calendar or a queue take it as a string
 * literal, so the validator can check the name and the runtime can fetch queue figures beforehand.
 */
public final class Functions {
    /** What the first argument of a function names, if anything. */
    public enum Names { NOTHING, CALENDAR, QUEUE }

    /**
     * @param environment answered by the {@link Scope} (depends on the clock, the config or the ACD)
     * @param names       the first argument is a literal naming a calendar or queue
     */
    public record Signature(String name, int minArguments, int maxArguments, boolean environment, Names names,
                            String usage) {
    }

    private static final Map<String, Signature> ALL = new LinkedHashMap<>();

    static {
        env("open", 1, 1, Names.CALENDAR, "open('default'): whether the business-hours calendar is open now");
        env("holiday", 1, 1, Names.CALENDAR, "holiday('default'): whether today is a holiday of the calendar");
        env("hour", 0, 1, Names.CALENDAR, "hour() or hour('calendar'): the hour of day 0..23");
        env("minute", 0, 1, Names.CALENDAR, "minute(): the minute of the hour 0..59");
        env("weekday", 0, 1, Names.CALENDAR, "weekday(): MONDAY .. SUNDAY");
        env("time", 0, 1, Names.CALENDAR, "time(): the time of day as 'HH:mm' (compare with '18:00')");
        env("today", 0, 1, Names.CALENDAR, "today(): the date as 'yyyy-MM-dd'");
        env("waiting", 1, 1, Names.QUEUE, "waiting('sales'): how many interactions wait in the queue");
        env("estimatedWait", 1, 1, Names.QUEUE, "estimatedWait('sales'): seconds a new caller would wait");
        pure("len", 1, 1, "len(text): its length");
        pure("lower", 1, 1, "lower(text)");
        pure("upper", 1, 1, "upper(text)");
        pure("slug", 1, 1, "slug(text): lower case, words joined by '-' (for prompt names)");
        pure("contains", 2, 2, "contains(text, part)");
        pure("startsWith", 2, 2, "startsWith(text, prefix)");
        pure("last", 2, 2, "last(text, n): the last n characters");
        pure("empty", 1, 1, "empty(x): x is not set or is the empty string");
        pure("number", 1, 1, "number(text): the text as a number (nothing if it is not one)");
        pure("default", 2, 2, "default(x, y): x, or y if x is not set or empty");
    }

    private Functions() {
    }

    private static void env(String name, int min, int max, Names names, String usage) {
        ALL.put(name, new Signature(name, min, max, true, names, usage));
    }

    private static void pure(String name, int min, int max, String usage) {
        ALL.put(name, new Signature(name, min, max, false, Names.NOTHING, usage));
    }

    public static Optional<Signature> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static java.util.Set<String> names() {
        return ALL.keySet();
    }

    static Object pure(String name, List<Object> a, int offset) {
        return switch (name) {
            case "len" -> BigDecimal.valueOf(Values.text(a.get(0)).length());
            case "lower" -> Values.text(a.get(0)).toLowerCase(Locale.ROOT);
            case "upper" -> Values.text(a.get(0)).toUpperCase(Locale.ROOT);
            case "slug" -> slug(Values.text(a.get(0)));
            case "contains" -> Values.text(a.get(0)).contains(Values.text(a.get(1)));
            case "startsWith" -> Values.text(a.get(0)).startsWith(Values.text(a.get(1)));
            case "last" -> {
                String s = Values.text(a.get(0));
                int n = Values.operand(a.get(1), "last", offset).intValue();
                yield s.substring(Math.max(0, s.length() - Math.max(0, n)));
            }
            case "empty" -> a.get(0) == null || Values.text(a.get(0)).isEmpty();
            case "number" -> Values.number(a.get(0));
            case "default" -> a.get(0) == null || Values.text(a.get(0)).isEmpty() ? a.get(1) : a.get(0);
            default -> throw new IllegalArgumentException("not a pure function: " + name);
        };
    }

    /** "Refund for delayed shipment" becomes "refund-for-delayed-shipment". */
    public static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-");
        return s.replaceAll("^-+|-+$", "");
    }
}
