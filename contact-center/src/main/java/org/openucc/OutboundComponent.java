package org.openucc;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.CampaignsConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.QueueConfig;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogPage;
import org.openucc.log.LogQuery;
import org.openucc.outbound.Campaign;
import org.openucc.outbound.CampaignService;
import org.openucc.outbound.CampaignState;
import org.openucc.outbound.CampaignStateListener;
import org.openucc.outbound.dialer.AmdAction;
import org.openucc.outbound.dialer.AttemptResult;
import org.openucc.outbound.dialer.CallingList;
import org.openucc.outbound.dialer.CampaignDialer;
import org.openucc.outbound.dialer.DialTarget;
import org.openucc.outbound.dialer.DialerCampaign;
import org.openucc.outbound.dialer.PreviewDesk;
import org.openucc.outbound.dialer.PreviewList;
import org.openucc.cti.CtiComponent;
import org.openucc.outbound.dialer.TelephonyMachineDetector;
import org.openucc.outbound.pacing.AbandonLedger;
import org.openucc.outbound.pacing.CampaignPacer;
import org.openucc.outbound.pacing.DialingMode;
import org.openucc.outbound.pacing.PacingConfig;
import org.openucc.routing.RoutingPort;
import org.openucc.telephony.AmdSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound campaigns on the built-in telephony: connects the stored campaigns ({@link CampaignService}:
 * lists, do-not-call, windows, retries) to the {@link CampaignDialer}. A campaign a supervisor starts is
 * dialled; pause and stop take effect at once; a running campaign whose list is used up is finished. At
 * start-up, records a crash left DIALING go back to the list, each running campaign's 30-day abandon
 * ledger is rebuilt from the interaction log, and running campaigns dial again.
 *
 * <p>In a cluster the dialer and the preview desk run once, on the engine's owner ({@link Singletons}): a campaign
 * started, paused or stopped through any node is stored, and the owner's pacer is told; a new owner takes up the
 * running campaigns as a restart does.
 */
public final class OutboundComponent implements Lifecycle, CampaignStateListener {
    private static final Logger log = LoggerFactory.getLogger(OutboundComponent.class);

    private final ContactCenterConfig config;
    private final RoutingPort routing;
    private final StoreComponent store;
    private final SipComponent sip;
    private final AsteriskComponent asterisk;
    private final ThreadPools pools;
    private final InstantSource clock;
    private final PreviewConsole previewConsole;
    private final CtiComponent cti;
    private final org.openucc.voice.AgentDialers dialers;
    private volatile CampaignDialer dialer;
    private volatile PreviewDesk previews;
    private volatile ExecutorService previewWorkers;
    private volatile boolean viaAsterisk;
    private volatile CampaignService campaigns;
    private volatile ScheduledExecutorService timers;
    private volatile ExecutorService workers;
    private volatile ExecutorService owners;
    /** Where the dialer runs (in a cluster: on the engine's owner only). */
    private volatile Singletons singletons = Singletons.thisNodeOnly();
    private final List<Singletons.Registration> once = new java.util.ArrayList<>();
    /** On every node: how this node reaches the dialer when another node runs it. */
    private final CampaignDoors doors;
    /**
     * Campaigns dial through Asterisk when it is enabled with {@code asterisk.outbound} (its trunks, its AMD()),
     * else through the built-in stack's {@code sip.trunks}.
     *
     * Previews ring the agent on the telephony carrying their phone ({@code dialers}).
     *
     * @param cti where preview campaigns show records to agents and take their commands (null: no previews)
     */
    public OutboundComponent(ContactCenterConfig config, RoutingPort routing, StoreComponent store, SipComponent sip,
                             AsteriskComponent asterisk, org.openucc.voice.AgentDialers dialers, CtiComponent cti,
                             ThreadPools pools, InstantSource clock) {
        this.dialers = dialers;
        this.asterisk = asterisk;
        this.cti = cti;
        this.doors = new CampaignDoors(() -> singletons, () -> campaigns, () -> dialer, () -> previews,
                this::previewConsole, this);
        this.previewConsole = cti == null ? null
                : new PreviewConsole(cti::agentStreams, () -> previews, command -> previewWorkers.execute(command), doors);
        if (cti != null) {
            cti.addChannelCommands(previewConsole);
        }
        this.config = config;
        this.routing = routing;
        this.store = store;
        this.sip = sip;
        this.pools = pools;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "outbound";
    }

    /** In a cluster (set before start): the dialer runs where {@code singletons} runs it (the engine's owner). */
    public void runOnceIn(Singletons singletons) {
        this.singletons = singletons;
    }

    @Override
    public void start() {
        campaigns = store.services().campaigns();
        campaigns.liveFrom(doors::live);
        campaigns.addListener(doors); // a change made through this node reaches the dialer's node
        once.addAll(doors.serve());
        if (previewConsole != null) {
            cti.agentStreams().whenJoined(previewConsole::reshow); // on every node: consoles join anywhere
        }
        once.add(singletons.run(new Singletons.Singleton() {
            @Override
            public String name() {
                return "campaigns";
            }

            @Override
            public void start(org.openucc.recovery.RecoveryReport takeover) {
                startDialing();
            }

            @Override
            public void stop() {
                stopDialing();
            }
        }));
    }

    /** The dialer and preview desk start here: running campaigns dial again (after a crash, a restart, a failover). */
    private synchronized void startDialing() {
        timers = pools.scheduled("dialer-timers");
        workers = pools.fixed("dialer-io", 2);
        owners = pools.fixed("dialer", 2);
        InteractionLog interactionLog = store.services().interactionLog();
        viaAsterisk = asterisk != null && asterisk.enabled() && config.asterisk().outbound() != null
                && config.asterisk().outbound().enabled();
        dialer = new CampaignDialer(routing, viaAsterisk ? asterisk.telephony() : sip.telephony(),
                viaAsterisk ? asterisk.flow() : sip.voiceFlow(), interactionLog,
                new StoredList(campaigns), new TelephonyMachineDetector(AmdSettings.defaults()), this::pacer,
                this::queue, timers, workers, owners, clock);
        log.info("campaigns dial through {}", viaAsterisk ? "Asterisk (asterisk.outbound)" : "the built-in SIP stack's trunks");
        dialer.onListEmpty(this::listUsedUp);
        if (previewConsole != null) {
            previewWorkers = pools.fixed("preview", 2);
            previews = new PreviewDesk(routing, this::dialAgentFirst, new StoredPreviewList(campaigns), previewConsole,
                    interactionLog, this::queue, timers, previewWorkers, clock, config.channels().campaigns().previewTimeout(),
                    Duration.ofSeconds(1));
            previews.onListEmpty(this::listUsedUp);
            if (config.routing().missedOffersBeforeNotReady() > 0) {
                previews.notReadyWhenExpired(config.routing().missedReasonCode());
            }
        }
        campaigns.addListener(this);
        for (Campaign c : campaigns.list()) {
            int back = campaigns.recoverDialing(c.id());
            if (back > 0) {
                log.info("campaign {}: {} records that were being dialled when the server stopped go back to the list",
                        c.id(), back);
            }
            if (c.state() == CampaignState.RUNNING) {
                run(c);
            }
        }
    }

    @Override
    public void stop() {
        for (int i = once.size() - 1; i >= 0; i--) {
            once.get(i).close();
        }
        once.clear();
        if (campaigns != null) {
            campaigns.removeListener(doors);
        }
        stopDialing();
    }

    /** The dialer stops here (another node dials now, or the server stops): its calls in progress end with it. */
    private synchronized void stopDialing() {
        if (campaigns != null) {
            campaigns.removeListener(this);
        }
        PreviewDesk p = previews;
        CampaignDialer d = dialer;
        previews = null;
        dialer = null;
        if (p != null) {
            p.close();
        }
        if (d != null) {
            d.close();
        }
        ThreadPools.shutDown(previewWorkers);
        ThreadPools.shutDown(timers);
        ThreadPools.shutDown(owners);
        ThreadPools.shutDown(workers);
        previewWorkers = null;
        timers = null;
        owners = null;
        workers = null;
    }

    @Override
    public ComponentHealth health() {
        if (campaigns == null) {
            return ComponentHealth.down("not started");
        }
        CampaignDialer d = dialer;
        return ComponentHealth.up(d == null
                ? Map.of("dialer", "on the engine's owner (campaigns started through this node are told to it)")
                : Map.of("dialer", "here", "running", d.runningCount()));
    }

    private PreviewConsole previewConsole() {
        return previewConsole;
    }

    /** The dialer (after start): live figures of running campaigns. */
    public CampaignDialer dialer() {
        return dialer;
    }

    /** The preview campaigns' desk (after start; null without the CTI bridge). */
    public PreviewDesk previews() {
        return previews;
    }

    /**
     * Every campaign runs on the dialer (a preview one places no calls there but keeps its live figures); a
     * preview campaign's records are shown to agents by the preview desk.
     */
    private void run(Campaign c) {
        DialerCampaign s = settings(c);
        dialer.start(s);
        if (s.mode() == DialingMode.PREVIEW && previews != null) {
            previews.start(s);
        }
    }

    @Override
    public void stateChanged(Campaign campaign, CampaignState from, CampaignState to) {
        CampaignDialer d = dialer;
        if (d == null) {
            return;
        }
        PreviewDesk p = previews;
        switch (to) {
            case RUNNING -> run(campaign);
            case PAUSED -> {
                d.pause(campaign.id());
                if (p != null) {
                    p.stop(campaign.id());
                }
            }
            case STOPPED, FINISHED -> {
                d.stop(campaign.id());
                if (p != null) {
                    p.stop(campaign.id());
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void settingsChanged(Campaign campaign) {
        CampaignDialer d = dialer;
        if (d != null && campaign.state() == CampaignState.RUNNING) {
            run(campaign); // a running campaign takes its new settings
        }
    }

    private java.util.concurrent.CompletionStage<org.openucc.voice.DialOutcome> dialAgentFirst(String interactionId,
            String agentId, String customerUri, String callerId, Duration ringTimeout) {
        // On the telephony carrying the agent's phone; the record's number (E.164) suits both (trunks).
        org.openucc.voice.AgentDialers.Route v = dialers.forAgent(agentId);
        if (v.dialer() == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new org.openucc.voice.DialOutcome.Failed("FAILED", v.refusal()));
        }
        return v.dialer().dialAgentFirst(interactionId, agentId, customerUri, v.callerId(callerId), ringTimeout);
    }

    private void listUsedUp(String campaignId) {
        ExecutorService w = workers;
        if (w == null) {
            return; // the dialer stopped here; the node that dials now finishes the campaign
        }
        w.execute(() -> {
            try {
                var figures = campaigns.figures(campaignId, clock.instant());
                if (figures.left() == 0 && figures.state() == CampaignState.RUNNING) {
                    campaigns.finish(campaignId);
                    log.info("campaign {}: every record has its outcome; finished", campaignId);
                }
            } catch (RuntimeException e) {
                log.debug("campaign {}: not finished: {}", campaignId, e.toString());
            }
        });
    }

    private Optional<QueueConfig> queue(String queueId) {
        return config.queues().stream().filter(q -> q.id().equals(queueId)).findFirst();
    }

    static DialerCampaign settings(Campaign c) {
        var s = c.settings();
        return new DialerCampaign(c.id(), s.name(), DialingMode.valueOf(s.mode().name()), s.queueId(), s.callerId(),
                Duration.ofSeconds(s.ringTimeoutSeconds()), s.abandonLimitPercent(), Duration.ofSeconds(2),
                AmdAction.valueOf(s.amdMode().name()), s.identificationPromptId(), s.amdMessagePromptId(), null, 100,
                List.of());
    }

    /** A running campaign's pacer, its 30-day abandon ledger rebuilt from the log's DIAL_ATTEMPT events. */
    private CampaignPacer pacer(DialerCampaign c) {
        ZoneId zone = config.reports().timeZone();
        double limit = c.abandonLimitPercent() / 100.0;
        CampaignsConfig all = config.channels().campaigns();
        PacingConfig pacing = PacingConfig.defaults(c.mode(), zone).withAbandonLimit(limit, limit * all.targetShareOfLimit())
                .withRingTimeout(c.ringTimeout()).withInboundWaitThreshold(all.inboundWaitThreshold())
                .withWarmUpLiveAnswers(all.warmUpAnswers()).withMaxLinesPerAgent(all.maxLinesPerAgent());
        AbandonLedger ledger = AbandonLedger.of(pacing);
        seed(ledger, c, zone);
        return new CampaignPacer(pacing, ledger, clock);
    }

    private void seed(AbandonLedger ledger, DialerCampaign c, ZoneId zone) {
        Instant from = clock.instant().minus(Duration.ofDays(AbandonLedger.WINDOW_DAYS + 1));
        Map<LocalDate, long[]> days = new HashMap<>();
        InteractionLog interactionLog = store.services().interactionLog();
        Long cursor = null;
        int pages = 0;
        do {
            LogPage page = interactionLog.events(new LogQuery(null, null, c.queueId(), null,
                    EnumSet.of(LogEventType.DIAL_ATTEMPT), from, null, cursor, LogQuery.MAX_LIMIT, false));
            for (LogEvent e : page.events()) {
                if (!c.id().equals(e.detail("campaignId"))) {
                    continue;
                }
                Object result = e.detail("result");
                boolean abandoned = AttemptResult.ABANDONED.name().equals(result);
                boolean answered = abandoned || AttemptResult.CONNECTED.name().equals(result);
                if (answered) {
                    long[] n = days.computeIfAbsent(LocalDate.ofInstant(e.at(), zone), d -> new long[2]);
                    n[0]++;
                    n[1] += abandoned ? 1 : 0;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null && ++pages < 10_000);
        Map<LocalDate, long[]> sorted = new java.util.TreeMap<>(days);
        sorted.forEach((day, n) -> ledger.addDay(day, n[0], n[1]));
        if (!days.isEmpty()) {
            log.info("campaign {}: abandon ledger rebuilt from the log: {} days", c.id(), days.size());
        }
    }

    /** The stored list behind the preview desk's port. */
    private record StoredPreviewList(CampaignService campaigns) implements PreviewList {
        @Override
        public List<PreviewRecord> next(String campaignId, Instant now, int max) {
            return campaigns.nextToDial(campaignId, now, max).stream()
                    .map(r -> new PreviewRecord(r.id(), r.phone(), r.name(), r.customerId(), r.fields(), r.attempts()))
                    .toList();
        }

        @Override
        public void outcome(String recordId, String outcome, String detail, Instant now, Instant retryAt) {
            campaigns.recordOutcome(recordId, outcome, detail, now, retryAt);
        }

        @Override
        public void release(String recordId, String outcome, String detail, Instant now, Instant dueAt) {
            campaigns.release(recordId, outcome, detail, now, dueAt);
        }

        @Override
        public String callbackAgent(String recordId) {
            return campaigns.callbackAgent(recordId);
        }

        @Override
        public void callbackAgent(String recordId, String agentId) {
            campaigns.callbackAgent(recordId, agentId);
        }
    }

    /** The stored list behind the dialer's port. */
    private record StoredList(CampaignService campaigns) implements CallingList {
        @Override
        public List<DialTarget> nextToDial(String campaignId, Instant now, int max) {
            return campaigns.nextToDial(campaignId, now, max).stream()
                    .map(r -> new DialTarget(r.id(), r.phone(), r.customerId(), r.name(), r.attempts()))
                    .toList();
        }

        @Override
        public void outcome(String campaignId, String recordId, AttemptResult result, String disposition,
                            String detail, Instant now) {
            String outcome = disposition != null ? disposition : switch (result) {
                case BUSY, REJECTED -> "BUSY";
                case NO_ANSWER, HUNG_UP -> "NO_ANSWER";
                case MACHINE -> "MACHINE";
                case ABANDONED -> "ABANDONED";
                case CONNECTED -> "CONNECTED";
                case FAILED, LOST -> "FAILED";
            };
            campaigns.recordOutcome(recordId, outcome, result.name() + ": " + detail, now);
        }
    }
}
