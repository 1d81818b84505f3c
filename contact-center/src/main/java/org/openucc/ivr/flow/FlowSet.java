package org.openucc.ivr.flow;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every flow of the flows directory as loaded and validated together. A call runs on the set that
 * was current when it started (also for {@code goto}), so a reload never changes a call midway.
 *
 * @param version 1 for the first load, +1 for every accepted reload
 */
public record FlowSet(long version, Instant loadedAt, Map<String, IvrFlow> flows) {
    public FlowSet {
        flows = java.util.Collections.unmodifiableMap(new TreeMap<>(flows));
    }

    public Optional<IvrFlow> flow(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    public FlowSet withVersion(long newVersion, Instant at) {
        return new FlowSet(newVersion, at, flows);
    }
}
