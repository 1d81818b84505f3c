package org.openucc.ivr.flow;

/**
 * A next step: the node a field names, and where the name is written.
 *
 * @param field which field of the node names it ({@code next}, {@code options.1}, {@code fallback}…)
 */
public record Ref(String field, String node, Source source) {
}
