package org.openucc.routing.spi;

/**
 * One candidate considered by a routing decision, with the score the rule gave it.
 *
 * @param id     agent id (for interaction-to-agent decisions) or interaction id (agent-to-work)
 * @param score  the rule's score; what it means is in {@code detail}
 * @param detail human-readable reason, e.g. "idle 42s, 0 in hand"
 */
public record ScoredCandidate(String id, double score, String detail) {
}
