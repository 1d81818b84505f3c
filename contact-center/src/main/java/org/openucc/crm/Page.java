package org.openucc.crm;

import java.util.List;

/** A slice of a result and whether there is more after it. */
public record Page<T>(List<T> items, int offset, int limit, boolean hasMore) {
    public Page {
        items = List.copyOf(items);
    }
}
