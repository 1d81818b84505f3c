package org.openucc.log;

import java.util.List;

/**
 * A page of events in the query's order.
 *
 * @param nextCursor pass to {@link LogQuery#after} for the next page; null when this is the last
 */
public record LogPage(List<LogEvent> events, Long nextCursor) {
    public LogPage {
        events = List.copyOf(events);
    }
}
