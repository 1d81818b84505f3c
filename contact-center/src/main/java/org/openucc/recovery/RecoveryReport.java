package org.openucc.recovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openucc.interaction.Channel;

/**
 * What a recovery did, for {@code /health} and the channels: the interactions back in the ACD (by
 * channel), those ended or failed, the wrap-ups closed (their agent could not take them back, or their time ran
 * out meanwhile) and those given back to their agents, and the agents whose state came back.
 */
public record RecoveryReport(Map<Channel, List<String>> restored, List<String> ended, List<String> failed,
                             int wrapUpsClosed, int wrapUpsKept, int agentsRestored, long millis) {
    public RecoveryReport {
        restored = Map.copyOf(restored);
        ended = List.copyOf(ended);
        failed = List.copyOf(failed);
    }

    public List<String> restored(Channel channel) {
        return restored.getOrDefault(channel, List.of());
    }

    public int restoredCount() {
        return restored.values().stream().mapToInt(List::size).sum();
    }

    /** Flat figures for {@code /health}. */
    public Map<String, Object> figures() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("restored", restoredCount());
        for (Channel c : Channel.values()) {
            if (!restored(c).isEmpty()) {
                d.put("restored" + c.name().charAt(0) + c.name().substring(1).toLowerCase().replace("_v", "V"),
                        restored(c).size());
            }
        }
        d.put("ended", ended.size());
        d.put("failed", failed.size());
        d.put("wrapUpsClosed", wrapUpsClosed);
        d.put("wrapUpsKept", wrapUpsKept);
        d.put("agentsRestored", agentsRestored);
        d.put("tookMillis", millis);
        return d;
    }
}
