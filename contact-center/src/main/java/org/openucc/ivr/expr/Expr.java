package org.openucc.ivr.expr;

import java.util.List;

/**
 * The syntax tree of an IVR expression. Every node knows its offset in the expression text, so
 * problems found after parsing (an unknown variable, a calendar that does not exist) point at it.
 */
public sealed interface Expr {
    /** 0-based offset of the node's first character in the expression text. */
    int offset();

    /** A number (BigDecimal), a string, true, false or null. */
    record Literal(int offset, Object value) implements Expr {
    }

    /** A variable such as {@code tries} or {@code customer.tier}; unset variables are null. */
    record Variable(int offset, String name) implements Expr {
    }

    /** {@code !x} / {@code not x}, or {@code -x}. */
    record Unary(int offset, String operator, Expr operand) implements Expr {
    }

    record Binary(int offset, String operator, Expr left, Expr right) implements Expr {
    }

    /** A call of one of the {@link Functions}; nothing else can be called. */
    record Call(int offset, String function, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }
}
