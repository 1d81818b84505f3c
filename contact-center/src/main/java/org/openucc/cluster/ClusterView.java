package org.openucc.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;
import org.openucc.log.NewLogEvent;

/**
 * The cluster as the supervisor view shows it: the members, the engine's owner and epoch, whether the node answering
 * owns the engine, and the last takeovers. Takeovers are read from the interaction log (every node writes its own
 * there), so every node shows the same list, including those before it joined.
 */
public final class ClusterView {
    /** How many takeovers the view lists, newest first. */
    public static final int TAKEOVERS = 5;
    /** How many of the newest admin changes are read to find them (the audit trail shares their type). */
    static final int SCAN = 500;
    private static final String ENTITY = "engine";

    private ClusterView() {
    }

    /** The view of a node that is not in a cluster. */
    public static Map<String, Object> singleNode() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("clustered", false);
        return v;
    }

    static Map<String, Object> of(String cluster, String node, List<String> members, String owner, Long epoch,
                                  boolean ownsEngine, InteractionLog log) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("clustered", true);
        v.put("cluster", cluster);
        v.put("node", node);
        v.put("members", List.copyOf(members));
        v.put("engineOwner", owner);
        v.put("epoch", epoch);
        v.put("ownerAlive", owner != null && members.contains(owner));
        v.put("ownsEngine", ownsEngine);
        v.put("takeovers", takeovers(log, TAKEOVERS));
        return v;
    }

    /** The log event of a takeover: an admin change by {@value ClusterComponent#ACTOR}, with its figures as fields. */
    static NewLogEvent takeoverEvent(String node, long epoch, String previousOwner, boolean failover, long tookMillis,
                                     String change) {
        NewLogEvent base = NewLogEvent.adminChange(null, ClusterComponent.ACTOR, ENTITY, node, failover ? "failover" : "own",
                change);
        Map<String, Object> d = new LinkedHashMap<>(base.details());
        d.put("epoch", epoch);
        d.put("previousOwner", previousOwner);
        d.put("failover", failover);
        d.put("tookMillis", tookMillis);
        return new NewLogEvent(base.at(), base.type(), null, null, null, null, base.actor(), d);
    }

    /** The newest {@code limit} takeovers in the log, newest first. */
    static List<Map<String, Object>> takeovers(InteractionLog log, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        LogQuery q = LogQuery.all().types(Set.of(LogEventType.ADMIN_CHANGE)).newestFirst().limit(SCAN);
        for (LogEvent e : log.events(q).events()) {
            if (!ClusterComponent.ACTOR.equals(e.actor()) || !ENTITY.equals(e.details().get("entity"))) {
                continue;
            }
            out.add(takeover(e));
            if (out.size() == limit) {
                break;
            }
        }
        return out;
    }

    private static Map<String, Object> takeover(LogEvent e) {
        Map<String, Object> d = e.details();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("at", e.at().toString());
        t.put("owner", d.get("entityId"));
        t.put("epoch", d.get("epoch"));
        t.put("previousOwner", d.get("previousOwner"));
        t.put("failover", "failover".equals(d.get("action")));
        t.put("tookMillis", d.get("tookMillis"));
        t.put("change", d.get("change"));
        return t;
    }
}
