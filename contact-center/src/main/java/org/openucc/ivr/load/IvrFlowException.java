package org.openucc.ivr.load;

import java.util.List;
import org.openucc.config.loader.ConfigProblem;

/** The flows cannot be used; carries every problem found, in file order, as {@code file:line:column: message}. */
public final class IvrFlowException extends Exception {
    private final List<ConfigProblem> problems;

    public IvrFlowException(List<ConfigProblem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an IvrFlowException needs at least one problem");
        }
        this.problems = problems.stream().sorted().distinct().toList();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        List<ConfigProblem> sorted = problems.stream().sorted().distinct().toList();
        StringBuilder sb = new StringBuilder("IVR flows have ").append(sorted.size())
                .append(sorted.size() == 1 ? " problem:" : " problems:");
        sorted.forEach(p -> sb.append(System.lineSeparator()).append(p));
        return sb.toString();
    }
}
