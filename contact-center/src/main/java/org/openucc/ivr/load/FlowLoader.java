package org.openucc.ivr.load;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openucc.config.loader.ConfigProblem;
import org.openucc.ivr.flow.FlowSet;
import org.openucc.ivr.flow.IvrFlow;
import org.openucc.ivr.prompt.PromptCatalog;

/**
 * Loads every {@code *.yaml} file of a flows directory and validates them together against the
 * prompts and the configuration. Either all flows are usable, or {@link IvrFlowException} lists
 * every problem of every file with its line: a broken set is never partly used.
 */
public final class FlowLoader {
    private final FlowEnvironment env;

    public FlowLoader(FlowEnvironment env) {
        this.env = env;
    }

    public FlowEnvironment environment() {
        return env;
    }

    public FlowSet load(Path flowsDir, long version, Instant at) throws IvrFlowException {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        if (!Files.isDirectory(flowsDir)) {
            throw new IvrFlowException(List.of(new ConfigProblem(flowsDir.toString(), 0, 0,
                    "no such directory (working directory " + Path.of("").toAbsolutePath()
                            + "); set ivr.flowsDir in the configuration")));
        }
        List<Path> paths;
        try (Stream<Path> list = Files.list(flowsDir)) {
            paths = list.filter(p -> Files.isRegularFile(p) && isFlowFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IvrFlowException(List.of(new ConfigProblem(flowsDir.toString(), 0, 0, "cannot list: " + e)));
        }
        for (Path p : paths) {
            String file = p.toString();
            String name = flowName(p);
            if (files.containsKey(name)) {
                problems.add(new ConfigProblem(file, 0, 0, "flow '" + name + "' is also defined in " + files.get(name)
                        + "; flow names come from file names and must be unique"));
                continue;
            }
            try {
                texts.put(name, Files.readString(p, StandardCharsets.UTF_8));
                files.put(name, file);
            } catch (CharacterCodingException e) {
                problems.add(new ConfigProblem(file, 0, 0, "is not UTF-8 text"));
            } catch (IOException e) {
                problems.add(new ConfigProblem(file, 0, 0, "cannot read: " + e));
            }
        }
        if (paths.isEmpty()) {
            problems.add(new ConfigProblem(flowsDir.toString(), 0, 0, "has no flow files (*.yaml)"));
        }
        return build(texts, files, problems, version, at);
    }

    /** Flows from texts (name → YAML), e.g. for tests and the admin API; {@code files} names them in problems. */
    public FlowSet load(Map<String, String> texts, Map<String, String> files, long version, Instant at)
            throws IvrFlowException {
        return build(texts, files, new ArrayList<>(), version, at);
    }

    private FlowSet build(Map<String, String> texts, Map<String, String> files, List<ConfigProblem> problems,
                          long version, Instant at) throws IvrFlowException {
        Map<String, IvrFlow> flows = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            String file = files.getOrDefault(e.getKey(), e.getKey() + ".yaml");
            FlowParser.Result r = FlowParser.parse(file, e.getKey(), e.getValue(), env);
            problems.addAll(r.problems());
            if (r.flow() != null) {
                flows.put(e.getKey(), r.flow());
            }
        }
        problems.addAll(FlowValidator.validate(flows, texts.keySet(), env, new PromptCatalog(env.promptsDir())));
        if (!problems.isEmpty()) {
            throw new IvrFlowException(problems);
        }
        return new FlowSet(version, at, flows);
    }

    static boolean isFlowFile(Path p) {
        String n = p.getFileName().toString();
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".");
    }

    static String flowName(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }
}
