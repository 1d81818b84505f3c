package org.openucc.config;

import java.util.List;

/**
 * The whole server configuration, read from {@code config/contact-center.yaml} and validated at start.
 * Every feature gets its own record; tests build these directly.
 */
public record ContactCenterConfig(
        ServerConfig server,
        RoutingConfig routing,
        List<SkillConfig> skills,
        List<QueueConfig> queues,
        List<AgentConfig> agents,
        List<ReasonCode> reasonCodes,
        List<DispositionCode> dispositions,
        List<BusinessHoursConfig> businessHours,
        StoreConfig store,
        IvrConfig ivr) {

    /** The core sections only; every adapter section takes its defaults. */
    public ContactCenterConfig(ServerConfig server, RoutingConfig routing, List<SkillConfig> skills,
                               List<QueueConfig> queues, List<AgentConfig> agents, List<ReasonCode> reasonCodes,
                               List<DispositionCode> dispositions, List<BusinessHoursConfig> businessHours) {
        this(server, routing, skills, queues, agents, reasonCodes, dispositions, businessHours, null, null);
    }

    public ContactCenterConfig withStore(StoreConfig store) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, ivr);
    }

    public ContactCenterConfig withIvr(IvrConfig ivr) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, ivr);
    }

    /** The same configuration with another server section (e.g. with the environment's overrides). */
    public ContactCenterConfig withServer(ServerConfig server) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, ivr);
    }

    public ContactCenterConfig {
        server = server == null ? ServerConfig.DEFAULTS : server;
        routing = routing == null ? RoutingConfig.DEFAULTS : routing;
        skills = skills == null ? List.of() : List.copyOf(skills);
        queues = queues == null ? List.of() : List.copyOf(queues);
        agents = agents == null ? List.of() : List.copyOf(agents);
        reasonCodes = reasonCodes == null ? List.of() : List.copyOf(reasonCodes);
        dispositions = dispositions == null ? List.of() : List.copyOf(dispositions);
        businessHours = businessHours == null ? List.of() : List.copyOf(businessHours);
        store = store == null ? StoreConfig.DEFAULTS : store;
        ivr = ivr == null ? IvrConfig.BUILT_IN : ivr;
    }
}
