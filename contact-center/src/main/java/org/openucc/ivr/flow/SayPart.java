package org.openucc.ivr.flow;

import org.openucc.ivr.expr.Expression;

/** One piece of a {@code say} node: a fixed prompt, or a value spoken from prompt fragments. */
public sealed interface SayPart {
    record Prompt(PromptRef prompt) implements SayPart {
    }

    /** A whole number in words: "one hundred twenty three" / 一百二十三. */
    record Number(Expression value) implements SayPart {
    }

    /** Digit by digit: "one zero zero zero zero one". */
    record Digits(Expression value) implements SayPart {
    }

    /** Money: "forty nine euros and ninety cents"; currency EUR or USD. */
    record Amount(Expression value, String currency) implements SayPart {
    }

    /** A date ({@code yyyy-MM-dd}): "March fifth" (with the year if asked). */
    record Date(Expression value, boolean withYear) implements SayPart {
    }

    /** A time of day ({@code HH:mm}): "two thirty p m" / 下午两点三十分. */
    record Time(Expression value) implements SayPart {
    }

    /**
     * A prompt whose name is computed, e.g. {@code 'case-' + slug(customer.caseSubject)}; when no
     * such prompt exists in the caller's language, {@code otherwise} is played.
     */
    record Computed(Expression name, PromptRef otherwise) implements SayPart {
    }
}
