package org.openucc.config.loader;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.openucc.config.DurationFormat;
import org.openucc.config.TimeRange;

/**
 * The value types written as one piece of text in the YAML (durations, times, dates, time zones),
 * with their parsers. The checker and the Jackson binding use the same parsers, so whatever the
 * checker accepted binds.
 */
final class ScalarTypes {
    /** A text-valued type: what to tell the operator, and how to parse it. */
    record ScalarType<T>(Class<T> type, Function<String, T> parser) {
        /** @throws IllegalArgumentException with a message for the operator */
        T parse(String text) {
            return parser.apply(text);
        }
    }

    private static final Map<Class<?>, ScalarType<?>> TYPES = new LinkedHashMap<>();

    static {
        register(Duration.class, DurationFormat::parse);
        register(TimeRange.class, ScalarTypes::timeRange);
        register(LocalTime.class, ScalarTypes::localTime);
        register(LocalDate.class, ScalarTypes::localDate);
        register(ZoneId.class, ScalarTypes::zoneId);
    }

    private ScalarTypes() {
    }

    static ScalarType<?> of(Class<?> type) {
        return TYPES.get(type);
    }

    static Iterable<ScalarType<?>> all() {
        return TYPES.values();
    }

    private static <T> void register(Class<T> type, Function<String, T> parser) {
        TYPES.put(type, new ScalarType<>(type, parser));
    }

    /** {@code 08:00-18:00}; {@code 24:00} as the end means "until midnight". */
    static TimeRange timeRange(String text) {
        String[] parts = text.split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected a time range like 08:00-18:00, found '" + text + "'");
        }
        LocalTime from = localTime(parts[0]);
        String end = parts[1].trim();
        LocalTime to = end.equals("24:00") ? LocalTime.MAX : localTime(end);
        return new TimeRange(from, to);
    }

    static LocalTime localTime(String text) {
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("expected a time like 08:30, found '" + text.trim() + "'", e);
        }
    }

    static LocalDate localDate(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("expected a date like 2026-12-25, found '" + text + "'", e);
        }
    }

    static ZoneId zoneId(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + text
                    + "'; use a region like Europe/Berlin or an offset like +01:00", e);
        }
    }
}
