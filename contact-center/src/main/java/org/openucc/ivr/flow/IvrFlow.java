package org.openucc.ivr.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openucc.ivr.expr.Expression;

/**
 * One flow file: named nodes, where to start, the languages its prompts exist in and the
 * variables it starts with. Immutable; a call keeps the version it started with.
 *
 * @param name        the file name without {@code .yaml}: what service numbers and {@code goto} use
 * @param languages   every prompt must exist in each of these ({@code prompts/<language>/…})
 * @param language    the language a call starts in, unless the caller of the flow chooses one
 * @param variables   set when a call enters the flow (only those not set yet, so goto keeps values)
 * @param onError     where a call goes when a step fails unexpectedly (null: the flow fails)
 * @param expressions every expression and template in the file, with where it is written
 */
public record IvrFlow(String name, String file, String description, List<String> languages, String language,
                      Ref start, Ref onError, Map<String, Expression> variables, Map<String, FlowNode> nodes,
                      List<ExpressionSite> expressions) {
    public IvrFlow {
        languages = List.copyOf(languages);
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        expressions = List.copyOf(expressions);
    }

    public Optional<FlowNode> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }
}
