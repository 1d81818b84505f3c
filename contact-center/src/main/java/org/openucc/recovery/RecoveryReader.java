package org.openucc.recovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openucc.log.InteractionLog;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogPage;
import org.openucc.log.LogQuery;

/**
 * Reads what {@link RecoveryPlan} folds from the log: the timelines of the interactions whose CDR is not
 * over, and each agent's recent state events. Blocking (JDBC): run at start-up, off the engine thread.
 */
public final class RecoveryReader {
    /** Agent events read per page while looking for the last one with a state (phone events carry none). */
    private static final int AGENT_PAGE = 200;

    private final InteractionLog log;

    public RecoveryReader(InteractionLog log) {
        this.log = log;
    }

    /**
     * The plan for these agents (those the ACD knows) from the log as it is now.
     *
     * @param before only interactions that arrived before this: those that came in since (say a call
     *               taken by the SIP stack while the server was starting) are this process's own
     */
    public RecoveryPlan read(Collection<String> agentIds, java.time.Instant before) {
        List<List<LogEvent>> timelines = new ArrayList<>();
        for (InteractionSummary s : log.unfinished()) {
            if (s.arrivedAt().isBefore(before)) {
                timelines.add(log.timeline(s.interactionId()));
            }
        }
        Map<String, List<LogEvent>> agents = new LinkedHashMap<>();
        for (String id : agentIds) {
            agents.put(id, lastStateEvents(id));
        }
        return RecoveryPlan.of(timelines, agents);
    }

    /** Newest first, page by page, until a page holds an event with a state (or the agent's history ends). */
    private List<LogEvent> lastStateEvents(String agentId) {
        LogQuery q = LogQuery.forAgent(agentId).types(EnumSet.of(LogEventType.AGENT_LOGGED_IN,
                LogEventType.AGENT_STATE_CHANGED, LogEventType.AGENT_LOGGED_OUT)).newestFirst().limit(AGENT_PAGE);
        List<LogEvent> out = new ArrayList<>();
        while (true) {
            LogPage page = log.events(q);
            out.addAll(page.events());
            if (page.nextCursor() == null || page.events().stream().anyMatch(e -> e.detail("to") != null)) {
                return out;
            }
            q = q.after(page.nextCursor());
        }
    }
}
