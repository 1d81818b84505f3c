package org.openucc.ivr.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Text with expressions in it, e.g. {@code https://orders.example/api/${account}/status}: the parts
 * in {@code ${…}} are {@link Expression}s, the rest is kept as written.
 */
public final class Template {
    /** A piece of literal text, or an expression starting at {@code offset} in the template. */
    public record Part(String text, Expression expression, int offset) {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** @throws ExpressionException at the offset in the template text */
    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            int open = source.indexOf("${", i);
            if (open < 0) {
                parts.add(new Part(source.substring(i), null, i));
                break;
            }
            if (open > i) {
                parts.add(new Part(source.substring(i, open), null, i));
            }
            int close = closing(source, open + 2);
            if (close < 0) {
                throw new ExpressionException("'${' without a closing '}'", open);
            }
            String inner = source.substring(open + 2, close);
            try {
                parts.add(new Part(null, Expression.parse(inner), open + 2));
            } catch (ExpressionException e) {
                throw new ExpressionException(e.getMessage(), open + 2 + e.offset());
            }
            i = close + 1;
        }
        return new Template(source, parts);
    }

    /** The closing brace, skipping braces inside quoted strings. */
    private static int closing(String s, int from) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        return -1;
    }

    public String render(Scope scope) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p.expression() == null ? p.text() : Values.text(p.expression().evaluate(scope)));
        }
        return sb.toString();
    }

    public List<Part> parts() {
        return parts;
    }

    /** The literal text before the first expression (to check a URL's scheme). */
    public String literalPrefix() {
        return parts.isEmpty() || parts.get(0).expression() != null ? "" : parts.get(0).text();
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
