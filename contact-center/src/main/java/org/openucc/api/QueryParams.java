package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.openucc.crm.FieldError;
import org.openucc.crm.PageRequest;
import org.openucc.http.BadRequestException;

/** Reads query parameters with the same rules as JSON fields: every bad or unknown one is named at once. */
final class QueryParams {
    static final int DEFAULT_LIMIT = 50;

    private final RoutingContext ctx;
    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    QueryParams(RoutingContext ctx) {
        this.ctx = ctx;
    }

    String text(String name, int max) {
        read.add(name);
        List<String> all = ctx.queryParam(name);
        if (all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            errors.add(new FieldError(name, "is given " + all.size() + " times; give it once"));
        }
        String v = all.get(0);
        if (v.length() > max) {
            errors.add(new FieldError(name, "is longer than " + max + " characters"));
        }
        return v.isEmpty() ? null : v;
    }

    Integer integer(String name, int min, int max) {
        String v = text(name, 12);
        if (v == null) {
            return null;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number " + min + ".." + max));
        return null;
    }

    boolean flag(String name) {
        String v = text(name, 5);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (!v.equals("true")) {
            errors.add(new FieldError(name, "must be true or false"));
        }
        return true;
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String v = text(name, 40);
        if (v == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
                return e;
            }
        }
        Set<String> names = new TreeSet<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        errors.add(new FieldError(name, "must be one of " + String.join(", ", names)));
        return null;
    }

    Instant instant(String name) {
        String v = text(name, 64);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 time such as 2026-01-31T09:30:00Z"));
            return null;
        }
    }

    java.time.LocalDate localDate(String name) {
        String v = text(name, 32);
        if (v == null) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be a date such as 2026-01-31"));
            return null;
        }
    }

    /** {@code offset} (default 0) and {@code limit} (default 50, at most 1000). */
    PageRequest page() {
        Integer offset = integer("offset", 0, Integer.MAX_VALUE);
        Integer limit = integer("limit", 1, PageRequest.MAX_LIMIT);
        return new PageRequest(offset == null ? 0 : offset, limit == null ? DEFAULT_LIMIT : limit);
    }

    void require(String name, Object value) {
        if (value == null && errors.stream().noneMatch(e -> e.field().equals(name))) {
            errors.add(new FieldError(name, "is required"));
        }
    }

    /** Throws naming every bad parameter and every parameter this endpoint does not take. */
    void end() {
        new TreeSet<>(ctx.queryParams().names()).forEach(name -> {
            if (!read.contains(name)) {
                errors.add(new FieldError(name, "unknown parameter"));
            }
        });
        if (!errors.isEmpty()) {
            throw new BadRequestException(errors);
        }
    }
}
