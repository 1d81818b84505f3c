package org.openucc.ivr.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed IVR expression, e.g. {@code customer.tier == 'VIP' and open('default')}: variables,
 * literals, comparisons, arithmetic, {@code and/or/not} and the {@link Functions}. Nothing else can
 * be named or called, so a flow file cannot run code. Immutable and safe to share between calls.
 */
public final class Expression {
    private final String text;
    private final Expr root;

    private Expression(String text, Expr root) {
        this.text = text;
        this.root = root;
    }

    /** @throws ExpressionException with the offset of the problem in {@code text} */
    public static Expression parse(String text) {
        return new Expression(text, ExpressionParser.parse(text));
    }

    /** A constant, for defaults written in code. */
    public static Expression literal(Object value) {
        return new Expression(Values.text(value), new Expr.Literal(0, Values.of(value)));
    }

    public String text() {
        return text;
    }

    public Expr root() {
        return root;
    }

    public Object evaluate(Scope scope) {
        return eval(root, scope);
    }

    /** Evaluates a condition: true or false; an unset variable counts as false. */
    public boolean test(Scope scope) {
        return Values.truth(evaluate(scope), root.offset());
    }

    /** The variables it reads, each with its first offset. */
    public List<Expr.Variable> variables() {
        List<Expr.Variable> out = new ArrayList<>();
        walk(root, e -> {
            if (e instanceof Expr.Variable v) {
                out.add(v);
            }
        });
        return out;
    }

    /** The function calls it makes, in order. */
    public List<Expr.Call> calls() {
        List<Expr.Call> out = new ArrayList<>();
        walk(root, e -> {
            if (e instanceof Expr.Call c) {
                out.add(c);
            }
        });
        return out;
    }

    /** The queue names passed to waiting() / estimatedWait(), which the runtime fetches first. */
    public Set<String> queuesRead() {
        Set<String> out = new LinkedHashSet<>();
        for (Expr.Call c : calls()) {
            Functions.find(c.function()).filter(s -> s.names() == Functions.Names.QUEUE)
                    .ifPresent(s -> out.add((String) ((Expr.Literal) c.arguments().get(0)).value()));
        }
        return out;
    }

    private static void walk(Expr e, java.util.function.Consumer<Expr> visit) {
        visit.accept(e);
        if (e instanceof Expr.Unary u) {
            walk(u.operand(), visit);
        } else if (e instanceof Expr.Binary b) {
            walk(b.left(), visit);
            walk(b.right(), visit);
        } else if (e instanceof Expr.Call c) {
            c.arguments().forEach(a -> walk(a, visit));
        }
    }

    private static Object eval(Expr e, Scope scope) {
        if (e instanceof Expr.Literal l) {
            return l.value();
        }
        if (e instanceof Expr.Variable v) {
            return Values.of(scope.variable(v.name()));
        }
        if (e instanceof Expr.Unary u) {
            Object x = eval(u.operand(), scope);
            return u.operator().equals("!") ? !Values.truth(x, u.operand().offset())
                    : Values.operand(x, "-", u.offset()).negate();
        }
        if (e instanceof Expr.Binary b) {
            return binary(b, scope);
        }
        Expr.Call c = (Expr.Call) e;
        List<Object> args = new ArrayList<>(c.arguments().size());
        for (Expr a : c.arguments()) {
            args.add(eval(a, scope));
        }
        Functions.Signature sig = Functions.find(c.function()).orElseThrow();
        if (!sig.environment()) {
            return Functions.pure(c.function(), args, c.offset());
        }
        try {
            return Values.of(scope.call(c.function(), args));
        } catch (IllegalArgumentException ex) {
            throw new ExpressionException(c.function() + ": " + ex.getMessage(), c.offset());
        }
    }

    private static Object binary(Expr.Binary b, Scope scope) {
        String op = b.operator();
        if (op.equals("&&")) {
            return Values.truth(eval(b.left(), scope), b.left().offset())
                    && Values.truth(eval(b.right(), scope), b.right().offset());
        }
        if (op.equals("||")) {
            return Values.truth(eval(b.left(), scope), b.left().offset())
                    || Values.truth(eval(b.right(), scope), b.right().offset());
        }
        Object x = eval(b.left(), scope);
        Object y = eval(b.right(), scope);
        return switch (op) {
            case "==" -> Values.equal(x, y);
            case "!=" -> !Values.equal(x, y);
            case "<" -> Values.compare(x, y, b.offset()) < 0;
            case "<=" -> Values.compare(x, y, b.offset()) <= 0;
            case ">" -> Values.compare(x, y, b.offset()) > 0;
            case ">=" -> Values.compare(x, y, b.offset()) >= 0;
            default -> Values.arithmetic(op, x, y, b.offset());
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
