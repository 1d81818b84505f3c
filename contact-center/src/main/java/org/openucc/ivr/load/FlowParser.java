package org.openucc.ivr.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openucc.config.loader.ConfigProblem;
import org.openucc.config.loader.YamlDocument;
import org.openucc.ivr.expr.Expression;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.IvrFlow;
import org.openucc.ivr.flow.Ref;

/**
 * Reads one flow file into an {@link IvrFlow}: the top-level keys, then every node by its
 * {@code type:}. Everything that one file shows on its own is reported here (YAML, unknown types and
 * fields with a suggestion, missing fields, bad values, expression syntax); references between nodes
 * and flows, prompts and the configuration are checked by {@link FlowValidator}.
 */
final class FlowParser {
    static final Set<String> FLOW_KEYS = new java.util.LinkedHashSet<>(List.of("description", "languages", "language",
            "start", "variables", "onError", "nodes"));
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** @param flow null when the file is too broken to use at all */
    record Result(IvrFlow flow, List<ConfigProblem> problems) {
    }

    private final FlowFile f;
    private final String flowName;
    private final FlowEnvironment env;
    private List<String> languages;

    private FlowParser(FlowFile f, String flowName, FlowEnvironment env) {
        this.f = f;
        this.flowName = flowName;
        this.env = env;
    }

    /**
     * @param file     the file as shown in problems
     * @param flowName the flow's name (the file name without .yaml)
     */
    static Result parse(String file, String flowName, String text, FlowEnvironment env) {
        FlowFile f = new FlowFile(YamlDocument.parse(file, text));
        IvrFlow flow = new FlowParser(f, flowName, env).read();
        return new Result(flow, List.copyOf(f.problems));
    }

    private IvrFlow read() {
        JsonNode root = f.doc.root();
        if (root == null) {
            return null;
        }
        if (!root.isObject()) {
            f.problem("", false, "a flow file is a mapping with the keys " + String.join(", ", FLOW_KEYS));
            return null;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!FLOW_KEYS.contains(key)) {
                f.problem("/" + key, true, unknown("key", key, "in a flow file", FLOW_KEYS));
            }
        }
        languages = languages(root);
        String language = text(root, "language");
        if (language == null) {
            language = languages.contains(env.defaultLanguage()) ? env.defaultLanguage() : languages.get(0);
        } else if (!languages.contains(language)) {
            f.problem("/language", false, "language '" + language + "' is not one of the flow's languages " + languages);
        }
        String description = text(root, "description");
        Ref start = topRef(root, "start");
        if (start == null && !root.has("start")) {
            f.problem("", false, "the flow has no 'start': name the node a call begins with");
        }
        Ref onError = topRef(root, "onError");
        Map<String, Expression> variables = variables(root);
        Map<String, FlowNode> nodes = nodes(root);
        return new IvrFlow(flowName, f.name(), description, languages, language, start, onError, variables, nodes,
                f.expressions);
    }

    private List<String> languages(JsonNode root) {
        JsonNode v = root.get("languages");
        if (v == null || v.isNull()) {
            return env.languages();
        }
        List<String> out = new ArrayList<>();
        if (!v.isArray() || v.isEmpty()) {
            f.problem("/languages", false, "languages: expected a list such as [en, zh]");
            return env.languages();
        }
        for (int i = 0; i < v.size(); i++) {
            String lang = f.scalar(v.get(i), "/languages/" + i, "languages");
            if (lang == null) {
                continue;
            }
            if (!env.languages().contains(lang)) {
                f.problem("/languages/" + i, false, "language '" + lang + "' is not one of the IVR's languages "
                        + env.languages() + " (ivr.languages in the configuration)");
            } else {
                out.add(lang);
            }
        }
        return out.isEmpty() ? env.languages() : out;
    }

    private String text(JsonNode root, String key) {
        return f.scalar(root.get(key), "/" + key, key);
    }

    private Ref topRef(JsonNode root, String key) {
        String name = text(root, key);
        return name == null ? null : new Ref(key, name, f.valueSource("/" + key));
    }

    private Map<String, Expression> variables(JsonNode root) {
        Map<String, Expression> out = new LinkedHashMap<>();
        JsonNode v = root.get("variables");
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            f.problem("/variables", false, "variables: expected a mapping of name: expression");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = YamlDocument.pointer("/variables", e.getKey());
            if (!NodeReader.VARIABLE.matcher(e.getKey()).matches()) {
                f.problem(p, true, "variables: '" + e.getKey() + "' is not a variable name");
                continue;
            }
            String t = f.scalar(e.getValue(), p, "variables." + e.getKey());
            Expression x = t == null ? null : f.expression(p, t, "variables." + e.getKey());
            if (x != null) {
                out.put(e.getKey(), x);
            }
        }
        return out;
    }

    private Map<String, FlowNode> nodes(JsonNode root) {
        Map<String, FlowNode> out = new LinkedHashMap<>();
        JsonNode nodes = root.get("nodes");
        if (nodes == null || nodes.isNull()) {
            f.problem("", false, "the flow has no 'nodes'");
            return out;
        }
        if (!nodes.isObject()) {
            f.problem("/nodes", false, "nodes: expected a mapping of node name to node");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey();
            String p = YamlDocument.pointer("/nodes", id);
            if (!NODE_ID.matcher(id).matches()) {
                f.problem(p, true, "node name '" + id + "': use letters, digits, - and _ (it appears in the IVR path)");
                continue;
            }
            FlowNode node = node(id, p, e.getValue());
            if (node != null) {
                out.put(id, node);
            }
        }
        return out;
    }

    private FlowNode node(String id, String p, JsonNode value) {
        if (value == null || !value.isObject()) {
            f.problem(p, true, "node '" + id + "': expected a mapping with 'type' and the type's fields");
            return null;
        }
        String typeName = f.scalar(value.get("type"), YamlDocument.pointer(p, "type"), "node '" + id + "': type");
        if (typeName == null) {
            f.problem(p, true, "node '" + id + "' has no 'type' (one of " + String.join(", ", NodeType.names()) + ")");
            return null;
        }
        NodeType type = NodeType.of(typeName).orElse(null);
        if (type == null) {
            f.problem(YamlDocument.pointer(p, "type"), false, unknown("node type", typeName, "for node '" + id + "'",
                    NodeType.names()));
            return null;
        }
        NodeReader r = new NodeReader(f, id, p, value, type);
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!type.fields.contains(field)) {
                f.problem(YamlDocument.pointer(p, field), true, unknown("field", field,
                        "in node '" + id + "' (" + typeName + ")", type.fields));
            }
        }
        for (String field : type.required) {
            if (!r.has(field)) {
                f.problem(p, true, missing(id, type, field));
            }
        }
        return NodeBuilders.build(r, languages, env);
    }

    private static String missing(String id, NodeType type, String field) {
        String what = switch (field) {
            case "next" -> "the node that comes after it";
            case "fallback" -> "where to go when the caller gives no valid answer after the retries";
            case "found", "notFound" -> "where to go when the customer is " + ("found".equals(field) ? "" : "not ")
                    + "found";
            case "then", "else" -> "where to go when the condition is " + ("then".equals(field) ? "true" : "false");
            case "default" -> "where to go when no case matches";
            case "error" -> "where to go when the request fails";
            default -> null;
        };
        return "node '" + id + "' (" + type.yamlName() + ") has no '" + field + "'"
                + (what == null ? "" : ": name " + what);
    }

    static String unknown(String noun, String written, String where, java.util.Collection<String> allowed) {
        String close = YamlDocument.closest(written, allowed);
        return "unknown " + noun + " '" + written + "' " + where
                + (close == null ? "" : "; did you mean '" + close + "'?")
                + " (allowed: " + String.join(", ", allowed) + ")";
    }
}
