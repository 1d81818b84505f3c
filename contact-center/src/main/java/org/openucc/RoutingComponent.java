package org.openucc;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openucc.config.ContactCenterConfig;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEngine;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;

/** The ACD as a server component: loads the configured queues and agents, reports its size in /health. */
public final class RoutingComponent implements Lifecycle {
    private final ContactCenterConfig config;
    private final RoutingService routing;
    private volatile RoutingEngine.EngineStats lastStats;

    public RoutingComponent(ContactCenterConfig config, InstantSource clock, RoutingStrategies strategies) {
        this.config = config;
        this.routing = new RoutingService(config.routing(), clock, strategies);
    }

    public RoutingService service() {
        return routing;
    }

    @Override
    public String name() {
        return "routing";
    }

    @Override
    public void start() throws Exception {
        routing.load(config.businessHours(), config.queues(), config.agents()).get(30, TimeUnit.SECONDS);
        lastStats = routing.send(new RoutingCommand.GetStats()).get(5, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        routing.close();
    }

    /** Never blocks: shows the figures of the previous request and asks the engine for fresh ones. */
    @Override
    public ComponentHealth health() {
        routing.send(new RoutingCommand.GetStats()).thenAccept(s -> lastStats = s);
        RoutingEngine.EngineStats s = lastStats;
        if (s == null) {
            return ComponentHealth.down("loading");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("queues", s.queues());
        d.put("agents", s.agents());
        d.put("loggedInAgents", s.loggedInAgents());
        d.put("interactions", s.interactions());
        d.put("waiting", s.waiting());
        return ComponentHealth.up(d);
    }
}
