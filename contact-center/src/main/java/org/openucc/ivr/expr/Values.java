package org.openucc.ivr.expr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.regex.Pattern;

/**
 * The few value rules of the expression language. Values are strings, numbers ({@link BigDecimal}),
 * booleans and null. Digits a caller typed are strings; a string that looks like a number compares
 * with a number as a number, so {@code account == 100001} works either way round.
 */
public final class Values {
    private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?");

    private Values() {
    }

    /** How a value is shown: numbers without trailing zeros, null as the empty string. */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal n) {
            return n.stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    /** The value as a number, or null if it is not one (a numeric string counts). */
    public static BigDecimal number(Object v) {
        if (v instanceof BigDecimal n) {
            return n;
        }
        if (v instanceof String s && NUMERIC.matcher(s.trim()).matches()) {
            return new BigDecimal(s.trim());
        }
        return null;
    }

    /** Java values from ports (ints, longs) as expression values. */
    public static Object of(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue());
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return v;
    }

    static boolean truth(Object v, int offset) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ExpressionException("expected true or false, found " + describe(v), offset);
    }

    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            return x != null && y != null && x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    static int compare(Object a, Object b, int offset) {
        if (a == null || b == null) {
            throw new ExpressionException("cannot compare " + describe(a) + " with " + describe(b), offset);
        }
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            if (x == null || y == null) {
                throw new ExpressionException("cannot compare " + describe(a) + " with " + describe(b), offset);
            }
            return x.compareTo(y);
        }
        if (a instanceof String x && b instanceof String y) {
            BigDecimal nx = number(x);
            BigDecimal ny = number(y);
            return nx != null && ny != null ? nx.compareTo(ny) : x.compareTo(y);
        }
        throw new ExpressionException("cannot compare " + describe(a) + " with " + describe(b), offset);
    }

    static Object arithmetic(String op, Object a, Object b, int offset) {
        if (op.equals("+") && (a instanceof String || b instanceof String)) {
            return text(a) + text(b);
        }
        BigDecimal x = operand(a, op, offset);
        BigDecimal y = operand(b, op, offset);
        return switch (op) {
            case "+" -> x.add(y);
            case "-" -> x.subtract(y);
            case "*" -> x.multiply(y);
            case "/" -> {
                if (y.signum() == 0) {
                    throw new ExpressionException("division by zero", offset);
                }
                yield x.divide(y, MathContext.DECIMAL64);
            }
            case "%" -> {
                if (y.signum() == 0) {
                    throw new ExpressionException("division by zero", offset);
                }
                yield x.remainder(y);
            }
            default -> throw new IllegalArgumentException("not an arithmetic operator: " + op);
        };
    }

    static BigDecimal operand(Object v, String op, int offset) {
        BigDecimal n = number(v);
        if (n == null) {
            throw new ExpressionException("'" + op + "' needs numbers, found " + describe(v), offset);
        }
        return n;
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing (the variable is not set)";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        return text(v);
    }
}
