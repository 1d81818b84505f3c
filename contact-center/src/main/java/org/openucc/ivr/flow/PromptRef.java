package org.openucc.ivr.flow;

/**
 * A prompt by name, e.g. {@code main-menu}: the file {@code <prompts>/<language>/main-menu.wav}
 * in the caller's language.
 */
public record PromptRef(String name, Source source) {
}
