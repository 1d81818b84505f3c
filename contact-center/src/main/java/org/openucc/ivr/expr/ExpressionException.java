package org.openucc.ivr.expr;

/**
 * An expression that cannot be parsed or evaluated. {@link #offset()} is the 0-based position in
 * the expression text the problem is about, so the flow loader can turn it into a column.
 */
public final class ExpressionException extends RuntimeException {
    private final int offset;

    public ExpressionException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
