package org.openucc.ivr.load;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.openucc.config.loader.ConfigProblem;
import org.openucc.config.loader.YamlDocument;
import org.openucc.interaction.Channel;
import org.openucc.ivr.expr.Expr;
import org.openucc.ivr.expr.Functions;
import org.openucc.ivr.flow.ExpressionSite;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.IvrFlow;
import org.openucc.ivr.flow.PromptRef;
import org.openucc.ivr.flow.Ref;
import org.openucc.ivr.flow.SayPart;
import org.openucc.ivr.flow.Source;
import org.openucc.ivr.flow.Variables;
import org.openucc.ivr.prompt.PromptCatalog;
import org.openucc.ivr.speech.Speech;

/**
 * The checks that need every flow and the configuration: next steps that name no node, goto to a
 * flow that does not exist, nodes never reached, loops that never wait for the caller, prompts
 * missing in a language, unknown queues, skills, calendars and variables.
 */
final class FlowValidator {
    private final Map<String, IvrFlow> flows;
    /** Every flow file's name, also of files too broken to parse: goto to them is not a second problem. */
    private final Set<String> names;
    private final FlowEnvironment env;
    private final PromptCatalog prompts;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private FlowValidator(Map<String, IvrFlow> flows, Set<String> names, FlowEnvironment env, PromptCatalog prompts) {
        this.flows = flows;
        this.names = names;
        this.env = env;
        this.prompts = prompts;
    }

    static List<ConfigProblem> validate(Map<String, IvrFlow> flows, Set<String> names, FlowEnvironment env,
                                       PromptCatalog prompts) {
        FlowValidator v = new FlowValidator(flows, names, env, prompts);
        v.run();
        return v.problems;
    }

    private void run() {
        Set<String> variables = definedVariables();
        for (IvrFlow flow : flows.values()) {
            references(flow);
            reachability(flow);
            prompts(flow);
            configuration(flow);
            for (ExpressionSite site : flow.expressions()) {
                expression(site, variables);
            }
        }
        problems.addAll(LoopCheck.loopsWithoutInput(flows));
    }

    private void problem(Source at, String message) {
        problems.add(new ConfigProblem(at.file(), at.line(), at.column(), message));
    }

    private void references(IvrFlow flow) {
        for (Ref r : new Ref[] {flow.start(), flow.onError()}) {
            if (r != null && !flow.nodes().containsKey(r.node())) {
                problem(r.source(), r.field() + ": there is no node '" + r.node() + "' in flow '" + flow.name() + "'"
                        + suggest(r.node(), flow.nodes().keySet()));
            }
        }
        for (FlowNode n : flow.nodes().values()) {
            for (Ref r : n.refs()) {
                if (!flow.nodes().containsKey(r.node())) {
                    problem(r.source(), "node '" + n.id() + "' (" + n.type() + "): " + r.field() + ": there is no node '"
                            + r.node() + "' in flow '" + flow.name() + "'" + suggest(r.node(), flow.nodes().keySet()));
                }
            }
            if (n instanceof FlowNode.Goto g && g.flow() != null && !names.contains(g.flow())) {
                problem(g.flowSource(), "node '" + g.id() + "' (goto): there is no flow '" + g.flow() + "'"
                        + suggest(g.flow(), names) + " (flows: " + String.join(", ", new TreeSet<>(names)) + ")");
            }
        }
    }

    private void reachability(IvrFlow flow) {
        Set<String> reached = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>();
        for (Ref root : new Ref[] {flow.start(), flow.onError()}) {
            if (root != null && flow.nodes().containsKey(root.node()) && reached.add(root.node())) {
                todo.add(root.node());
            }
        }
        while (!todo.isEmpty()) {
            FlowNode n = flow.nodes().get(todo.remove(todo.size() - 1));
            for (Ref r : n.refs()) {
                // A misspelt reference already reported with a "did you mean" counts as its suggestion,
                // so one typo gives one message rather than one per node behind it.
                String target = flow.nodes().containsKey(r.node()) ? r.node()
                        : YamlDocument.closest(r.node(), flow.nodes().keySet());
                if (target != null && reached.add(target)) {
                    todo.add(target);
                }
            }
        }
        if (flow.start() == null || !flow.nodes().containsKey(flow.start().node())) {
            return; // already reported; everything would look unreachable
        }
        for (FlowNode n : flow.nodes().values()) {
            if (!reached.contains(n.id())) {
                problem(n.source(), "node '" + n.id() + "' is never reached from start '" + flow.start().node()
                        + "'" + (flow.onError() == null ? "" : " or onError '" + flow.onError().node() + "'")
                        + "; remove it or lead a next step to it");
            }
        }
    }

    private void prompts(IvrFlow flow) {
        boolean speaks = false;
        FlowNode firstSay = null;
        for (FlowNode n : flow.nodes().values()) {
            for (PromptRef p : n.prompts()) {
                for (String lang : flow.languages()) {
                    prompts.problem(lang, p.name()).ifPresent(why -> problem(p.source(), "prompt '" + p.name() + "': "
                            + prompts.file(lang, p.name()) + " " + why));
                }
            }
            if (n instanceof FlowNode.Say say && say.parts().stream().anyMatch(FlowValidator::spoken)
                    || n instanceof FlowNode.EnterQueue q && q.announce() != null) {
                speaks = true;
                firstSay = firstSay == null ? n : firstSay;
            }
        }
        if (!speaks) {
            return;
        }
        for (String lang : flow.languages()) {
            Optional<Speech> speech = Speech.of(lang);
            if (speech.isEmpty()) {
                problem(firstSay.source(), "node '" + firstSay.id() + "' (" + firstSay.type() + ") cannot say numbers, dates or times in '"
                        + lang + "' (languages with say: en, zh)");
                continue;
            }
            List<String> missing = speech.get().fragments().stream().filter(f -> !prompts.exists(lang, f)).toList();
            if (!missing.isEmpty()) {
                problem(firstSay.source(), "node '" + firstSay.id() + "' (" + firstSay.type() + ") needs the number prompts of '" + lang
                        + "' in " + prompts.dir().resolve(lang).resolve("say") + "; missing: "
                        + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
                        + (missing.size() > 10 ? " and " + (missing.size() - 10) + " more" : ""));
            }
        }
    }

    private static boolean spoken(SayPart p) {
        return !(p instanceof SayPart.Prompt) && !(p instanceof SayPart.Computed);
    }

    private void configuration(IvrFlow flow) {
        for (FlowNode n : flow.nodes().values()) {
            if (n instanceof FlowNode.SetValues s) {
                queue(s.queue(), s.queueSource(), n, Channel.VOICE);
                for (String skill : s.skills().keySet()) {
                    if (!env.skills().contains(skill)) {
                        problem(n.source(), "node '" + n.id() + "' (set): skill '" + skill + "' is not declared in skills"
                                + suggest(skill, env.skills()) + " (declared: " + String.join(", ", new TreeSet<>(env.skills()))
                                + ")");
                    }
                }
            } else if (n instanceof FlowNode.EnterQueue q) {
                queue(q.queue(), q.queueSource(), n, Channel.VOICE);
            } else if (n instanceof FlowNode.Callback c) {
                queue(c.queue(), c.queueSource(), n, Channel.CALLBACK);
            } else if (n instanceof FlowNode.Voicemail v) {
                queue(v.queue(), v.queueSource(), n, Channel.CALLBACK);
            }
        }
    }

    private void queue(String queue, Source at, FlowNode n, Channel channel) {
        if (queue == null) {
            return;
        }
        if (!env.queues().containsKey(queue)) {
            problem(at, "node '" + n.id() + "' (" + n.type() + "): there is no queue '" + queue + "'"
                    + suggest(queue, env.queues().keySet()) + " (queues: " + String.join(", ", env.queues().keySet()) + ")");
        } else if (!env.queues().get(queue).contains(channel)) {
            problem(at, "node '" + n.id() + "' (" + n.type() + "): queue '" + queue + "' does not take " + channel
                    + " interactions (its channels: " + env.queues().get(queue) + ")");
        }
    }

    private void expression(ExpressionSite site, Set<String> variables) {
        for (Expr.Variable v : site.expression().variables()) {
            if (!variables.contains(v.name())) {
                String close = YamlDocument.closest(v.name(), variables);
                problem(site.source().shift(v.offset()), "unknown variable '" + v.name() + "'"
                        + (close == null ? "" : " (did you mean '" + close + "'?)") + "; variables come from set,"
                        + " collect (into), http (results) and the flows' variables, or are built in (caller,"
                        + " customer.tier, …)");
            }
        }
        for (Expr.Call c : site.expression().calls()) {
            Functions.Signature sig = Functions.find(c.function()).orElseThrow();
            if (c.arguments().isEmpty() || !(c.arguments().get(0) instanceof Expr.Literal l)
                    || !(l.value() instanceof String name)) {
                continue;
            }
            Source at = site.source().shift(l.offset());
            if (sig.names() == Functions.Names.CALENDAR && !env.calendars().contains(name)) {
                problem(at, c.function() + "('" + name + "'): there is no business-hours calendar '" + name + "'"
                        + suggest(name, env.calendars()) + " (calendars: " + String.join(", ", new TreeSet<>(env.calendars()))
                        + ")");
            } else if (sig.names() == Functions.Names.QUEUE && !env.queues().containsKey(name)) {
                problem(at, c.function() + "('" + name + "'): there is no queue '" + name + "'"
                        + suggest(name, env.queues().keySet()));
            }
        }
    }

    private Set<String> definedVariables() {
        Set<String> out = new TreeSet<>(Variables.BUILT_IN);
        for (IvrFlow flow : flows.values()) {
            out.addAll(flow.variables().keySet());
            for (FlowNode n : flow.nodes().values()) {
                if (n instanceof FlowNode.SetValues s) {
                    out.addAll(s.variables().keySet());
                } else if (n instanceof FlowNode.Collect c && c.into() != null) {
                    out.add(c.into());
                } else if (n instanceof FlowNode.Http h) {
                    out.addAll(h.results().keySet());
                }
            }
        }
        return out;
    }

    static String suggest(String written, java.util.Collection<String> candidates) {
        String close = YamlDocument.closest(written, candidates);
        return close == null ? "" : "; did you mean '" + close + "'?";
    }
}
