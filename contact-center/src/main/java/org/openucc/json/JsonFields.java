package org.openucc.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openucc.crm.FieldError;
import org.openucc.fault.InvalidInputException;

/**
 * Reads a JSON request object field by field and collects every problem (wrong type, missing, out
 * of range, unknown field) before failing, so a client learns all of them at once. Strings are kept
 * exactly as sent: quotes, angle brackets and SQL-looking text are data. Used for REST bodies and
 * WebSocket messages alike; {@link #end()} throws {@link InvalidInputException} naming each bad field.
 */
public final class JsonFields {
    private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build())
            .build();

    private final ObjectNode node;
    private final String prefix;
    private final List<FieldError> errors;
    private final Set<String> read = new HashSet<>();

    private JsonFields(ObjectNode node, String prefix, List<FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** @throws InvalidInputException if the text is not one JSON object */
    public static JsonFields parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException("the request needs a JSON object body");
        }
        JsonNode tree;
        try {
            tree = READER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new InvalidInputException("malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException("expected a JSON object, found " + (tree == null ? "nothing" : kind(tree)));
        }
        return new JsonFields((ObjectNode) tree, "", new ArrayList<>());
    }

    public static JsonFields of(ObjectNode node) {
        return new JsonFields(node, "", new ArrayList<>());
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** Text exactly as sent; null if absent. Over {@code max} characters or with NUL is an error. */
    public String text(String field, boolean required, int max) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            return wrongType(field, "text", v);
        }
        String s = v.textValue();
        if (required && s.isBlank()) {
            add(field, "must not be empty");
        } else if (s.length() > max) {
            add(field, "is longer than " + max + " characters");
        } else if (s.indexOf('\0') >= 0) {
            add(field, "must not contain NUL characters");
        }
        return s;
    }

    /** A short text or number as text (e.g. a client's message id); null if absent. */
    public String scalarText(String field, int max) {
        JsonNode v = value(field, false);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            return wrongType(field, "text or a number", v);
        }
        String s = v.asText();
        if (s.length() > max) {
            add(field, "is longer than " + max + " characters");
            return null;
        }
        return s;
    }

    public Integer integer(String field, boolean required, int min, int max) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            return wrongType(field, "a whole number", v);
        }
        int i = v.intValue();
        if (i < min || i > max) {
            add(field, "must be " + min + ".." + max + ", not " + i);
        }
        return i;
    }

    public Long whole(String field, boolean required, long min) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            return wrongType(field, "a whole number", v);
        }
        long l = v.longValue();
        if (l < min) {
            add(field, "must be " + min + " or more, not " + l);
        }
        return l;
    }

    public Boolean bool(String field, boolean required) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        return v.isBoolean() ? v.booleanValue() : wrongType(field, "true or false", v);
    }

    /** An enum constant by name, case-insensitive ({@code voice} is VOICE). */
    public <E extends Enum<E>> E enumValue(String field, Class<E> type, boolean required) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v.textValue().strip().replace('-', '_'))) {
                    return e;
                }
            }
        }
        Set<String> names = new TreeSet<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        add(field, "must be one of " + String.join(", ", names));
        return null;
    }

    public Instant instant(String field, boolean required) {
        String s = text(field, required, 64);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            add(field, "must be an ISO-8601 time such as 2026-01-31T09:30:00Z");
            return null;
        }
    }

    public List<String> textList(String field, int maxItems, int maxLength) {
        JsonNode v = value(field, false);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            return wrongType(field, "a list of text", v);
        }
        if (v.size() > maxItems) {
            add(field, "at most " + maxItems + " items");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual()) {
                add(field + "[" + i + "]", "must be text");
            } else if (item.textValue().length() > maxLength) {
                add(field + "[" + i + "]", "is longer than " + maxLength + " characters");
            } else {
                out.add(item.textValue());
            }
        }
        return out;
    }

    /** An object of text values ({@code {"key": "value"}}), in the order sent. */
    public Map<String, String> textMap(String field, int maxEntries, int maxLength) {
        JsonNode v = value(field, false);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            return wrongType(field, "an object of text values", v);
        }
        if (v.size() > maxEntries) {
            add(field, "at most " + maxEntries + " entries");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = field + "." + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().length() > 100) {
                add(at, "keys are 1..100 characters");
            } else if (!e.getValue().isTextual()) {
                add(at, "must be text");
            } else if (e.getValue().textValue().length() > maxLength) {
                add(at, "is longer than " + maxLength + " characters");
            } else {
                out.put(e.getKey(), e.getValue().textValue());
            }
        }
        return out;
    }

    /** An object of whole numbers in a range ({@code {"billing": 5}}), in the order sent. */
    public Map<String, Integer> integerMap(String field, boolean required, int maxEntries, int min, int max) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            return wrongType(field, "an object of whole numbers", v);
        }
        if (v.size() > maxEntries) {
            add(field, "at most " + maxEntries + " entries");
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = field + "." + e.getKey();
            JsonNode n = e.getValue();
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                add(at, "must be a whole number");
            } else if (n.intValue() < min || n.intValue() > max) {
                add(at, "must be " + min + ".." + max + ", not " + n.intValue());
            } else {
                out.put(e.getKey(), n.intValue());
            }
        }
        return out;
    }

    /** A list of objects, each read with the same rules; problems carry {@code field[i].} as prefix. */
    public List<JsonFields> objectList(String field, int maxItems) {
        JsonNode v = value(field, false);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            wrongType(field, "a list of objects", v);
            return List.of();
        }
        if (v.size() > maxItems) {
            add(field, "at most " + maxItems + " items");
        }
        List<JsonFields> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isObject()) {
                out.add(new JsonFields((ObjectNode) v.get(i), prefix + field + "[" + i + "].", errors));
            } else {
                add(field + "[" + i + "]", "must be an object");
            }
        }
        return out;
    }

    /** A nested object, read with the same rules; its problems carry {@code field.} as prefix. */
    public JsonFields object(String field) {
        JsonNode v = value(field, false);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            return wrongType(field, "an object", v);
        }
        return new JsonFields((ObjectNode) v, prefix + field + ".", errors);
    }

    /** Records a problem found by the caller's own rule (e.g. an unknown queue). */
    public void add(String field, String message) {
        errors.add(new FieldError(prefix + field, message));
    }

    /** Fields that were sent but are not part of the request: each is an error. */
    public List<String> unknownFields() {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!read.contains(name)) {
                unknown.add(name);
            }
        });
        return unknown;
    }

    /** Rejects unknown fields (here and in nested objects read before) and throws if anything was wrong. */
    public void end() {
        for (String name : unknownFields()) {
            add(name, "unknown field");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** Only the unknown-field check of a nested object; the outer {@link #end()} throws. */
    public void endNested() {
        for (String name : unknownFields()) {
            add(name, "unknown field");
        }
    }

    private JsonNode value(String field, boolean required) {
        read.add(field);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        return v;
    }

    private <T> T wrongType(String field, String expected, JsonNode found) {
        add(field, "must be " + expected + ", not " + kind(found));
        return null;
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "text";
        }
        if (n.isBoolean()) {
            return "true/false";
        }
        if (n.isNumber()) {
            return "a number";
        }
        return "null";
    }
}
