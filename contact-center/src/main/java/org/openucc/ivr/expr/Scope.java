package org.openucc.ivr.expr;

import java.util.List;

/** What an expression is evaluated against: the call's variables and the environment functions. */
public interface Scope {
    /** The variable's value (String, BigDecimal or Boolean), or null if it is not set. */
    Object variable(String name);

    /**
     * An environment function ({@link Functions.Signature#environment()}): business hours, the time
     * of day, queue figures. Pure functions never get here.
     */
    Object call(String function, List<Object> arguments);
}
