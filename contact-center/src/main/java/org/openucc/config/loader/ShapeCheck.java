package org.openucc.config.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openucc.config.loader.SourceMap.Position;

/**
 * Checks a YAML tree against the shape of the config records (keys, nesting, value types) and returns
 * a cleaned tree that Jackson binds without error. Jackson on its own stops at the first mistake; this
 * walk reports every one with its line and drops the bad value, so one run shows them all.
 *
 * <p>Along the way it normalizes enum names ({@code chat}, {@code outbound-voice} and {@code monday}
 * become {@code CHAT}, {@code OUTBOUND_VOICE}, {@code MONDAY}), keeps strings exactly as written
 * ({@code no} stays "no", not false), treats an empty value as "not written", and fills keys that
 * are not written from the record's {@code DEFAULTS}/{@code DEFAULT} constant where the record has
 * one, because a missing {@code int} would otherwise silently become 0.
 */
final class ShapeCheck {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final SourceMap sources;
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** Pointers (as written) whose value was dropped: later rules about them would only repeat the problem. */
    private final Set<String> damaged = new HashSet<>();

    /**
     * @param tree    the cleaned tree, or null if the root itself is unusable
     * @param damaged pointers (as written) of values that were reported and left out
     */
    record Result(JsonNode tree, List<ConfigProblem> problems, Set<String> damaged) {
    }

    private ShapeCheck(String file, SourceMap sources) {
        this.file = file;
        this.sources = sources;
    }

    static Result check(JsonNode root, Class<?> type, String file, SourceMap sources) {
        ShapeCheck check = new ShapeCheck(file, sources);
        JsonNode tree = check.check(root, type, "");
        return new Result(tree, List.copyOf(check.problems), Set.copyOf(check.damaged));
    }

    private JsonNode check(JsonNode node, Type type, String at) {
        Class<?> raw = rawClass(type);
        if (raw == null || raw == Object.class) {
            return node; // a type variable, wildcard or untyped value: leave it to Jackson
        }
        if (ScalarTypes.of(raw) != null) {
            return checkScalar(node, raw, at); // before records: a TimeRange is a record written as text
        }
        if (raw.isRecord()) {
            return checkRecord(node, raw, at);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return checkList(node, typeArgument(type, 0), Set.class.isAssignableFrom(raw), at);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return checkMap(node, typeArgument(type, 0), typeArgument(type, 1), at);
        }
        return checkScalar(node, raw, at);
    }

    private JsonNode checkRecord(JsonNode node, Class<?> type, String at) {
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            components.put(c.getName(), c);
        }
        if (!node.isObject()) {
            problem(at, false, display(at) + ": expected a mapping with the keys "
                    + String.join(", ", components.keySet()) + ", found " + describe(node, at));
            return null;
        }
        ObjectNode out = NODES.objectNode();
        node.fields().forEachRemaining(e -> {
            String key = e.getKey();
            String child = JsonPointer.append(at, key);
            RecordComponent component = components.get(key);
            if (component == null) {
                problem(child, true, unknownKey(key, at, components.keySet()));
            } else if (!e.getValue().isNull()) {
                JsonNode checked = check(e.getValue(), component.getGenericType(), child);
                if (checked != null) {
                    out.set(key, checked);
                }
            }
        });
        fillDefaults(type, out);
        return out;
    }

    private JsonNode checkList(JsonNode node, Type itemType, boolean isSet, String at) {
        if (!node.isArray()) {
            problem(at, false, display(at) + ": expected a list ([a, b] or one '- item' per line), found "
                    + describe(node, at));
            return null;
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < node.size(); i++) {
            String child = JsonPointer.append(at, i);
            JsonNode item = node.get(i);
            if (item.isNull()) {
                problem(child, false, display(at) + ": empty list item");
                continue;
            }
            JsonNode checked = check(item, itemType, child);
            if (checked == null) {
                continue;
            }
            if (isSet && checked.isValueNode() && contains(out, checked)) {
                problem(child, false, display(at) + ": '" + checked.asText() + "' is listed twice");
                continue;
            }
            sources.rename(at, String.valueOf(out.size()), String.valueOf(i));
            out.add(checked);
        }
        return out;
    }

    private JsonNode checkMap(JsonNode node, Type keyType, Type valueType, String at) {
        if (!node.isObject()) {
            problem(at, false, display(at) + ": expected a mapping (key: value), found " + describe(node, at));
            return null;
        }
        ObjectNode out = NODES.objectNode();
        node.fields().forEachRemaining(e -> {
            String written = e.getKey();
            String child = JsonPointer.append(at, written);
            String key = checkKey(written, keyType, at, child);
            if (key == null) {
                return;
            }
            if (e.getValue().isNull()) {
                problem(child, true, display(child) + ": has no value");
                return;
            }
            if (out.has(key)) {
                problem(child, true, display(at) + ": '" + written + "' is the same key as '"
                        + key + "' written before");
                return;
            }
            JsonNode checked = check(e.getValue(), valueType, child);
            if (checked != null) {
                sources.rename(at, key, written);
                out.set(key, checked);
            }
        });
        return out;
    }

    /** The map key as Jackson should see it, or null if it is not a valid key. */
    private String checkKey(String written, Type keyType, String map, String child) {
        Class<?> raw = rawClass(keyType);
        if (raw != null && raw.isEnum()) {
            String constant = EnumNames.constant(raw, written);
            if (constant == null) {
                problem(child, true, display(map) + ": '" + written + "' is not a " + EnumNames.noun(raw)
                        + "; use one of " + EnumNames.all(raw));
            }
            return constant;
        }
        if (raw == Integer.class || raw == Long.class) {
            if (!written.trim().matches("-?\\d+")) {
                problem(child, true, display(map) + ": key '" + written + "' must be a whole number");
                return null;
            }
            return written.trim();
        }
        ScalarTypes.ScalarType<?> scalar = raw == null ? null : ScalarTypes.of(raw);
        if (scalar != null) {
            try {
                scalar.parse(written);
            } catch (IllegalArgumentException ex) {
                problem(child, true, display(map) + ": " + ex.getMessage());
                return null;
            }
        }
        return written;
    }

    private JsonNode checkScalar(JsonNode node, Class<?> type, String at) {
        if (node.isContainerNode()) {
            problem(at, false, display(at) + ": expected " + expectation(type) + ", found "
                    + describe(node, at));
            return null;
        }
        String text = textOf(node, at);
        if (type == String.class) {
            return NODES.textNode(text);
        }
        if (type.isEnum()) {
            String constant = EnumNames.constant(type, text);
            if (constant == null) {
                problem(at, false, display(at) + ": '" + text + "' is not a " + EnumNames.noun(type)
                        + "; use one of " + EnumNames.all(type));
                return null;
            }
            return NODES.textNode(constant);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            boolean fits = node.isIntegralNumber()
                    && (type == long.class || type == Long.class ? node.canConvertToLong() : node.canConvertToInt());
            if (!fits) {
                problem(at, false, display(at) + ": expected a whole number, found '" + text + "'");
                return null;
            }
            return node;
        }
        if (type == boolean.class || type == Boolean.class) {
            if (!node.isBoolean()) {
                problem(at, false, display(at) + ": expected true or false, found '" + text + "'");
                return null;
            }
            return node;
        }
        if (type == double.class || type == Double.class) {
            if (!node.isNumber()) {
                problem(at, false, display(at) + ": expected a number, found '" + text + "'");
                return null;
            }
            return node;
        }
        ScalarTypes.ScalarType<?> scalar = ScalarTypes.of(type);
        if (scalar == null) {
            return node; // a type this checker does not know: Jackson binds it and reports what it must
        }
        try {
            scalar.parse(text);
            return NODES.textNode(text);
        } catch (IllegalArgumentException e) {
            problem(at, false, display(at) + ": " + e.getMessage());
            return null;
        }
    }

    /** Keys not written take the record's DEFAULTS value where it is a plain value (primitives, strings). */
    private void fillDefaults(Class<?> type, ObjectNode out) {
        Object defaults = defaultsOf(type);
        if (defaults == null) {
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            if (out.has(c.getName())) {
                continue;
            }
            Object value;
            try {
                value = c.getAccessor().invoke(defaults);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read default " + type.getSimpleName() + "." + c.getName(), e);
            }
            if (value instanceof Integer i) {
                out.put(c.getName(), i);
            } else if (value instanceof Long l) {
                out.put(c.getName(), l);
            } else if (value instanceof Boolean b) {
                out.put(c.getName(), b);
            } else if (value instanceof String s) {
                out.put(c.getName(), s);
            }
        }
    }

    private static Object defaultsOf(Class<?> type) {
        for (String name : List.of("DEFAULTS", "DEFAULT")) {
            try {
                Field f = type.getField(name);
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == type) {
                    return f.get(null);
                }
            } catch (NoSuchFieldException e) {
                // this record has no constant of that name; try the next
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + name, e);
            }
        }
        return null;
    }

    private String unknownKey(String key, String at, Set<String> allowed) {
        String where = at.isEmpty() ? "at the top level" : "in " + display(at);
        StringBuilder sb = new StringBuilder("unknown key '" + key + "' " + where);
        String suggestion = Suggestions.closest(key, allowed);
        if (suggestion != null) {
            sb.append("; did you mean '").append(suggestion).append("'?");
        }
        sb.append(" (allowed: ").append(String.join(", ", allowed)).append(')');
        return sb.toString();
    }

    /** Text as written for scalars: YAML would turn {@code no} into false and {@code 007} into 7. */
    private String textOf(JsonNode node, String at) {
        String raw = sources.rawScalar(at);
        return raw != null ? raw : node.asText();
    }

    private String describe(JsonNode node, String at) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + textOf(node, at) + "'";
    }

    private static String expectation(Class<?> type) {
        if (type == String.class) {
            return "a text value";
        }
        if (type.isEnum()) {
            return "one of " + EnumNames.all(type);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a single value";
    }

    /** {@code /queues/2/skills/sales} reads as {@code queues[2].skills.sales}. */
    static String display(String pointer) {
        if (pointer.isEmpty()) {
            return "the top level";
        }
        StringBuilder sb = new StringBuilder();
        for (String segment : JsonPointer.segments(pointer)) {
            if (segment.matches("\\d+")) {
                sb.append('[').append(segment).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(segment);
            }
        }
        return sb.toString();
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode n : array) {
            if (n.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private void problem(String pointer, boolean atKey, String message) {
        Position at = atKey ? sources.keyAt(pointer) : sources.valueAt(pointer);
        problems.add(new ConfigProblem(file, at.line(), at.column(), message));
        damaged.add(pointer);
    }
}
