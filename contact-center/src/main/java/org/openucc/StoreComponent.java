package org.openucc;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import org.openucc.fault.UnavailableException;
import org.openucc.limits.Rejections;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingJournal;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openucc.config.ContactCenterConfig;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingEventSink;
import org.openucc.store.InteractionLogStats;
import org.openucc.store.StoreServices;

/**
 * The CRM store and the interaction log as a server component. Started before the ACD and stopped
 * after it, so every routing event reaches the log and the log drains before the database closes. It
 * is the ACD's {@link RoutingJournal}: routing events are durable in the log before they are dispatched.
 */
public final class StoreComponent implements Lifecycle, RoutingEventSink, RoutingJournal {
    /** How often the report sums read the shared log for other nodes' commits (a cluster). */
    static final Duration REPORT_POLL = Duration.ofMillis(500);

    private final ContactCenterConfig config;
    private final InstantSource clock;
    private final Rejections rejections;
    private volatile StoreServices services;
    /** Where the report sums run once in a cluster (null: here, from start to stop). */
    private volatile Singletons reportsOnce;
    private volatile Singletons.Registration reportsRunning;
    /** Set when the server stops during start-up: the demo data generation gives up at its next batch. */
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** @param rejections the server's count of refusals (the log refuses requests while it is behind or cannot write) */
    public StoreComponent(ContactCenterConfig config, InstantSource clock, Rejections rejections) {
        this.config = config;
        this.clock = clock;
        this.rejections = rejections;
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
        services = StoreServices.start(config.store(), Path.of(config.server().dataDir()), clock, rejections,
                cancelled::get, config.agents().stream().map(org.openucc.config.AgentConfig::id).toList());
        Singletons once = reportsOnce;
        if (once == null) {
            services.startReports(org.openucc.reports.ReportSettings.of(config)); // catches up in the background
        } else {
            org.openucc.reports.ReportAggregator sums = services.openReports(org.openucc.reports.ReportSettings.of(config),
                    REPORT_POLL).aggregator();
            reportsRunning = once.run(new Singletons.Singleton() {
                @Override
                public String name() {
                    return "report-sums";
                }

                @Override
                public void start(org.openucc.recovery.RecoveryReport takeover) {
                    sums.start(); // resumes from the stored progress and its gaps
                }

                @Override
                public void stop() {
                    sums.stop();
                }
            });
        }
        services.startCampaigns(config.reports().timeZone(),
                id -> config.queues().stream().anyMatch(q -> q.id().equals(id)
                        && q.channels().contains(org.openucc.interaction.Channel.OUTBOUND_VOICE)));
    }

    /**
     * In a cluster (set before start): the report sums are made by one node at a time, where {@code singletons}
     * runs them (the engine's owner); they read every node's commits from the shared log. Reports answer on any node.
     */
    public void runReportsOnceIn(Singletons singletons) {
        this.reportsOnce = singletons;
    }

    @Override
    public void cancelStart() {
        cancelled.set(true);
    }

    @Override
    public void stop() {
        Singletons.Registration r = reportsRunning;
        reportsRunning = null;
        if (r != null) {
            r.close();
        }
        StoreServices s = services;
        services = null;
        if (s != null) {
            s.close();
        }
    }

    /** Each command's routing events, queued for the log as one append; completes once durable. */
    @Override
    public CompletableFuture<Void> record(List<RoutingEvent> events) {
        StoreServices s = services;
        if (s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the store is not started; routing events "
                    + events + " are not stored"));
        }
        return s.routingRecorder().record(events);
    }

    @Override
    public void admit(RoutingCommand<?> command) {
        StoreServices s = services;
        if (s == null) {
            rejections.count("log", "store-down");
            throw UnavailableException.here("the store is not running; nothing was changed", Duration.ofSeconds(5));
        }
        s.routingRecorder().admit(command);
    }

    /** Routing events go to the interaction log (queued; for a service that has no journal set). */
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
        d.put("logQueuedEvents", stats.queuedEvents());
        d.put("logQueueCapacity", stats.queueCapacity());
        d.put("logFailures", stats.failedEvents());
        d.put("logCommitMicros", stats.lastCommitMicros());
        d.put("logCommits", stats.batches());
        d.put("logCommitsGathered", stats.gatheredCommits());
        d.put("logJournalBytes", stats.journalBytes());
        d.put("logJournalCheckpoints", stats.journalCheckpoints());
        d.put("logCdrRowsUnchanged", stats.cdrRowsUnchanged());
        s.reports().ifPresent(r -> {
            if (!r.aggregator().running()) {
                d.put("reportsMadeBy", "the engine's owner");
                return;
            }
            d.put("reportsThrough", r.aggregator().through());
            if (r.aggregator().gapCount() > 0) {
                d.put("reportsAwaitedIds", r.aggregator().gapCount());
            }
            if (r.aggregator().failure() != null) {
                d.put("reportsFailure", r.aggregator().failure());
            }
        });
        if (!stats.writing()) {
            // Nothing acknowledged is lost: the writer keeps what waits and retries; requests are refused meanwhile.
            d.put("reason", "interaction log cannot write: " + stats.writeFailure());
            d.put("logRetries", stats.retries());
            return new ComponentHealth(ComponentHealth.Status.DOWN, d);
        }
        return ComponentHealth.up(d);
    }
}
