package org.openucc.config.loader;

import java.util.List;

/** The configuration cannot be used; carries every problem found, in file order. */
public final class ConfigException extends Exception {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = problems.stream().sorted().distinct().toList();
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        List<ConfigProblem> sorted = problems.stream().sorted().distinct().toList();
        sb.append("configuration has ").append(sorted.size())
                .append(sorted.size() == 1 ? " problem:" : " problems:");
        sorted.forEach(p -> sb.append(System.lineSeparator()).append(p));
        return sb.toString();
    }
}
