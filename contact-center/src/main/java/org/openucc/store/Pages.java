package org.openucc.store;

import java.util.List;
import org.openucc.crm.Page;
import org.openucc.crm.PageRequest;

/** Pages read with {@code LIMIT limit + 1}: the extra row only says there is more. */
final class Pages {
    private Pages() {
    }

    static <T> Page<T> of(List<T> itemsPlusOne, PageRequest page) {
        boolean more = itemsPlusOne.size() > page.limit();
        return new Page<>(more ? itemsPlusOne.subList(0, page.limit()) : itemsPlusOne, page.offset(), page.limit(), more);
    }
}
