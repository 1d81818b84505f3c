package org.openucc.config;

/** The outcome an agent picks when wrapping up an interaction. */
public record DispositionCode(String code, String label) {
}
