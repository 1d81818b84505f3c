package org.openucc.log;

import java.util.List;

/** A page of CDRs and whether more follow. */
public record SummaryPage(List<InteractionSummary> items, int offset, int limit, boolean hasMore) {
    public SummaryPage {
        items = List.copyOf(items);
    }
}
