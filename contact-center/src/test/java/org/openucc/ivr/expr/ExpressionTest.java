package org.openucc.ivr.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flow language's expressions: values, precedence, the functions, and errors with their offset. */
class ExpressionTest {
    private final Map<String, Object> vars = new HashMap<>();
    private final Scope scope = new Scope() {
        @Override
        public Object variable(String name) {
            return vars.get(name);
        }

        @Override
        public Object call(String function, List<Object> arguments) {
            return switch (function) {
                case "open" -> "default".equals(arguments.get(0));
                case "estimatedWait" -> BigDecimal.valueOf(400);
                case "time" -> "18:30";
                default -> throw new IllegalArgumentException("no " + function);
            };
        }
    };

    private Object eval(String text) {
        return Expression.parse(text).evaluate(scope);
    }

    @Test
    void comparesTiersBusinessHoursAndWaits() {
        vars.put("customer.tier", "VIP");
        assertThat(eval("customer.tier == 'VIP' and open('default')")).isEqualTo(true);
        assertThat(eval("customer.tier != \"VIP\" or not open('other')")).isEqualTo(true);
        assertThat(eval("estimatedWait('sales') > 300")).isEqualTo(true);
        assertThat(eval("time() >= '18:00' && time() < '20:00'")).isEqualTo(true);
    }

    @Test
    void digitsTypedByTheCallerCompareAsNumbers() {
        vars.put("account", "100001");
        vars.put("tries", BigDecimal.valueOf(2));
        assertThat(eval("account == 100001")).isEqualTo(true);
        assertThat(eval("account > 99999")).isEqualTo(true);
        assertThat(eval("tries + 1")).isEqualTo(new BigDecimal("3"));
        assertThat(eval("tries + 1 < 3")).isEqualTo(false);
    }

    @Test
    void arithmeticHasThePrecedenceOfSchoolAndPlusJoinsText() {
        assertThat(eval("1 + 2 * 3 - -4 % 3")).isEqualTo(new BigDecimal("8"));
        assertThat(eval("(1 + 2) * 3")).isEqualTo(new BigDecimal("9"));
        assertThat(eval("7 / 2")).isEqualTo(new BigDecimal("3.5"));
        assertThat(eval("'case-' + lower('OPEN')")).isEqualTo("case-open");
        assertThat(eval("'subject/' + slug('Refund for delayed shipment!')"))
                .isEqualTo("subject/refund-for-delayed-shipment");
    }

    @Test
    void unsetVariablesAreNothingAndFalseInConditions() {
        assertThat(eval("nobody == null")).isEqualTo(true);
        assertThat(Expression.parse("customer.found").test(scope)).isFalse();
        assertThat(eval("empty(nobody) and default(nobody, 'x') == 'x'")).isEqualTo(true);
        assertThat(eval("last('4930123456', 4)")).isEqualTo("3456");
    }

    @Test
    void readsItsVariablesAndTheQueuesItNeedsFiguresFor() {
        Expression e = Expression.parse("waiting('sales') > 3 and estimatedWait('vip') < limit and tier == 'A'");
        assertThat(e.variables()).extracting(Expr.Variable::name).containsExactly("limit", "tier");
        assertThat(e.queuesRead()).containsExactly("sales", "vip");
    }

    @Test
    void syntaxErrorsSayWhereAndWhat() {
        assertError("tier = 'VIP'", 5, "use '==' to compare");
        assertError("a < b < c", 6, "comparisons cannot be chained");
        assertError("'open", 0, "has no closing '");
        assertError("open(default)", 5, "open needs the calendar name written in quotes");
        assertError("waiting()", 0, "waiting takes 1 argument, found 0");
        assertError("System.exit(0)", 0, "unknown function 'System.exit'");
        assertError("Len(x)", 0, "did you mean 'len'?");
        assertError("1 +", 3, "the expression ends too early");
        assertError("", 0, "the expression is empty");
    }

    @Test
    void evaluationErrorsNameTheValues() {
        vars.put("name", "Anna");
        assertThatThrownBy(() -> eval("name * 2")).isInstanceOf(ExpressionException.class)
                .hasMessage("'*' needs numbers, found 'Anna'");
        assertThatThrownBy(() -> eval("1 / 0")).hasMessage("division by zero");
        assertThatThrownBy(() -> Expression.parse("name").test(scope)).hasMessage("expected true or false, found 'Anna'");
        assertThatThrownBy(() -> eval("nobody < 3")).hasMessageContaining("cannot compare nothing");
    }

    @Test
    void templatesMixTextAndExpressions() {
        vars.put("order", "4711");
        Template t = Template.parse("http://shop.example/orders/${order}?lang=${lower('EN')}&q=${'}'}");
        assertThat(t.render(scope)).isEqualTo("http://shop.example/orders/4711?lang=en&q=}");
        assertThat(t.literalPrefix()).isEqualTo("http://shop.example/orders/");
        assertThatThrownBy(() -> Template.parse("x/${order")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("without a closing '}'");
        assertThatThrownBy(() -> Template.parse("x/${1 +}")).isInstanceOf(ExpressionException.class)
                .satisfies(e -> assertThat(((ExpressionException) e).offset()).isEqualTo(7));
    }

    private static void assertError(String text, int offset, String message) {
        assertThatThrownBy(() -> Expression.parse(text)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ExpressionException) e).offset()).as(text).isEqualTo(offset));
    }
}
