package org.openucc.routing;

import java.util.List;

/**
 * The full, per-agent answer to "who could take this interaction and why not the others", computed
 * on request (it scans every agent; routing itself never does).
 */
public record Explanation(String interactionId, String queueId, int overflowStep, List<String> requirements,
                          List<Verdict> agents) {

    /** One agent: eligible now, or the first reason it is not. */
    public record Verdict(String agentId, boolean eligible, ExclusionReason reason, String detail) {
    }
}
