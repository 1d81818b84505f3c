package org.openucc.ivr.flow;

import org.openucc.ivr.expr.Expression;

/**
 * An expression and where its text starts in the file, so that the validator can point at a
 * variable inside it.
 */
public record ExpressionSite(Expression expression, Source source) {
}
