package org.openucc.ivr.runtime;

import java.util.List;

/**
 * Where a call went in the IVR and what it typed: the path of nodes entered ({@code flow:node}) and
 * the input of each menu and collect ({@code flow:node=digits}, secret input masked). What the agent
 * sees as {@code ivr.path} and {@code ivr.digits}.
 */
public record IvrTrail(List<String> path, List<String> inputs) {
    public static final IvrTrail EMPTY = new IvrTrail(List.of(), List.of());
    /** Longer journeys keep their last steps: the agent needs the end of the story. */
    static final int MAX_STEPS = 60;

    public IvrTrail {
        path = List.copyOf(path);
        inputs = List.copyOf(inputs);
    }

    public String pathText() {
        return String.join(" > ", path);
    }

    public String inputsText() {
        return String.join(", ", inputs);
    }
}
