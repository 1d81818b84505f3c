package org.openucc.ivr.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openucc.config.loader.YamlDocument;
import org.openucc.ivr.expr.Expression;
import org.openucc.ivr.expr.Template;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.PromptRef;
import org.openucc.ivr.flow.Ref;
import org.openucc.ivr.flow.SayPart;

/** Builds each kind of node from its fields, with the defaults and ranges of the flow language. */
final class NodeBuilders {
    // Ordered: they appear in messages.
    static final Set<String> CURRENCIES = ordered("EUR", "USD");
    private static final Set<String> SAY_KINDS = ordered("number", "digits", "amount", "date", "time", "prompt");
    private static final Set<String> SAY_KEYS = ordered("number", "digits", "amount", "currency", "date", "year",
            "time", "prompt", "otherwise");
    private static final Duration MS_100 = Duration.ofMillis(100);

    private NodeBuilders() {
    }

    private static Set<String> ordered(String... names) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(names)));
    }

    static FlowNode build(NodeReader r, List<String> languages, FlowEnvironment env) {
        return switch (r.type) {
            case PLAY -> new FlowNode.Play(r.id, r.source(), r.prompts("prompts"), r.bool("bargeIn", false), r.ref("next"));
            case SAY -> new FlowNode.Say(r.id, r.source(), sayParts(r), r.bool("bargeIn", false), r.ref("next"));
            case MENU -> menu(r);
            case COLLECT -> collect(r);
            case LOOKUP -> lookup(r);
            case BRANCH -> new FlowNode.Branch(r.id, r.source(), r.expression("if"), r.ref("then"), r.ref("else"));
            case SWITCH -> switchNode(r);
            case SET -> set(r, languages);
            case QUEUE -> queue(r, env);
            case CALLBACK -> new FlowNode.Callback(r.id, r.source(), r.text("queue"), r.valueSource("queue"),
                    r.has("number") ? r.expression("number") : Expression.parse("caller"), r.ref("next"), r.ref("error"));
            case VOICEMAIL -> new FlowNode.Voicemail(r.id, r.source(), r.prompts("prompts"), r.text("queue"),
                    r.valueSource("queue"), r.duration("maxLength", Duration.ofMinutes(2), Duration.ofSeconds(5),
                    Duration.ofMinutes(10)), r.duration("silence", Duration.ofSeconds(5), Duration.ofSeconds(1),
                    Duration.ofMinutes(1)), r.ref("next"), r.ref("error"));
            case HTTP -> http(r);
            case TRANSFER -> new FlowNode.Transfer(r.id, r.source(), r.template("to"), r.ref("error"));
            case GOTO -> new FlowNode.Goto(r.id, r.source(), r.text("flow"), r.valueSource("flow"));
            case HANGUP -> new FlowNode.Hangup(r.id, r.source(), r.has("reason") ? r.text("reason") : "ivr hangup");
        };
    }

    private static FlowNode menu(NodeReader r) {
        Map<String, Ref> options = r.keyMap("options");
        return new FlowNode.Menu(r.id, r.source(), r.prompts("prompts"), options,
                r.duration("timeout", Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1)),
                r.integer("retries", 2, 0, 9), r.prompts("invalidPrompts"), r.prompts("noInputPrompts"),
                r.bool("bargeIn", true), r.ref("fallback"));
    }

    private static FlowNode collect(NodeReader r) {
        int min = r.integer("minDigits", 1, 0, 64);
        int max = r.integer("maxDigits", 1, 1, 64);
        if (r.has("minDigits") && r.has("maxDigits") && min > max) {
            r.problem("minDigits", "minDigits " + min + " is more than maxDigits " + max);
        }
        Duration overall = r.has("overallTimeout")
                ? r.duration("overallTimeout", null, Duration.ofSeconds(1), Duration.ofMinutes(10)) : null;
        return new FlowNode.Collect(r.id, r.source(), r.prompts("prompts"), r.variableName("into"), min, max,
                r.key("terminator"), r.duration("timeout", Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMinutes(1)), r.duration("interDigitTimeout", Duration.ofSeconds(3), Duration.ofMillis(500),
                Duration.ofMinutes(1)), overall, r.pattern("pattern"), r.integer("retries", 2, 0, 9),
                r.prompts("invalidPrompts"), r.prompts("noInputPrompts"), r.bool("secret", false),
                r.bool("bargeIn", true), r.ref("next"), r.ref("fallback"));
    }

    private static FlowNode lookup(NodeReader r) {
        String byText = r.text("by");
        FlowNode.LookupBy by = null;
        if (byText != null) {
            try {
                by = FlowNode.LookupBy.valueOf(byText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                r.problem("by", "expected caller (the caller's number) or account (an account number), found '"
                        + byText + "'");
            }
        }
        Expression account = r.expression("account");
        if (by == FlowNode.LookupBy.ACCOUNT && !r.has("account")) {
            r.problem("by", "account lookups need 'account': the expression giving the account number (e.g. account)");
        }
        if (by == FlowNode.LookupBy.CALLER && r.has("account")) {
            r.problem("account", "only used with by: account");
        }
        Expression pin = r.expression("pin");
        if (r.has("pin") && !r.has("wrongPin")) {
            r.problem("pin", "with a PIN check the node needs 'wrongPin': where to go when the PIN does not match");
        }
        if (!r.has("pin") && r.has("wrongPin")) {
            r.problem("wrongPin", "only used with 'pin'");
        }
        return new FlowNode.Lookup(r.id, r.source(), by, account, pin, r.ref("found"), r.ref("notFound"),
                r.ref("wrongPin"), r.ref("error"));
    }

    private static FlowNode switchNode(NodeReader r) {
        List<FlowNode.Case> cases = new ArrayList<>();
        JsonNode list = r.list("cases");
        FlowFile f = r.file();
        if (list != null) {
            if (list.isEmpty()) {
                r.problem("cases", "the list is empty; give at least one '- when: … next: …'");
            }
            for (int i = 0; i < list.size(); i++) {
                String p = YamlDocument.pointer(r.at("cases"), i);
                JsonNode c = list.get(i);
                String what = r.what("cases[" + i + "]");
                if (!c.isObject()) {
                    f.problem(p, false, what + ": expected '- when: <condition>' with 'next: <node>'");
                    continue;
                }
                for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!k.equals("when") && !k.equals("next")) {
                        f.problem(YamlDocument.pointer(p, k), true, FlowParser.unknown("field", k, "in " + what,
                                List.of("when", "next")));
                    }
                }
                String when = f.scalar(c.get("when"), YamlDocument.pointer(p, "when"), what + ".when");
                String next = f.scalar(c.get("next"), YamlDocument.pointer(p, "next"), what + ".next");
                if (when == null || next == null) {
                    f.problem(p, false, what + " needs both 'when' (a condition) and 'next' (a node)");
                    continue;
                }
                Expression e = f.expression(YamlDocument.pointer(p, "when"), when, what + ".when");
                if (e != null) {
                    cases.add(new FlowNode.Case(e, new Ref("cases[" + i + "].next", next,
                            f.valueSource(YamlDocument.pointer(p, "next")))));
                }
            }
        }
        return new FlowNode.Switch(r.id, r.source(), cases, r.ref("default"));
    }

    private static FlowNode set(NodeReader r, List<String> languages) {
        if (r.type.fields.stream().noneMatch(f -> !f.equals("type") && !f.equals("next") && r.has(f))) {
            r.file().problem(r.pointer, true, "node '" + r.id + "' (set) sets nothing: give variables, language,"
                    + " queue, skills, priority or attributes");
        }
        String language = r.text("language");
        if (language != null && !languages.contains(language)) {
            r.problem("language", "'" + language + "' is not one of the flow's languages " + languages);
        }
        Expression priority = null;
        if (r.has("priority")) {
            JsonNode v = r.file().doc.root().at(r.at("priority"));
            priority = v.isIntegralNumber() ? Expression.literal(v.intValue()) : r.expression("priority");
        }
        return new FlowNode.SetValues(r.id, r.source(), r.expressionMap("variables"), language, r.text("queue"),
                r.valueSource("queue"), r.levelMap("skills", 0, 10), priority, r.templateMap("attributes"), r.ref("next"));
    }

    private static FlowNode queue(NodeReader r, FlowEnvironment env) {
        PromptRef greeting = r.has("greeting") ? r.prompt("greeting") : null;
        PromptRef music = r.has("music") ? r.prompt("music") : new PromptRef(env.holdMusic(), r.source());
        Duration maxWait = r.has("maxWait") ? r.duration("maxWait", null, Duration.ofSeconds(1), Duration.ofDays(1)) : null;
        if (r.has("maxWait") && !r.has("onMaxWait")) {
            r.problem("maxWait", "with maxWait the node needs 'onMaxWait': where the caller goes after waiting that long");
        }
        FlowNode.LongWait longWait = null;
        JsonNode lw = r.mapping("longWait");
        if (lw != null) {
            longWait = longWait(r, lw);
        }
        Duration announce = r.has("announce")
                ? r.duration("announce", null, Duration.ofSeconds(5), Duration.ofHours(1)) : null;
        return new FlowNode.EnterQueue(r.id, r.source(), r.text("queue"), r.valueSource("queue"), greeting, music,
                announce,
                maxWait, r.ref("onMaxWait"), r.keyMap("keys"), longWait, r.ref("error"));
    }

    private static FlowNode.LongWait longWait(NodeReader r, JsonNode lw) {
        FlowFile f = r.file();
        String p = r.at("longWait");
        for (Iterator<String> it = lw.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("above") && !k.equals("prompts")) {
                f.problem(YamlDocument.pointer(p, k), true, FlowParser.unknown("field", k, "in " + r.what("longWait"),
                        List.of("above", "prompts")));
            }
        }
        NodeReader inner = new NodeReader(f, r.id, p, lw, r.type);
        Duration above = inner.duration("above", null, Duration.ofSeconds(1), Duration.ofHours(4));
        List<PromptRef> prompts = inner.prompts("prompts");
        if (!lw.has("above") || !lw.has("prompts")) {
            r.problem("longWait", "needs 'above' (a duration) and 'prompts' (what to offer, e.g. a callback key)");
            return null;
        }
        return above == null ? null : new FlowNode.LongWait(above, prompts);
    }

    private static FlowNode http(NodeReader r) {
        String method = r.has("method") ? r.text("method") : "GET";
        if (method != null && !Set.of("GET", "POST", "PUT").contains(method.toUpperCase(Locale.ROOT))) {
            r.problem("method", "expected GET, POST or PUT, found '" + method + "'");
        }
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        Template url = r.template("url");
        if (url != null && !url.literalPrefix().startsWith("http://") && !url.literalPrefix().startsWith("https://")) {
            r.problem("url", "must start with http:// or https:// written out (not from a variable)");
        }
        Template body = r.template("body");
        if (body != null && method.equals("GET")) {
            r.problem("body", "a GET request has no body; use method: POST");
        }
        Map<String, String> results = new java.util.LinkedHashMap<>();
        r.forEachEntry("results", (key, value, p) -> {
            String pointer = r.file().scalar(value, p, r.what("results." + key));
            if (!NodeReader.VARIABLE.matcher(key).matches()) {
                r.file().problem(p, true, r.what("results") + ": '" + key + "' is not a variable name");
            } else if (pointer != null && !pointer.isEmpty() && !pointer.startsWith("/")) {
                r.file().problem(p, false, r.what("results." + key) + ": '" + pointer
                        + "' is not a JSON pointer (e.g. /order/status)");
            } else if (pointer != null) {
                results.put(key, pointer);
            }
        });
        return new FlowNode.Http(r.id, r.source(), method, url, r.templateMap("headers"), body,
                r.duration("timeout", Duration.ofSeconds(5), MS_100, Duration.ofSeconds(30)), results, r.ref("next"),
                r.ref("error"));
    }

    private static List<SayPart> sayParts(NodeReader r) {
        List<SayPart> out = new ArrayList<>();
        JsonNode list = r.list("parts");
        if (list == null) {
            return out;
        }
        FlowFile f = r.file();
        for (int i = 0; i < list.size(); i++) {
            String p = YamlDocument.pointer(r.at("parts"), i);
            JsonNode item = list.get(i);
            String what = r.what("parts[" + i + "]");
            if (!item.isObject()) {
                String name = f.scalar(item, p, what);
                if (name != null && NodeReader.PROMPT.matcher(name).matches()) {
                    out.add(new SayPart.Prompt(new PromptRef(name, f.valueSource(p))));
                } else if (name != null) {
                    f.problem(p, false, what + ": '" + name + "' is not a prompt name");
                }
                continue;
            }
            SayPart part = sayPart(new NodeReader(f, r.id, p, item, r.type), item, what);
            if (part != null) {
                out.add(part);
            }
        }
        return out;
    }

    private static SayPart sayPart(NodeReader r, JsonNode item, String what) {
        FlowFile f = r.file();
        List<String> kinds = new ArrayList<>();
        for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!SAY_KEYS.contains(k)) {
                f.problem(r.at(k), true, FlowParser.unknown("key", k, "in " + what, SAY_KEYS));
            } else if (SAY_KINDS.contains(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            f.problem(r.pointer, false, what + ": give exactly one of " + String.join(", ", SAY_KINDS)
                    + (kinds.isEmpty() ? "" : " (found " + String.join(", ", kinds) + ")"));
            return null;
        }
        String kind = kinds.get(0);
        for (String extra : List.of("currency", "year", "otherwise")) {
            String owner = extra.equals("currency") ? "amount" : extra.equals("year") ? "date" : "prompt";
            if (item.has(extra) && !kind.equals(owner)) {
                f.problem(r.at(extra), true, what + ": '" + extra + "' goes with '" + owner + "'");
            }
        }
        Expression value = r.expression(kind);
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case "number" -> new SayPart.Number(value);
            case "digits" -> new SayPart.Digits(value);
            case "amount" -> {
                String currency = item.has("currency") ? r.text("currency") : "EUR";
                if (currency != null && !CURRENCIES.contains(currency)) {
                    f.problem(r.at("currency"), false, what + ": currency '" + currency + "' has no prompts; use one of "
                            + CURRENCIES);
                }
                yield new SayPart.Amount(value, currency);
            }
            case "date" -> new SayPart.Date(value, r.bool("year", false));
            case "time" -> new SayPart.Time(value);
            default -> new SayPart.Computed(value, item.has("otherwise") ? r.prompt("otherwise") : null);
        };
    }
}
