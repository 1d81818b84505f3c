package org.openucc.ivr.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openucc.config.DurationFormat;
import org.openucc.config.loader.YamlDocument;
import org.openucc.ivr.expr.Expression;
import org.openucc.ivr.expr.Template;
import org.openucc.ivr.flow.PromptRef;
import org.openucc.ivr.flow.Ref;
import org.openucc.ivr.flow.Source;

/**
 * Reads the fields of one node, reporting each bad value at its line and leaving it out (null or the
 * default), so that one pass finds every problem of the file.
 */
final class NodeReader {
    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    static final Pattern PROMPT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*");
    static final Pattern DTMF_KEY = Pattern.compile("[0-9*#]");

    private final FlowFile f;
    private final JsonNode node;
    final String id;
    final String pointer;
    final NodeType type;

    NodeReader(FlowFile f, String id, String pointer, JsonNode node, NodeType type) {
        this.f = f;
        this.id = id;
        this.pointer = pointer;
        this.node = node;
        this.type = type;
    }

    Source source() {
        return f.keySource(pointer);
    }

    boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    String at(String field) {
        return YamlDocument.pointer(pointer, field);
    }

    String what(String field) {
        return "node '" + id + "' (" + type.yamlName() + "): " + field;
    }

    void problem(String field, String message) {
        f.problem(at(field), false, what(field) + ": " + message);
    }

    String text(String field) {
        return has(field) ? f.scalar(node.get(field), at(field), what(field)) : null;
    }

    int integer(String field, int otherwise, int min, int max) {
        if (!has(field)) {
            return otherwise;
        }
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problem(field, "expected a whole number, found '" + v.asText() + "'");
            return otherwise;
        }
        if (v.intValue() < min || v.intValue() > max) {
            problem(field, "must be " + min + ".." + max + ", not " + v.intValue());
            return otherwise;
        }
        return v.intValue();
    }

    boolean bool(String field, boolean otherwise) {
        if (!has(field)) {
            return otherwise;
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            problem(field, "expected true or false, found '" + v.asText() + "'");
            return otherwise;
        }
        return v.booleanValue();
    }

    Duration duration(String field, Duration otherwise, Duration min, Duration max) {
        String t = text(field);
        if (t == null) {
            return otherwise;
        }
        Duration d;
        try {
            d = DurationFormat.parse(t);
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return otherwise;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(field, "must be between " + DurationFormat.format(min) + " and " + DurationFormat.format(max)
                    + ", not " + t);
            return otherwise;
        }
        return d;
    }

    /** A next step: the name of a node (checked to exist by the validator). */
    Ref ref(String field) {
        String name = text(field);
        return name == null ? null : new Ref(field, name, valueSource(field));
    }

    List<PromptRef> prompts(String field) {
        List<PromptRef> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode v = node.get(field);
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                prompt(v.get(i), YamlDocument.pointer(at(field), i), field, out);
            }
            if (v.isEmpty()) {
                problem(field, "the list is empty; name at least one prompt");
            }
        } else {
            prompt(v, at(field), field, out);
        }
        return out;
    }

    PromptRef prompt(String field) {
        List<PromptRef> list = prompts(field);
        if (list.size() > 1) {
            problem(field, "expected one prompt, found " + list.size());
        }
        return list.isEmpty() ? null : list.get(0);
    }

    private void prompt(JsonNode v, String p, String field, List<PromptRef> out) {
        String name = f.scalar(v, p, what(field));
        if (name == null) {
            return;
        }
        if (!PROMPT.matcher(name).matches() || name.contains("..")) {
            f.problem(p, false, what(field) + ": '" + name + "' is not a prompt name (letters, digits, - _ . and /"
                    + " for sub-folders; the file is <prompts>/<language>/" + name + ".wav)");
            return;
        }
        out.add(new PromptRef(name, f.valueSource(p)));
    }

    /** DTMF key to next node, for menu options and queue keys. */
    Map<String, Ref> keyMap(String field) {
        Map<String, Ref> out = new LinkedHashMap<>();
        JsonNode map = mapping(field);
        if (map == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = YamlDocument.pointer(at(field), e.getKey());
            if (!DTMF_KEY.matcher(e.getKey()).matches()) {
                f.problem(p, true, what(field) + ": '" + e.getKey() + "' is not a key of the phone's keypad"
                        + " (0-9, * or #; quote * and #)");
                continue;
            }
            String name = f.scalar(e.getValue(), p, what(field + "." + e.getKey()));
            if (name != null) {
                out.put(e.getKey(), new Ref(field + "." + e.getKey(), name, f.valueSource(p)));
            }
        }
        if (out.isEmpty() && map.isEmpty()) {
            problem(field, "is empty; give at least one key");
        }
        return out;
    }

    JsonNode mapping(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isObject()) {
            problem(field, "expected a mapping (key: value), found " + (v.isArray() ? "a list" : "'" + v.asText() + "'"));
            return null;
        }
        return v;
    }

    JsonNode list(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            problem(field, "expected a list ([a, b] or one '- item' per line)");
            return null;
        }
        return v;
    }

    Expression expression(String field) {
        String t = text(field);
        return t == null ? null : f.expression(at(field), t, what(field));
    }

    Template template(String field) {
        String t = text(field);
        return t == null ? null : f.template(at(field), t, what(field));
    }

    Character key(String field) {
        String t = text(field);
        if (t == null) {
            return null;
        }
        if (!DTMF_KEY.matcher(t).matches()) {
            problem(field, "expected one key (0-9, * or #; quote it: \"#\"), found '" + t + "'");
            return null;
        }
        return t.charAt(0);
    }

    Pattern pattern(String field) {
        String t = text(field);
        if (t == null) {
            return null;
        }
        try {
            return Pattern.compile(t);
        } catch (PatternSyntaxException e) {
            problem(field, "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
    }

    String variableName(String field) {
        String t = text(field);
        if (t != null && !VARIABLE.matcher(t).matches()) {
            problem(field, "'" + t + "' is not a variable name (letters, digits and _, parts joined by '.')");
            return null;
        }
        return t;
    }

    Map<String, Expression> expressionMap(String field) {
        Map<String, Expression> out = new LinkedHashMap<>();
        forEachEntry(field, (key, value, p) -> {
            if (!VARIABLE.matcher(key).matches()) {
                f.problem(p, true, what(field) + ": '" + key + "' is not a variable name");
                return;
            }
            String t = f.scalar(value, p, what(field + "." + key));
            if (t != null) {
                Expression e = f.expression(p, t, what(field + "." + key));
                if (e != null) {
                    out.put(key, e);
                }
            }
        });
        return out;
    }

    Map<String, Template> templateMap(String field) {
        Map<String, Template> out = new LinkedHashMap<>();
        forEachEntry(field, (key, value, p) -> {
            String t = f.scalar(value, p, what(field + "." + key));
            if (t != null) {
                Template tpl = f.template(p, t, what(field + "." + key));
                if (tpl != null) {
                    out.put(key, tpl);
                }
            }
        });
        return out;
    }

    Map<String, String> textMap(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        forEachEntry(field, (key, value, p) -> {
            String t = f.scalar(value, p, what(field + "." + key));
            if (t != null) {
                out.put(key, t);
            }
        });
        return out;
    }

    Map<String, Integer> levelMap(String field, int min, int max) {
        Map<String, Integer> out = new LinkedHashMap<>();
        forEachEntry(field, (key, value, p) -> {
            if (!value.isIntegralNumber() || value.intValue() < min || value.intValue() > max) {
                f.problem(p, false, what(field + "." + key) + ": expected a level " + min + ".." + max
                        + ", found '" + value.asText() + "'");
                return;
            }
            out.put(key, value.intValue());
        });
        return out;
    }

    Source valueSource(String field) {
        return f.valueSource(at(field));
    }

    Source keySource(String field, String key) {
        return f.keySource(YamlDocument.pointer(at(field), key));
    }

    interface EntryVisitor {
        void visit(String key, JsonNode value, String pointer);
    }

    void forEachEntry(String field, EntryVisitor visitor) {
        JsonNode map = mapping(field);
        if (map == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = YamlDocument.pointer(at(field), e.getKey());
            if (e.getValue().isNull()) {
                f.problem(p, true, what(field + "." + e.getKey()) + ": has no value");
                continue;
            }
            visitor.visit(e.getKey(), e.getValue(), p);
        }
    }

    FlowFile file() {
        return f;
    }
}
