package org.openucc.store;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Collectors;
import org.openucc.board.BulletinBoard;
import org.openucc.board.KnowledgeBase;
import org.openucc.config.ConfigViolation;
import org.openucc.config.StoreConfig;
import org.openucc.crm.CaseStore;
import org.openucc.crm.CrmRules;
import org.openucc.crm.CustomerImport;
import org.openucc.crm.CustomerLookup;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.NoteStore;
import org.openucc.crm.PhoneNormalizer;
import org.openucc.crm.PinHasher;
import org.openucc.crm.TaskStore;
import org.openucc.limits.Rejections;
import org.openucc.log.InteractionLog;
import org.openucc.log.RoutingEventRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's part of the composition root: opens the database (migrating it), builds the CRM
 * stores, the interaction log with its writer thread, the screen-pop lookup and the CSV import, and
 * fills an empty store with demo data if configured. Stops in reverse order: the log writer drains
 * its queue before the pool closes.
 */
public final class StoreServices implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreServices.class);

    /**
     * How long the report sums wait for a log id below their progress to commit: far beyond a log writer's
     * transaction (one batch, milliseconds; its retries are new transactions with new ids), so what has not come by
     * then was rolled back.
     */
    public static final java.time.Duration REPORT_GAP_TIMEOUT = java.time.Duration.ofMinutes(10);

    private final Database database;
    private final CrmRules rules;
    private final JdbcCustomerStore customers;
    private final JdbcNoteStore notes;
    private final JdbcTaskStore tasks;
    private final JdbcCaseStore cases;
    private final JdbcInteractionLog interactionLog;
    private volatile org.openucc.reports.Reports reports;
    private volatile org.openucc.outbound.CampaignService campaigns;
    private final InstantSource clock;
    private final CustomerLookup lookup;
    private final CsvCustomerImporter csvImport;
    private final RoutingEventRecorder routingRecorder;
    private final DemoDataGenerator.Result demoData;
    private final JdbcBulletinBoard bulletins;
    private final JdbcKnowledgeBase knowledge;

    private StoreServices(StoreConfig config, Path dataDir, InstantSource clock, Rejections rejections,
                          java.util.function.BooleanSupplier cancelled, List<String> demoAgents) {
        this.database = Database.open(config, dataDir);
        try {
            PinHasher pins = new PinHasher();
            this.rules = new CrmRules(new PhoneNormalizer(config.phoneRegion()));
            this.clock = clock;
            this.customers = new JdbcCustomerStore(database, rules, pins, clock);
            this.notes = new JdbcNoteStore(database, rules, clock);
            this.tasks = new JdbcTaskStore(database, rules, clock);
            this.cases = new JdbcCaseStore(database, rules, clock);
            this.interactionLog = JdbcInteractionLog.start(database, clock, config.logBatchSize(),
                    config.logQueueCapacity(), rejections, config.logCommitInterval(), config.logJournal());
            this.lookup = new CustomerLookup(customers, cases, tasks, interactionLog, config.historyLength());
            this.csvImport = new CsvCustomerImporter(database, rules, pins, clock);
            this.routingRecorder = new RoutingEventRecorder(interactionLog);
            this.demoData = config.demoData()
                    ? new DemoDataGenerator(database, rules, pins, clock, demoAgents).generateIfEmpty(config.demoCustomers(),
                            cancelled)
                    : null;
            this.bulletins = new JdbcBulletinBoard(database, clock);
            this.knowledge = new JdbcKnowledgeBase(database, clock);
            if (config.demoData()) {
                DemoKnowledge.fillIfEmpty(knowledge);
            }
        } catch (RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
    }

    /**
     * Validates the config, opens and migrates the database and starts the log writer.
     *
     * @param dataDir the server's data directory ({@code ServerConfig.dataDir}); the embedded H2 file lives there
     * @param clock   the server's clock: times of records and of log events appended without one
     */
    public static StoreServices start(StoreConfig config, Path dataDir, InstantSource clock) {
        return start(config, dataDir, clock, new Rejections(), () -> false);
    }

    /**
     * As {@link #start(StoreConfig, Path, InstantSource)}, counting the log's refusals in the server's
     * {@code rejections}; {@code cancelled} turning true (the server stops while starting) makes a long demo
     * data generation give up at its next batch: nothing of it is kept, and the start fails with a
     * {@link java.util.concurrent.CancellationException}.
     */
    public static StoreServices start(StoreConfig config, Path dataDir, InstantSource clock, Rejections rejections,
                                      java.util.function.BooleanSupplier cancelled) {
        return start(config, dataDir, clock, rejections, cancelled, List.of());
    }

    /** As above; the demo history names {@code demoAgents} (the configured agents) as who handled it. */
    public static StoreServices start(StoreConfig config, Path dataDir, InstantSource clock, Rejections rejections,
                                      java.util.function.BooleanSupplier cancelled, List<String> demoAgents) {
        List<ConfigViolation> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("store configuration is invalid: "
                    + problems.stream().map(ConfigViolation::toString).collect(Collectors.joining("; ")));
        }
        return new StoreServices(config, dataDir, clock, rejections, cancelled, demoAgents);
    }

    public Database database() {
        return database;
    }

    public CrmRules rules() {
        return rules;
    }

    public CustomerStore customers() {
        return customers;
    }

    public NoteStore notes() {
        return notes;
    }

    public TaskStore tasks() {
        return tasks;
    }

    public CaseStore cases() {
        return cases;
    }

    public InteractionLog interactionLog() {
        return interactionLog;
    }

    public InteractionLogStats interactionLogStats() {
        return interactionLog.stats();
    }

    /** Every interaction-log commit from now on first runs {@code fence} in its transaction (null: none). */
    public void fenceLog(LogFence fence) {
        interactionLog.fence(fence);
    }

    /** {@code listener} is told of every interaction-log commit from now on (metrics); read-only. */
    public void onLogCommit(LogCommitListener listener) {
        interactionLog.onCommit(listener);
    }

    /** The screen pop: customer, contact, open cases and tasks, recent interactions. */
    public CustomerLookup lookup() {
        return lookup;
    }

    public CustomerImport csvImport() {
        return csvImport;
    }

    /** Set as the routing service's journal: {@code routingService.setJournal(store.routingRecorder())}. */
    public RoutingEventRecorder routingRecorder() {
        return routingRecorder;
    }

    /** The agents' bulletin board (supervisors post to it). */
    public BulletinBoard bulletins() {
        return bulletins;
    }

    /** The knowledge base of standard answers. */
    public KnowledgeBase knowledge() {
        return knowledge;
    }

    /** What the demo data generator did at start; null if demo data is off. */
    public DemoDataGenerator.Result demoData() {
        return demoData;
    }

    /**
     * Starts keeping the historical reports' sums (once): they catch up with the log in the background, then
     * follow every commit. For a single node, whose log writer is the only one.
     */
    public synchronized org.openucc.reports.Reports startReports(org.openucc.reports.ReportSettings settings) {
        org.openucc.reports.Reports r = openReports(settings, null);
        r.aggregator().start();
        return r;
    }

    /**
     * Builds the historical reports (once) without starting their sums' aggregator: in a cluster it runs on one
     * node at a time (the engine's owner), while any node reads the reports.
     *
     * @param poll how often the aggregator reads the log for other nodes' commits (null: this node writes alone)
     */
    public synchronized org.openucc.reports.Reports openReports(org.openucc.reports.ReportSettings settings,
                                                               java.time.Duration poll) {
        if (reports == null) {
            JdbcReportStore sums = new JdbcReportStore(database);
            org.openucc.reports.ReportAggregator aggregator = new org.openucc.reports.ReportAggregator(sums, settings,
                    clock, REPORT_GAP_TIMEOUT, poll);
            interactionLog.onCommit((events, nanos) -> aggregator.committed(events));
            reports = new org.openucc.reports.Reports(sums, settings, aggregator, clock);
        }
        return reports;
    }

    /**
     * Starts the campaigns' service (once): campaigns, calling lists, do-not-call lists and the record chooser.
     *
     * @param centerZone the zone of numbers whose own zone is unknown
     * @param knownQueue whether a queue id is configured (a campaign's answered calls go to one)
     */
    public synchronized org.openucc.outbound.CampaignService startCampaigns(java.time.ZoneId centerZone,
                                                                         java.util.function.Predicate<String> knownQueue) {
        if (campaigns == null) {
            campaigns = new org.openucc.outbound.CampaignService(new JdbcCampaignStore(database),
                    new JdbcDoNotCallStore(database), customers, rules.phones(),
                    new org.openucc.outbound.CampaignRules(rules.phones(), knownQueue),
                    new org.openucc.outbound.CallerTimeZones(centerZone), clock);
        }
        return campaigns;
    }

    /** The campaigns' service, once {@link #startCampaigns} ran. */
    public org.openucc.outbound.CampaignService campaigns() {
        org.openucc.outbound.CampaignService c = campaigns;
        if (c == null) {
            throw org.openucc.fault.UnavailableException.here("campaigns are not started on this server");
        }
        return c;
    }

    /** The historical reports, once {@link #startReports} ran. */
    public java.util.Optional<org.openucc.reports.Reports> reports() {
        return java.util.Optional.ofNullable(reports);
    }

    /** Stop after the routing service (so no routing event arrives after the log closed). */
    @Override
    public void close() {
        closeQuietly(null);
    }

    private void closeQuietly(RuntimeException cause) {
        try {
            if (reports != null) { // what it has not applied yet is in the log: the next start catches up
                reports.aggregator().close();
            }
        } catch (RuntimeException e) {
            log.warn("stopping the report sums failed: {}", e.toString());
        }
        try {
            if (interactionLog != null) {
                interactionLog.close();
            }
        } catch (RuntimeException e) {
            log.error("closing the interaction log failed", e);
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
        database.close();
    }
}
