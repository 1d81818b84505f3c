package org.openucc.ivr.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.openucc.config.loader.ConfigProblem;
import org.openucc.config.loader.YamlDocument;
import org.openucc.ivr.expr.Expression;
import org.openucc.ivr.expr.ExpressionException;
import org.openucc.ivr.expr.Template;
import org.openucc.ivr.flow.ExpressionSite;
import org.openucc.ivr.flow.Source;

/** One flow file being parsed: its YAML with positions, the problems found so far and its expressions. */
final class FlowFile {
    final YamlDocument doc;
    final List<ConfigProblem> problems = new ArrayList<>();
    final List<ExpressionSite> expressions = new ArrayList<>();

    FlowFile(YamlDocument doc) {
        this.doc = doc;
        problems.addAll(doc.problems());
    }

    String name() {
        return doc.file();
    }

    Source valueSource(String pointer) {
        return source(doc.valueAt(pointer));
    }

    Source keySource(String pointer) {
        return source(doc.keyAt(pointer));
    }

    private Source source(YamlDocument.Position p) {
        return new Source(doc.file(), p.line(), p.column());
    }

    void problem(String pointer, boolean atKey, String message) {
        problems.add(doc.problem(atKey ? doc.keyAt(pointer) : doc.valueAt(pointer), message));
    }

    void problem(Source at, String message) {
        problems.add(new ConfigProblem(at.file(), at.line(), at.column(), message));
    }

    /** Parses an expression written at {@code pointer}; a syntax error is reported at its column. */
    Expression expression(String pointer, String text, String what) {
        Source content = contentSource(pointer);
        try {
            Expression e = Expression.parse(text);
            expressions.add(new ExpressionSite(e, content));
            return e;
        } catch (ExpressionException ex) {
            problem(content.shift(ex.offset()), what + ": " + ex.getMessage() + " in '" + text + "'");
            return null;
        }
    }

    Template template(String pointer, String text, String what) {
        Source content = contentSource(pointer);
        try {
            Template t = Template.parse(text);
            for (Template.Part p : t.parts()) {
                if (p.expression() != null) {
                    expressions.add(new ExpressionSite(p.expression(), content.shift(p.offset())));
                }
            }
            return t;
        } catch (ExpressionException ex) {
            problem(content.shift(ex.offset()), what + ": " + ex.getMessage() + " in '" + text + "'");
            return null;
        }
    }

    private Source contentSource(String pointer) {
        return source(doc.contentAt(pointer));
    }

    /** Text of a scalar, or null (and a problem) if the value is a list or a mapping. */
    String scalar(JsonNode value, String pointer, String what) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            problem(pointer, false, what + ": expected a single value, found " + (value.isArray() ? "a list" : "a mapping"));
            return null;
        }
        return value.asText();
    }
}
