package org.openucc.ivr.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive descent over a small grammar, lowest precedence first:
 * <pre>
 * or      = and ( ("||" | "or") and )*
 * and     = not ( ("&&" | "and") not )*
 * not     = ("!" | "not") not | compare
 * compare = sum ( ("==" | "!=" | "<" | "<=" | ">" | ">=") sum )?
 * sum     = product ( ("+" | "-") product )*
 * product = unary ( ("*" | "/" | "%") unary )*
 * unary   = "-" unary | primary
 * primary = number | 'text' | "text" | true | false | null | name | function "(" args ")" | "(" or ")"
 * name    = word ( "." word )*          e.g. customer.tier
 * </pre>
 * Function names are checked against {@link Functions} here, with their number of arguments.
 */
final class ExpressionParser {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "true", "false", "null");

    private final String text;
    private int pos;

    private ExpressionParser(String text) {
        this.text = text;
    }

    static Expr parse(String text) {
        ExpressionParser p = new ExpressionParser(text);
        p.skipSpace();
        if (p.pos >= text.length()) {
            throw new ExpressionException("the expression is empty", 0);
        }
        Expr e = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw new ExpressionException("unexpected '" + p.rest() + "'", p.pos);
        }
        return e;
    }

    private Expr or() {
        Expr left = and();
        while (true) {
            int at = skipSpace();
            if (take("||") || takeWord("or")) {
                left = new Expr.Binary(at, "||", left, and());
            } else {
                return left;
            }
        }
    }

    private Expr and() {
        Expr left = not();
        while (true) {
            int at = skipSpace();
            if (take("&&") || takeWord("and")) {
                left = new Expr.Binary(at, "&&", left, not());
            } else {
                return left;
            }
        }
    }

    private Expr not() {
        int at = skipSpace();
        if ((peek('!') && !peekAt(1, '=')) && take("!") || takeWord("not")) {
            return new Expr.Unary(at, "!", not());
        }
        return compare();
    }

    private Expr compare() {
        Expr left = sum();
        int at = skipSpace();
        for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
            if (take(op)) {
                Expr right = sum();
                skipSpace();
                for (String again : List.of("==", "!=", "<", ">")) {
                    if (text.startsWith(again, pos)) {
                        throw new ExpressionException("comparisons cannot be chained; join them with 'and'", pos);
                    }
                }
                return new Expr.Binary(at, op, left, right);
            }
        }
        if (peek('=')) {
            throw new ExpressionException("use '==' to compare", pos);
        }
        return left;
    }

    private Expr sum() {
        Expr left = product();
        while (true) {
            int at = skipSpace();
            if (take("+")) {
                left = new Expr.Binary(at, "+", left, product());
            } else if (take("-")) {
                left = new Expr.Binary(at, "-", left, product());
            } else {
                return left;
            }
        }
    }

    private Expr product() {
        Expr left = unary();
        while (true) {
            int at = skipSpace();
            String op = take("*") ? "*" : take("/") ? "/" : take("%") ? "%" : null;
            if (op == null) {
                return left;
            }
            left = new Expr.Binary(at, op, left, unary());
        }
    }

    private Expr unary() {
        int at = skipSpace();
        if (take("-")) {
            return new Expr.Unary(at, "-", unary());
        }
        return primary();
    }

    private Expr primary() {
        int at = skipSpace();
        if (pos >= text.length()) {
            throw new ExpressionException("the expression ends too early; a value is missing", pos);
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            Expr inner = or();
            skipSpace();
            if (!take(")")) {
                throw new ExpressionException("')' expected", pos);
            }
            return inner;
        }
        if (c == '\'' || c == '"') {
            return new Expr.Literal(at, string(c));
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos + 1 < text.length() && text.charAt(pos) == '.' && Character.isDigit(text.charAt(pos + 1))) {
                pos++;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
            return new Expr.Literal(at, new BigDecimal(text.substring(start, pos)));
        }
        if (isWordStart(c)) {
            String name = dottedName();
            switch (name) {
                case "true":
                    return new Expr.Literal(at, Boolean.TRUE);
                case "false":
                    return new Expr.Literal(at, Boolean.FALSE);
                case "null":
                    return new Expr.Literal(at, null);
                default:
                    break;
            }
            skipSpace();
            if (peek('(')) {
                return call(at, name);
            }
            if (KEYWORDS.contains(name)) {
                throw new ExpressionException("'" + name + "' cannot be used as a value", at);
            }
            return new Expr.Variable(at, name);
        }
        throw new ExpressionException("unexpected '" + c + "'", pos);
    }

    private Expr call(int at, String name) {
        Functions.Signature sig = Functions.find(name).orElseThrow(() -> new ExpressionException(
                "unknown function '" + name + "'" + suggestion(name) + " (functions: "
                        + String.join(", ", Functions.names()) + ")", at));
        pos++; // (
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (!take(")")) {
            do {
                args.add(or());
                skipSpace();
            } while (take(","));
            if (!take(")")) {
                throw new ExpressionException("',' or ')' expected in the call of " + name, pos);
            }
        }
        if (args.size() < sig.minArguments() || args.size() > sig.maxArguments()) {
            String expected = sig.minArguments() == sig.maxArguments() ? String.valueOf(sig.minArguments())
                    : sig.minArguments() + " or " + sig.maxArguments();
            throw new ExpressionException(name + " takes " + expected + " argument"
                    + (sig.maxArguments() == 1 ? "" : "s") + ", found " + args.size() + " (" + sig.usage() + ")", at);
        }
        if (sig.names() != Functions.Names.NOTHING && !args.isEmpty()
                && !(args.get(0) instanceof Expr.Literal l && l.value() instanceof String)) {
            throw new ExpressionException(name + " needs the " + sig.names().name().toLowerCase(java.util.Locale.ROOT)
                    + " name written in quotes (" + sig.usage() + ")", args.get(0).offset());
        }
        return new Expr.Call(at, name, args);
    }

    private static String suggestion(String name) {
        String best = null;
        for (String f : Functions.names()) {
            if (f.equalsIgnoreCase(name)) {
                best = f;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private String string(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                sb.append(text.charAt(pos++));
            } else {
                sb.append(c);
            }
        }
        throw new ExpressionException("the text started here has no closing " + quote, start);
    }

    private String dottedName() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_') {
                pos++;
            } else if (c == '.' && pos + 1 < text.length() && isWordStart(text.charAt(pos + 1))) {
                pos++;
            } else {
                break;
            }
        }
        return text.substring(start, pos);
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private int skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean peekAt(int ahead, char c) {
        return pos + ahead < text.length() && text.charAt(pos + ahead) == c;
    }

    private boolean take(String token) {
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private boolean takeWord(String word) {
        int end = pos + word.length();
        if (text.startsWith(word, pos) && (end >= text.length() || !Character.isLetterOrDigit(text.charAt(end))
                && text.charAt(end) != '_' && text.charAt(end) != '.')) {
            pos = end;
            return true;
        }
        return false;
    }

    private String rest() {
        String r = text.substring(pos);
        return r.length() > 20 ? r.substring(0, 20) + "…" : r;
    }
}
