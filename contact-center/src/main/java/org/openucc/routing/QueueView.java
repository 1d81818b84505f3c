package org.openucc.routing;

/**
 * A queue's live figures since the engine started (daily figures come from the interaction log).
 *
 * @param serviceLevelPercent answered within the target threshold, of answered plus abandoned after it
 */
public record QueueView(String id, String name, String strategy, int waiting, int offered, long longestWaitMillis,
                        long arrived, long answered, long abandoned, long rejected, long leftByMaxWait,
                        double serviceLevelPercent, long averageSpeedOfAnswerMillis, long averageHandleMillis,
                        int staffedAgents) {
}
