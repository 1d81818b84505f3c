package org.openucc.ivr.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openucc.config.loader.ConfigProblem;
import org.openucc.ivr.flow.FlowNode;
import org.openucc.ivr.flow.IvrFlow;
import org.openucc.ivr.flow.Ref;

/**
 * Finds loops on which no node waits for the caller (menu, collect, queue, voicemail): a call that
 * enters one would spin forever. Strongly connected components (Tarjan) of the graph of the other
 * nodes, across flows through {@code goto}.
 */
final class LoopCheck {
    /** A node of one flow. */
    private record Key(String flow, String node) {
    }

    private final Map<Key, FlowNode> nodes = new LinkedHashMap<>();
    private final Map<Key, List<Key>> edges = new HashMap<>();
    private final Map<Key, Integer> index = new HashMap<>();
    private final Map<Key, Integer> low = new HashMap<>();
    private final Deque<Key> stack = new ArrayDeque<>();
    private final Map<Key, Boolean> onStack = new HashMap<>();
    private final List<List<Key>> components = new ArrayList<>();
    private int counter;

    static List<ConfigProblem> loopsWithoutInput(Map<String, IvrFlow> flows) {
        return new LoopCheck().run(flows);
    }

    private List<ConfigProblem> run(Map<String, IvrFlow> flows) {
        for (IvrFlow flow : flows.values()) {
            for (FlowNode n : flow.nodes().values()) {
                if (!n.takesInput()) {
                    nodes.put(new Key(flow.name(), n.id()), n);
                }
            }
        }
        for (Map.Entry<Key, FlowNode> e : nodes.entrySet()) {
            List<Key> out = new ArrayList<>();
            for (Ref r : e.getValue().refs()) {
                Key k = new Key(e.getKey().flow(), r.node());
                if (nodes.containsKey(k)) {
                    out.add(k);
                }
            }
            if (e.getValue() instanceof FlowNode.Goto g && flows.containsKey(g.flow())
                    && flows.get(g.flow()).start() != null) {
                Key k = new Key(g.flow(), flows.get(g.flow()).start().node());
                if (nodes.containsKey(k)) {
                    out.add(k);
                }
            }
            edges.put(e.getKey(), out);
        }
        for (Key k : nodes.keySet()) {
            if (!index.containsKey(k)) {
                strongConnect(k);
            }
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (List<Key> c : components) {
            boolean cycle = c.size() > 1 || edges.get(c.get(0)).contains(c.get(0));
            if (!cycle) {
                continue;
            }
            Key first = c.stream().min(Comparator.comparing((Key k) -> nodes.get(k).source().file())
                    .thenComparingInt(k -> nodes.get(k).source().line())).orElseThrow();
            List<Key> path = cycleThrough(first, c);
            StringBuilder names = new StringBuilder();
            for (Key k : path) {
                names.append(k.flow().equals(first.flow()) ? k.node() : k.flow() + ":" + k.node()).append(" → ");
            }
            names.append(first.node());
            FlowNode n = nodes.get(first);
            problems.add(new ConfigProblem(n.source().file(), n.source().line(), n.source().column(),
                    "loop without caller input: " + names + "; a call would go round it forever. Put a menu,"
                            + " collect, queue or voicemail on it, or end it"));
        }
        return problems;
    }

    /** Iterative would be longer; flows have tens of nodes, so recursion depth is no concern. */
    private void strongConnect(Key v) {
        index.put(v, counter);
        low.put(v, counter);
        counter++;
        stack.push(v);
        onStack.put(v, true);
        for (Key w : edges.get(v)) {
            if (!index.containsKey(w)) {
                strongConnect(w);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.getOrDefault(w, false)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<Key> component = new ArrayList<>();
            Key w;
            do {
                w = stack.pop();
                onStack.put(w, false);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }

    /** A shortest way from {@code start} back to itself inside the component (breadth first). */
    private List<Key> cycleThrough(Key start, List<Key> component) {
        Map<Key, Key> previous = new HashMap<>();
        Deque<Key> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            Key v = todo.poll();
            for (Key w : edges.get(v)) {
                if (!component.contains(w)) {
                    continue;
                }
                if (w.equals(start)) {
                    List<Key> path = new ArrayList<>();
                    for (Key k = v; k != null; k = previous.get(k)) {
                        path.add(0, k);
                    }
                    return path;
                }
                if (!previous.containsKey(w)) {
                    previous.put(w, v);
                    todo.add(w);
                }
            }
        }
        return List.of(start);
    }
}
