package org.openucc.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openucc.crm.FieldError;
import org.openucc.fault.InvalidInputException;
import org.openucc.interaction.Channel;

/** Reading request fields: every problem at once, text exactly as sent. */
class JsonFieldsTest {
    @Test
    void collectsEveryProblemWithItsPath() {
        JsonFields f = JsonFields.parse("""
                {"channel": "fax", "priority": "high", "skills": {"a": 11}, "nested": {"x": 1, "y": 2}, "extra": null}
                """);
        f.enumValue("channel", Channel.class, true);
        f.integer("priority", false, 0, 10);
        f.integerMap("skills", false, 10, 1, 10);
        f.text("queueId", true, 10);
        JsonFields nested = f.object("nested");
        nested.integer("x", true, 0, 5);
        nested.endNested();

        assertThatThrownBy(f::end).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fields())
                .extracting(FieldError::field)
                .containsExactly("channel", "priority", "skills.a", "queueId", "nested.y", "extra"));
    }

    @Test
    void keepsTextVerbatimAndReportsMalformedJsonWithItsPlace() {
        JsonFields f = JsonFields.parse("{\"name\": \"  <b>'; DROP TABLE x; --\\n\"}");
        assertThat(f.text("name", true, 100)).isEqualTo("  <b>'; DROP TABLE x; --\n");
        f.end();
        assertThatThrownBy(() -> JsonFields.parse("{\"a\": }")).hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> JsonFields.parse("[]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> JsonFields.parse("[".repeat(100) + "]".repeat(100))).isInstanceOf(InvalidInputException.class);
    }
}
