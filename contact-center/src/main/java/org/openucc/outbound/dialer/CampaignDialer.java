package org.openucc.outbound.dialer;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.config.QueueConfig;
import org.openucc.crm.Ids;
import org.openucc.log.InteractionLog;
import org.openucc.outbound.pacing.CampaignPacer;
import org.openucc.routing.AgentView;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.routing.RoutingPort;
import org.openucc.telephony.Telephony;
import org.openucc.voice.VoiceQueueFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaigns' dialer: runs every started campaign ({@link CampaignRun}: pacing ticks, customer-first
 * calls over the telephony's trunks, answering-machine detection, the abandon rule) and hands the ACD's
 * events about its calls to the campaign they belong to. A person's answered call is the voice flow's
 * like any inbound call (queued, offered, bridged, recorded, controlled from the console); the dialer
 * only watches it to learn when an agent joined, when the conversation ended and which disposition
 * closed it. Preview campaigns place no calls here: their agents dial from the console ({@link PreviewDesk}).
 */
public final class CampaignDialer implements RoutingEventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CampaignDialer.class);
    /** How often a running campaign's pacing looks again (it also looks on every event it learns of). */
    public static final long TICK_MILLIS = 200;

    private final RoutingPort routing;
    private final Telephony telephony;
    private final VoiceQueueFlow voice;
    private final InteractionLog interactionLog;
    private final CallingList list;
    private final MachineDetector machines;
    private final Function<DialerCampaign, CampaignPacer> pacers;
    private final Function<String, Optional<QueueConfig>> queues;
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private final Executor pool;
    private final InstantSource clock;
    private final Ids ids;
    private final Map<String, CampaignRun> runs = new ConcurrentHashMap<>();
    private final Map<String, CampaignRun> byInteraction = new ConcurrentHashMap<>();
    private volatile Consumer<String> onListEmpty = id -> { };
    private volatile boolean closed;

    public CampaignDialer(RoutingPort routing, Telephony telephony, VoiceQueueFlow voice, InteractionLog interactionLog,
                          CallingList list, MachineDetector machines, Function<DialerCampaign, CampaignPacer> pacers,
                          Function<String, Optional<QueueConfig>> queues,
                          ScheduledExecutorService timers, ExecutorService workers, Executor pool, InstantSource clock) {
        this.routing = routing;
        this.telephony = telephony;
        this.voice = voice;
        this.interactionLog = interactionLog;
        this.list = list;
        this.machines = machines;
        this.pacers = pacers;
        this.queues = queues;
        this.timers = timers;
        this.workers = workers;
        this.pool = pool;
        this.clock = clock;
        this.ids = new Ids(clock);
        routing.addListener(this);
    }

    /** Told (with the campaign id) when a running campaign finds no record due and has no call in flight. */
    public void onListEmpty(Consumer<String> listener) {
        this.onListEmpty = listener;
    }

    /** Starts dialling for {@code campaign} (or resumes a paused one, with its settings updated). */
    public void start(DialerCampaign campaign) {
        if (closed) {
            throw new IllegalStateException("the dialer is stopped");
        }
        CampaignRun existing = runs.get(campaign.id());
        if (existing != null && existing.state() != CampaignRun.State.STOPPED) {
            existing.update(campaign);
            existing.resume();
            return;
        }
        SerialExecutor owner = new SerialExecutor(pool, "campaign " + campaign.id(), Map.of("campaign", campaign.id()));
        CampaignRun run = new CampaignRun(this, campaign, pacers.apply(campaign), owner);
        runs.put(campaign.id(), run);
        run.start(TICK_MILLIS);
        log.info("campaign {} ({}) dialling in {} mode into queue {}", campaign.id(), campaign.name(), campaign.mode(),
                campaign.queueId());
    }

    /** No new calls until {@link #start}; calls in flight go on. */
    public void pause(String campaignId) {
        CampaignRun run = runs.get(campaignId);
        if (run != null) {
            run.pause();
        }
    }

    /** No new calls; ringing numbers are cancelled; conversations go on to their end. */
    public CompletionStage<Void> stop(String campaignId) {
        CampaignRun run = runs.get(campaignId);
        if (run == null) {
            return CompletableFuture.completedFuture(null);
        }
        return run.stop();
    }

    /** Campaigns dialling now (not paused or stopped). */
    public int runningCount() {
        return (int) runs.values().stream().filter(r -> r.state() == CampaignRun.State.RUNNING).count();
    }

    public boolean running(String campaignId) {
        CampaignRun run = runs.get(campaignId);
        return run != null && run.state() == CampaignRun.State.RUNNING;
    }

    /** The campaign's live figures; empty when it never ran on this server. */
    public CompletionStage<Optional<DialerFigures>> figures(String campaignId) {
        CampaignRun run = runs.get(campaignId);
        if (run == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<Optional<DialerFigures>> f = new CompletableFuture<>();
        run.execute(() -> f.complete(Optional.of(run.figures())));
        return f;
    }

    @Override
    public void close() {
        closed = true;
        routing.removeListener(this);
        runs.values().forEach(CampaignRun::stop);
    }

    // ------------------------------------------------------------------ the ACD's events

    @Override
    public void accept(RoutingEvent event) {
        String id = interactionOf(event);
        if (id == null) {
            return;
        }
        CampaignRun run = byInteraction.get(id);
        if (run != null) {
            run.execute(() -> {
                CampaignRun.Attempt a = run.attempt(id);
                if (a != null) {
                    run.onRouting(event, a);
                }
            });
        }
    }

    private static String interactionOf(RoutingEvent ev) {
        if (ev instanceof RoutingEvent.InteractionConnected c) {
            return c.interactionId();
        } else if (ev instanceof RoutingEvent.InteractionAbandoned a) {
            return a.interactionId();
        } else if (ev instanceof RoutingEvent.InteractionEnded e) {
            return e.interactionId();
        } else if (ev instanceof RoutingEvent.WrapUpEnded w) {
            return w.interactionId();
        }
        return null;
    }

    // ------------------------------------------------------------------ what the runs share

    void track(String interactionId, CampaignRun run) {
        byInteraction.put(interactionId, run);
    }

    void untrack(String interactionId) {
        byInteraction.remove(interactionId);
    }

    void listEmpty(CampaignRun run) {
        try {
            onListEmpty.accept(run.campaign().id());
        } catch (RuntimeException e) {
            log.warn("campaign {}: list-empty listener failed: {}", run.campaign().id(), e.toString());
        }
    }

    /** Whether the agent has every skill the queue requires, at its level. */
    static boolean serves(AgentView agent, QueueConfig queue) {
        if (queue.skills() == null) {
            return true;
        }
        for (Map.Entry<String, Integer> need : queue.skills().entrySet()) {
            Integer has = agent.skills().get(need.getKey());
            if (has == null || has < need.getValue()) {
                return false;
            }
        }
        return true;
    }

    void submit(Executor owner, Runnable task) {
        try {
            owner.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("dialer stopped; dropped a task");
        }
    }

    RoutingPort routing() {
        return routing;
    }

    Telephony telephony() {
        return telephony;
    }

    VoiceQueueFlow voice() {
        return voice;
    }

    InteractionLog log() {
        return interactionLog;
    }

    CallingList list() {
        return list;
    }

    MachineDetector machines() {
        return machines;
    }

    Optional<QueueConfig> queue(String queueId) {
        return queues.apply(queueId);
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    ExecutorService workers() {
        return workers;
    }

    InstantSource clock() {
        return clock;
    }

    Ids ids() {
        return ids;
    }

    static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
