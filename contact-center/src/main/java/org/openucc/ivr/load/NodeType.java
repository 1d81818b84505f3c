package org.openucc.ivr.load;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The {@code type:}s of the flow language and the fields each one takes; the parser checks against this table. */
enum NodeType {
    PLAY("prompts, bargeIn, next", "prompts, next"),
    SAY("parts, bargeIn, next", "parts, next"),
    MENU("prompts, options, timeout, retries, invalidPrompts, noInputPrompts, bargeIn, fallback",
            "prompts, options, fallback"),
    COLLECT("prompts, into, minDigits, maxDigits, terminator, timeout, interDigitTimeout, overallTimeout, pattern,"
            + " retries, invalidPrompts, noInputPrompts, secret, bargeIn, next, fallback",
            "prompts, into, maxDigits, next, fallback"),
    LOOKUP("by, account, pin, found, notFound, wrongPin, error", "by, found, notFound"),
    BRANCH("if, then, else", "if, then, else"),
    SWITCH("cases, default", "cases, default"),
    SET("variables, language, queue, skills, priority, attributes, next", "next"),
    QUEUE("queue, greeting, music, announce, maxWait, onMaxWait, keys, longWait, error", ""),
    CALLBACK("queue, number, next, error", "queue, next"),
    VOICEMAIL("prompts, queue, maxLength, silence, next, error", "queue, next"),
    HTTP("method, url, headers, body, timeout, results, next, error", "url, next, error"),
    TRANSFER("to, error", "to"),
    GOTO("flow", "flow"),
    HANGUP("reason", "");

    final Set<String> fields;
    final List<String> required;

    NodeType(String fields, String required) {
        this.fields = new LinkedHashSet<>();
        this.fields.add("type");
        this.fields.addAll(split(fields));
        this.required = split(required);
    }

    String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<NodeType> of(String name) {
        return Arrays.stream(values()).filter(t -> t.yamlName().equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(NodeType::yamlName).toList();
    }

    private static List<String> split(String list) {
        return list.isBlank() ? List.of() : Arrays.stream(list.split(",")).map(String::trim).toList();
    }
}
