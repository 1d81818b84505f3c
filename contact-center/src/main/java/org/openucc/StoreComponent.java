package org.openucc;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openucc.config.ContactCenterConfig;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.store.InteractionLogStats;
import org.openucc.store.StoreServices;

/**
 * The CRM store and the interaction log as a server component. Started before the ACD and stopped
 * after it, so every routing event reaches the log and the log drains before the database closes.
 */
public final class StoreComponent implements Lifecycle, RoutingEventSink {
    private final ContactCenterConfig config;
    private final InstantSource clock;
    private volatile StoreServices services;
    /** Set when the server stops during start-up: the demo data generation gives up at its next batch. */
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public StoreComponent(ContactCenterConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The store's services; only after {@link #start()}. */
    public StoreServices services() {
        StoreServices s = services;
        if (s == null) {
            throw new IllegalStateException("the store is not started");
        }
        return s;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public void start() {
        services = StoreServices.start(config.store(), Path.of(config.server().dataDir()), clock, cancelled::get);
    }

    @Override
    public void cancelStart() {
        cancelled.set(true);
    }

    @Override
    public void stop() {
        StoreServices s = services;
        services = null;
        if (s != null) {
            s.close();
        }
    }

    /** Routing events go to the interaction log (queued; the engine thread never waits on the database). */
    @Override
    public void accept(RoutingEvent event) {
        StoreServices s = services;
        if (s != null) {
            s.routingRecorder().accept(event);
        }
    }

    @Override
    public ComponentHealth health() {
        StoreServices s = services;
        if (s == null) {
            return ComponentHealth.down("not started");
        }
        InteractionLogStats stats = s.interactionLogStats();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("database", config.store().jdbcUrl() == null ? "embedded H2" : "external");
        d.put("logEvents", stats.storedEvents());
        d.put("logQueue", stats.queuedAppends());
        d.put("logFailures", stats.failedEvents());
        return stats.failedEvents() > 0 ? new ComponentHealth(ComponentHealth.Status.DOWN, d) : ComponentHealth.up(d);
    }
}
