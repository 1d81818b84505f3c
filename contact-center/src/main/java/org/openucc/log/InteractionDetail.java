package org.openucc.log;

import java.util.List;

/** An interaction's CDR and every event on its timeline, oldest first. */
public record InteractionDetail(InteractionSummary summary, List<LogEvent> timeline) {
    public InteractionDetail {
        timeline = List.copyOf(timeline);
    }
}
