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
        SipConfig sip,
        List<UserConfig> users,
        ApiConfig api,
        IvrConfig ivr,
        ChannelsConfig channels,
        MetricsConfig metrics,
        AsteriskConfig asterisk,
        ReportsConfig reports,
        RecordingsConfig recordings,
        ClusterConfig cluster) {

    /** Every section but the cluster (off: one node). */
    public ContactCenterConfig(ServerConfig server, RoutingConfig routing, List<SkillConfig> skills,
                               List<QueueConfig> queues, List<AgentConfig> agents, List<ReasonCode> reasonCodes,
                               List<DispositionCode> dispositions, List<BusinessHoursConfig> businessHours,
                               StoreConfig store, SipConfig sip, List<UserConfig> users, ApiConfig api, IvrConfig ivr,
                               ChannelsConfig channels, MetricsConfig metrics, AsteriskConfig asterisk,
                               ReportsConfig reports, RecordingsConfig recordings) {
        this(server, routing, skills, queues, agents, reasonCodes, dispositions, businessHours, store, sip, users, api,
                ivr, channels, metrics, asterisk, reports, recordings, null);
    }

    /** Every section but recordings (which take their defaults: kept forever). */
    public ContactCenterConfig(ServerConfig server, RoutingConfig routing, List<SkillConfig> skills,
                               List<QueueConfig> queues, List<AgentConfig> agents, List<ReasonCode> reasonCodes,
                               List<DispositionCode> dispositions, List<BusinessHoursConfig> businessHours,
                               StoreConfig store, SipConfig sip, List<UserConfig> users, ApiConfig api, IvrConfig ivr,
                               ChannelsConfig channels, MetricsConfig metrics, AsteriskConfig asterisk,
                               ReportsConfig reports) {
        this(server, routing, skills, queues, agents, reasonCodes, dispositions, businessHours, store, sip, users, api,
                ivr, channels, metrics, asterisk, reports, null);
    }

    /** Every section but reports (which take their defaults): what code written before them builds. */
    public ContactCenterConfig(ServerConfig server, RoutingConfig routing, List<SkillConfig> skills,
                               List<QueueConfig> queues, List<AgentConfig> agents, List<ReasonCode> reasonCodes,
                               List<DispositionCode> dispositions, List<BusinessHoursConfig> businessHours,
                               StoreConfig store, SipConfig sip, List<UserConfig> users, ApiConfig api, IvrConfig ivr,
                               ChannelsConfig channels, MetricsConfig metrics, AsteriskConfig asterisk) {
        this(server, routing, skills, queues, agents, reasonCodes, dispositions, businessHours, store, sip, users, api,
                ivr, channels, metrics, asterisk, null);
    }

    /** The core sections only; every adapter section takes its defaults. */
    public ContactCenterConfig(ServerConfig server, RoutingConfig routing, List<SkillConfig> skills,
                               List<QueueConfig> queues, List<AgentConfig> agents, List<ReasonCode> reasonCodes,
                               List<DispositionCode> dispositions, List<BusinessHoursConfig> businessHours) {
        this(server, routing, skills, queues, agents, reasonCodes, dispositions, businessHours, null, null, null, null,
                null, null);
    }

    /** Every section but the web channels (which stay off): what code written before them builds. */
    public ContactCenterConfig(ServerConfig server, RoutingConfig routing, List<SkillConfig> skills,
                               List<QueueConfig> queues, List<AgentConfig> agents, List<ReasonCode> reasonCodes,
                               List<DispositionCode> dispositions, List<BusinessHoursConfig> businessHours,
                               StoreConfig store, SipConfig sip, List<UserConfig> users, ApiConfig api, IvrConfig ivr) {
        this(server, routing, skills, queues, agents, reasonCodes, dispositions, businessHours, store, sip, users, api,
                ivr, null);
    }

    /** Every section but metrics (which take their defaults): what code written before them builds. */
    public ContactCenterConfig(ServerConfig server, RoutingConfig routing, List<SkillConfig> skills,
                               List<QueueConfig> queues, List<AgentConfig> agents, List<ReasonCode> reasonCodes,
                               List<DispositionCode> dispositions, List<BusinessHoursConfig> businessHours,
                               StoreConfig store, SipConfig sip, List<UserConfig> users, ApiConfig api, IvrConfig ivr,
                               ChannelsConfig channels) {
        this(server, routing, skills, queues, agents, reasonCodes, dispositions, businessHours, store, sip, users, api,
                ivr, channels, null);
    }

    /** Every section but the Asterisk adapter (off): what code written before it builds. */
    public ContactCenterConfig(ServerConfig server, RoutingConfig routing, List<SkillConfig> skills,
                               List<QueueConfig> queues, List<AgentConfig> agents, List<ReasonCode> reasonCodes,
                               List<DispositionCode> dispositions, List<BusinessHoursConfig> businessHours,
                               StoreConfig store, SipConfig sip, List<UserConfig> users, ApiConfig api, IvrConfig ivr,
                               ChannelsConfig channels, MetricsConfig metrics) {
        this(server, routing, skills, queues, agents, reasonCodes, dispositions, businessHours, store, sip, users, api,
                ivr, channels, metrics, null);
    }

    public ContactCenterConfig withAsterisk(AsteriskConfig asterisk) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withReports(ReportsConfig reports) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withRecordings(RecordingsConfig recordings) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withCluster(ClusterConfig cluster) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withServer(ServerConfig server) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withStore(StoreConfig store) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withSip(SipConfig sip) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withUsers(List<UserConfig> users) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withApi(ApiConfig api) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withIvr(IvrConfig ivr) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withChannels(ChannelsConfig channels) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
    }

    public ContactCenterConfig withMetrics(MetricsConfig metrics) {
        return new ContactCenterConfig(server, routing, skills, queues, agents, reasonCodes, dispositions,
                businessHours, store, sip, users, api, ivr, channels, metrics, asterisk, reports, recordings, cluster);
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
        sip = sip == null ? SipConfig.DEFAULTS : sip;
        users = users == null ? List.of() : List.copyOf(users);
        api = api == null ? ApiConfig.DEFAULTS : api;
        ivr = ivr == null ? IvrConfig.BUILT_IN : ivr;
        channels = channels == null ? ChannelsConfig.BUILT_IN : channels;
        metrics = metrics == null ? MetricsConfig.DEFAULTS : metrics;
        asterisk = asterisk == null ? AsteriskConfig.DISABLED : asterisk;
        reports = reports == null ? ReportsConfig.DEFAULTS : reports;
        recordings = recordings == null ? RecordingsConfig.DEFAULTS : recordings;
        cluster = cluster == null ? ClusterConfig.DISABLED : cluster;
    }
}
